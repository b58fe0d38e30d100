#include "jobs/score/fold_checks.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <string>

#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"

namespace basketgap {
namespace {

// `lacks`: what the fold has not; `fix`: what to change.
void refuse(const ScoringInput& in, std::int32_t validation_day, const std::string& lacks, const Comm& comm,
            const std::string& fix = "give a later --as-of") {
  const std::string what =
      fmt::format("the blend's validation fold (features as of day {}, purchases of days {}) has {}",
                  validation_day, day_span(validation_day + 1, in.as_of), lacks);
  if (in.require_fitted_blend)
    throw UsageError(what + ": " + fix + ", set learn_blend = false, or --allow-default-blend")
        .raised_on_all_ranks();
  if (comm.is_root()) spdlog::warn("score/fit: {}: the default blend is used", what);
}

}  // namespace

bool validation_fold_fits(const ScoringInput& in, const TrainingSample& sample, std::int64_t samples,
                          std::int32_t validation_day, const engine::ScoreConfig& config, const Comm& comm) {
  if (samples == 0) {
    // The sample takes at least one household of those with history: there are none.
    refuse(in, validation_day, "no samples", comm);
    return false;
  }
  // A blend fitted on no purchase learns nothing but to score everything low.
  std::int64_t bought = 0;
  for (const PackedSamples& part : sample.parts)
    bought += std::count_if(part.labels.begin(), part.labels.end(), [](std::uint8_t y) { return y != 0; });
  if (comm.allreduce(bought, ReduceOp::sum) > 0) return true;
  refuse(in, validation_day,
         fmt::format("no purchase among its {} candidates (no rows in those days?)", samples), comm);
  return false;
}

}  // namespace basketgap
