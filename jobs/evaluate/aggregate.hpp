// Rank 0's half of `evaluate`: per-household records gathered in household order (so the
// sums, and the JSON, are the same bytes for any rank count) turned into the Result.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/metrics.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// One evaluated household (travels over MPI as bytes: no padding).
struct HouseholdFact {
  std::int32_t truth = 0;         // distinct products in the window
  std::int32_t truth_before = 0;  // of which bought on or before T
  std::int32_t baskets = 0;       // distinct baskets on or before T
  std::int32_t lines = 0;         // purchase lines on or before T
};

// One system's outcome for one evaluated household (no padding either).
struct OutcomeRecord {
  std::int32_t hits = 0, repeat_hits = 0, listed = 0, unused = 0;
  double ndcg = 0;
  static OutcomeRecord from(const engine::ListOutcome& o) {
    return {o.hits, o.repeat_hits, o.listed, 0, o.ndcg};
  }
  engine::ListOutcome outcome() const { return {hits, repeat_hits, listed, ndcg}; }
};

// Fills evaluated, mean_truth, truth_bought_before, segments, systems (name, overall,
// intervals, by_segment) and versus of `result`; `coverage[s]` is system s's catalogue coverage.
void aggregate(const std::vector<HouseholdFact>& facts,
               const std::vector<std::vector<OutcomeRecord>>& outcomes,
               const std::vector<std::string>& systems, const std::vector<std::int64_t>& coverage, int k,
               Result& result);

}  // namespace basketgap::evaluate
