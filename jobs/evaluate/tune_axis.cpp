#include "jobs/evaluate/tune_axis.hpp"

#include <spdlog/spdlog.h>

#include <optional>

#include "engine/intervals.hpp"

namespace basketgap::evaluate {

std::pair<engine::ScoreConfig, std::vector<double>> search_axis(const std::vector<AxisOption>& axis,
                                                                const engine::ScoreConfig& start,
                                                                const std::vector<double>& start_ndcg,
                                                                const Judge& judge,
                                                                std::vector<TuningStep>& steps, bool log) {
  engine::ScoreConfig axis_best = start;
  std::vector<double> axis_ndcg = start_ndcg;
  std::optional<std::size_t> axis_kept;  // the step kept on this axis so far
  for (const AxisOption& option : axis) {
    engine::ScoreConfig candidate = start;
    option.apply(candidate);
    if (candidate == start) continue;  // the config already has it (the default ranker, ...)
    const std::vector<double> ndcg = judge(candidate);
    // Against the axis's best so far, not its start: a later option must beat a kept one.
    const engine::Difference gain = engine::paired_difference(ndcg, axis_ndcg);
    const bool better = gain.ci_low > 0;  // false when NaN (too few households)
    steps.push_back({option.label, engine::mean_variance(ndcg).mean, better, gain});
    if (log)
      spdlog::info("evaluate/tune: {:<24} validation NDCG@{} {:.4f}, {:+.4f} (95% CI {:+.4f} to {:+.4f}){}",
                   option.label, start.k, steps.back().validation_ndcg, gain.estimate, gain.ci_low,
                   gain.ci_high, better ? "  (kept)" : "");
    if (better) {
      if (axis_kept) steps[*axis_kept].kept = false;  // superseded
      axis_kept = steps.size() - 1;
      axis_best = candidate;
      axis_ndcg = ndcg;
    }
  }
  return {axis_best, axis_ndcg};
}

}  // namespace basketgap::evaluate
