// The samples the blend and the tree ranker are fitted on: one per candidate of each sampled
// household, its features as of a validation day and its label a purchase in the
// validation_window_days after it.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/candidates.hpp"
#include "engine/history.hpp"
#include "engine/logistic_sums.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/household_sample.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/second_stage_samples.hpp"

namespace basketgap {

class Comm;

inline bool has_history(const engine::HistoryBlock& block, std::int64_t h, std::int32_t as_of) {
  return block.end(h) > block.begin(h) && block.day(block.begin(h)) <= as_of;
}

// The external ids of this rank's households with a purchase on or before `as_of`: those a
// household sample draws from.
std::vector<std::int64_t> ids_with_history(const engine::HistoryBlock& block,
                                           const std::vector<std::int64_t>& ids, std::int32_t as_of);

// One training example per candidate of each sampled household, as of the
// validation day.
struct TrainingSet {
  std::vector<float> features;  // row-major [samples x kFeatureCount]
  std::vector<std::uint8_t> labels;
  std::vector<std::size_t> group_end;     // end sample of each household, in household order
  std::vector<std::int64_t> group_id;     // each household's external id
  std::vector<std::int32_t> group_truth;  // each household's distinct products bought in the window
  std::size_t size() const { return labels.size(); }
};

// A view of the set for the second stages' fits (tree_fit.hpp).
inline SecondStageView view_of(const TrainingSet& set) {
  return {set.features, set.labels, set.group_end, set.group_id};
}

// Appends `from`'s samples and households after `to`'s.
void append(TrainingSet& to, const TrainingSet& from);

// The same for consecutive households, with only each sample's non-zero features stored
// (engine::pack_features: 12 of 21 on average), for the blend's Newton steps.
struct PackedSamples {
  std::vector<float> values;           // each sample's non-zero features in feature order
  std::vector<std::uint32_t> nonzero;  // per sample: which features are in `values`
  std::vector<std::uint8_t> labels;
  std::vector<std::uint8_t> popular;          // per sample: a popular candidate (never bought, no tie)
  std::vector<std::size_t> group_end;         // end sample of each household, in household order
  std::vector<std::int32_t> group_truth;      // each household's distinct products bought in the window
  std::vector<std::size_t> group_values_end;  // end of each household's packed values
  std::vector<std::int64_t> group_id;         // each household's external id
  std::size_t size() const { return labels.size(); }
};

// A sample as the threads collected it: packed parts of consecutive households (a household
// never spans two), in household order. Kept in parts, never concatenated, so that the sample
// is not held twice at its peak (hundreds of MB at a million households).
struct TrainingSample {
  std::vector<PackedSamples> parts;
  std::size_t size() const;        // samples
  std::size_t households() const;  // groups
};

// The same households without their popular candidates (PackedSamples::popular), for the blend
// fitted on what scores a night without them (jobs/score/model_choice.hpp); a household left
// with no sample is left out.
TrainingSample without_popular(const TrainingSample& sample);

// The context of a fold: global statistics and neighbours as of `day`, with the product facts.
// Collective.
engine::ScoringContext fold_context(const ScoringInput& in, std::int32_t day,
                                    const engine::ScoreConfig& config, const Comm& comm,
                                    PopulationCounts* counted = nullptr);

// The seed of the fit's household samples under `key`: key 1 is the first fold's, each key
// another sample (jobs/score/household_sample.hpp).
std::uint64_t training_sample_seed(int key);

// The samples of the fold whose features are as of context.as_of, of exactly `households` of
// the households with history (all of them if fewer; a HouseholdSample: independent of ranks),
// in household order. `sample_key` > 1 keys the hash differently (the blend's later folds: other
// households than the first fold's). Collective.
// `dump_path` (the blend's fold, for the offline quality lab): each sample also written to that
// file, `.rank<r>` appended with several ranks (jobs/score/lab_dump.hpp).
TrainingSample training_fold(const ScoringInput& in, const engine::ScoringContext& context,
                             std::int64_t households, const engine::ScoreConfig& config, const Comm& comm,
                             int sample_key = 1, const char* dump_path = nullptr);

// Each household's `count` best samples by the blend's logit (ties: the earlier sample), of
// the households `households` includes (every one by default); without the popular candidates
// when `leave_out_popular` (a night that leaves them out ranks the others only).
TrainingSet best_by_blend(const TrainingSample& sample, const engine::BlendModel& blend, int count,
                          const HouseholdSample& households = {}, bool leave_out_popular = false);

}  // namespace basketgap
