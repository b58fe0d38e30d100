// The samples a second stage ([score] ranker = "trees" or "pairwise_linear") is fitted on:
// each rank's, gathered on one rank (rank 0 unless told) in household-id order, so that the fit sees the same
// rows in the same order whatever the rank count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/blend_model.hpp"

namespace basketgap {

class Comm;

// This rank's training samples, grouped by household.
struct SecondStageView {
  std::span<const float> features;         // row-major [samples x kFeatureCount]
  std::span<const std::uint8_t> labels;    // one per sample
  std::span<const std::size_t> group_end;  // end sample of each household
  std::span<const std::int64_t> group_id;  // each household's external id
};

// Every rank's samples on rank `on_rank` (empty on the others), households in id order (stable: a
// household's folds keep their order, each rank holds them in fold order), with the blend's
// logit of each sample.
struct GatheredSamples {
  std::vector<float> features;
  std::vector<std::uint8_t> labels;
  std::vector<double> blend_logit;
  std::vector<std::size_t> group_end;
  std::size_t size() const { return labels.size(); }
};

// Collective.
GatheredSamples gather_in_household_order(const SecondStageView& local, const engine::BlendModel& blend,
                                          const Comm& comm, int on_rank = 0);

}  // namespace basketgap
