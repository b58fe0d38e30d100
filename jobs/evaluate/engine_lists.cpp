#include "jobs/evaluate/engine_lists.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>

#include "engine/backtest_split.hpp"
#include "engine/metrics.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/pipeline.hpp"

namespace basketgap::evaluate {

engine::CouponTable score_with_engine(const engine::HistoryBlock& up_to,
                                      const std::vector<std::int64_t>& household_ids, std::int64_t products,
                                      std::int32_t as_of, const engine::ScoreConfig& config,
                                      const Comm& comm) {
  ScoringInput input{&up_to, &household_ids, products, as_of};
  const ScoringOutput out = run_scoring(input, config, comm);
  // Spread the eligible rows back to one row per household of the block.
  engine::CouponTable table(config.k, up_to.households());
  const auto k = static_cast<std::size_t>(config.k);
  for (std::size_t row = 0; row < out.eligible.size(); ++row) {
    const std::size_t from = row * k, to = static_cast<std::size_t>(out.eligible[row]) * k;
    std::copy_n(out.coupons.product.begin() + from, k, table.product.begin() + to);
    std::copy_n(out.coupons.score.begin() + from, k, table.score.begin() + to);
    std::copy_n(out.coupons.reason.begin() + from, k, table.reason.begin() + to);
    std::copy_n(out.coupons.source.begin() + from, k, table.source.begin() + to);
  }
  return table;
}

namespace {

// Mean NDCG@k over the evaluated households of `split`, summed on rank 0 in household order
// (so the choice is the same for any rank count), then broadcast.
double mean_ndcg(const engine::CouponTable& table, const engine::BacktestSplit& split,
                 std::int64_t households, const Comm& comm) {
  std::vector<double> local;
  for (std::int64_t h = 0; h < households; ++h) {
    if (!split.evaluated(h)) continue;
    local.push_back(engine::score_list(table.products_of(h), split.truth.of(h), split.before.of(h)).ndcg);
  }
  const std::vector<double> all = comm.gatherv_to_root<double>(local);
  std::vector<double> mean(1, 0.0);
  if (comm.is_root()) {
    double sum = 0;
    for (double v : all) sum += v;
    mean[0] = all.empty() ? 0 : sum / static_cast<double>(all.size());
  }
  comm.broadcast(mean);
  return mean[0];
}

}  // namespace

engine::ScoreConfig tune(const engine::HistoryBlock& up_to_t, const std::vector<std::int64_t>& household_ids,
                         std::int64_t products, std::int32_t as_of, std::int32_t window,
                         engine::ScoreConfig best, const Comm& comm, std::vector<TuningStep>& steps) {
  const std::int32_t validation_as_of = as_of - window;
  const engine::BacktestSplit split = engine::split_at(up_to_t, validation_as_of, window);
  const engine::HistoryBlock seen = up_to_t.up_to(validation_as_of);
  const auto judge = [&](const engine::ScoreConfig& c) {
    return mean_ndcg(score_with_engine(seen, household_ids, products, validation_as_of, c, comm), split,
                     seen.households(), comm);
  };
  double best_ndcg = judge(best);
  steps.push_back({"start", best_ndcg, true});
  if (comm.is_root()) spdlog::info("evaluate/tune: start, validation NDCG@{} {:.4f}", best.k, best_ndcg);

  using Setter = std::function<void(engine::ScoreConfig&)>;
  struct Option {
    std::string label;
    Setter apply;
  };
  const std::vector<std::vector<Option>> axes = {
      {{"half_life_days = 60", [](auto& c) { c.half_life_days = 60; }},
       {"half_life_days = 240", [](auto& c) { c.half_life_days = 240; }}},
      {{"similarity = jaccard", [](auto& c) { c.measure = engine::SimilarityMeasure::jaccard; }},
       {"similarity = llr", [](auto& c) { c.measure = engine::SimilarityMeasure::llr; }}},
      {{"neighbours = 10", [](auto& c) { c.neighbours = 10; }},
       {"neighbours = 60", [](auto& c) { c.neighbours = 60; }}},
      {{"learn_blend = false", [](auto& c) { c.learn_blend = false; }},
       {"ranker = trees", [](auto& c) { c.ranker = engine::Ranker::trees; }}},
      {{"discovery_slots = 1", [](auto& c) { c.discovery_slots = 1; }}},
      {{"repeat_similarity = true", [](auto& c) { c.repeat_similarity = true; }}},
  };
  for (const auto& axis : axes) {
    engine::ScoreConfig axis_best = best;
    double axis_ndcg = best_ndcg;
    for (const Option& option : axis) {
      engine::ScoreConfig candidate = best;
      option.apply(candidate);
      const double ndcg = judge(candidate);
      const bool better = ndcg > axis_ndcg + 1e-9;
      steps.push_back({option.label, ndcg, false});
      if (comm.is_root())
        spdlog::info("evaluate/tune: {:<24} validation NDCG@{} {:.4f}{}", option.label, best.k, ndcg,
                     better ? "  (better)" : "");
      if (better) {
        axis_best = candidate;
        axis_ndcg = ndcg;
        steps.back().kept = true;
      }
    }
    best = axis_best;
    best_ndcg = axis_ndcg;
  }
  return best;
}

}  // namespace basketgap::evaluate
