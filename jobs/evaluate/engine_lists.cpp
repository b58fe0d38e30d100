#include "jobs/evaluate/engine_lists.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <functional>
#include <optional>
#include <tuple>

#include "engine/backtest_split.hpp"
#include "engine/intervals.hpp"
#include "engine/metrics.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/evaluate/outcomes.hpp"
#include "jobs/evaluate/tune_axis.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/product_categories.hpp"

namespace basketgap::evaluate {

engine::CouponTable score_with_engine(const engine::HistoryBlock& up_to,
                                      const std::vector<std::int64_t>& household_ids,
                                      const io::ProductTable& products, std::int32_t as_of,
                                      const engine::ScoreConfig& config, const Comm& comm,
                                      bool require_fitted_blend, bool* used_default_blend,
                                      std::string* model_summary) {
  ScoringInput input{&up_to, &household_ids, static_cast<std::int64_t>(products.id.size()), as_of};
  const ProductCategories categories = product_categories(products, config.category_level);
  input.product_category = categories.of_product;
  input.require_fitted_blend = require_fitted_blend;
  const ScoringOutput out = run_scoring(input, config, comm);
  if (used_default_blend) *used_default_blend = config.learn_blend && !out.model.learned;
  if (model_summary) *model_summary = out.model.summary();
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

// NDCG@k of each evaluated household of `split`, in household order (rank 0 gathers them,
// every rank gets them: the choice is the same for any rank count).
std::vector<double> household_ndcg(const engine::CouponTable& table, const engine::BacktestSplit& split,
                                   std::int64_t households, const Comm& comm) {
  std::vector<double> local;
  for (std::int64_t h = 0; h < households; ++h) {
    if (!split.evaluated(h)) continue;
    local.push_back(engine::score_list(table.products_of(h), split.truth.of(h), split.before.of(h)).ndcg);
  }
  std::vector<double> all = comm.gatherv_to_root<double>(local);
  comm.broadcast(all);
  return all;
}

// The engine's lists as of a validation window's day; a blend that cannot be fitted there is
// the error score gives, named as --tune's window (a fold in a gap of the feed, say).
engine::CouponTable lists_of_validation(const engine::HistoryBlock& seen,
                                        const std::vector<std::int64_t>& ids,
                                        const io::ProductTable& products, std::int32_t day,
                                        const engine::ScoreConfig& config, bool require_fitted_blend,
                                        const Comm& comm, bool& default_blend) {
  try {
    return score_with_engine(seen, ids, products, day, config, comm, require_fitted_blend, &default_blend);
  } catch (const Error& e) {
    Error named(e.code(), fmt::format("--tune: the validation window as of day {}: {}", day, e.what()));
    if (e.on_all_ranks()) named.raised_on_all_ranks();
    throw named;
  }
}

}  // namespace

engine::ScoreConfig tune(const engine::HistoryBlock& up_to_t, const std::vector<std::int64_t>& household_ids,
                         const io::ProductTable& products, std::int32_t as_of, std::int32_t window,
                         int windows, engine::ScoreConfig best, bool require_fitted_blend, const Comm& comm,
                         Tuning& tuning) {
  std::vector<TuningStep>& steps = tuning.steps;
  struct Validation {
    std::int32_t as_of;
    engine::BacktestSplit split;
    engine::HistoryBlock seen;
  };
  std::vector<Validation> validations;  // the earliest first
  for (int v = windows; v >= 1; --v) {
    const std::int32_t day = as_of - v * window;
    validations.push_back({day, engine::split_at(up_to_t, day, window), up_to_t.up_to(day)});
    // Nothing to choose by: every change would tie at NDCG 0 with an interval of NaN.
    require_households(evaluated_households(validations.back().split, up_to_t.households()),
                       "--tune: the validation window", day, window, "", comm);
  }
  // Per household and window, in that order: the windows' values one after the other.
  const auto judge = [&](const engine::ScoreConfig& c) {
    std::vector<double> all;
    for (const Validation& v : validations) {
      bool default_blend = false;
      const std::vector<double> one =
          household_ndcg(lists_of_validation(v.seen, household_ids, products, v.as_of, c,
                                             require_fitted_blend, comm, default_blend),
                         v.split, v.seen.households(), comm);
      std::vector<std::int32_t>& days = tuning.default_blend_days;
      if (default_blend && std::find(days.begin(), days.end(), v.as_of) == days.end())
        days.push_back(v.as_of);
      all.insert(all.end(), one.begin(), one.end());
    }
    return all;
  };
  std::vector<double> best_ndcg = judge(best);
  steps.push_back({"start", engine::mean_variance(best_ndcg).mean, true, {}});
  if (comm.is_root())
    spdlog::info("evaluate/tune: start, validation NDCG@{} {:.4f}", best.k, steps.back().validation_ndcg);

  std::vector<std::vector<AxisOption>> axes = {
      {{"half_life_days = 60", [](auto& c) { c.half_life_days = 60; }},
       {"half_life_days = 240", [](auto& c) { c.half_life_days = 240; }}},
      {{"similarity = jaccard", [](auto& c) { c.measure = engine::SimilarityMeasure::jaccard; }},
       {"similarity = llr", [](auto& c) { c.measure = engine::SimilarityMeasure::llr; }}},
      {{"neighbours = 30", [](auto& c) { c.neighbours = 30; }},
       {"neighbours = 60", [](auto& c) { c.neighbours = 60; }}},
      // The hand-set blend has no second stage: the tuned file says so (ranker = linear).
      {{"learn_blend = false",
        [](auto& c) {
          c.learn_blend = false;
          c.ranker = engine::Ranker::linear;
        }},
       {"ranker = linear", [](auto& c) { c.ranker = engine::Ranker::linear; }},
       {"ranker = pairwise_linear", [](auto& c) { c.ranker = engine::Ranker::pairwise_linear; }},
       {"ranker = trees", [](auto& c) { c.ranker = engine::Ranker::trees; }}},
      {{"discovery_slots = 1", [](auto& c) { c.discovery_slots = 1; }}},
      {{"repeat_similarity = true", [](auto& c) { c.repeat_similarity = true; }}},
      // Relaunched products found where there are none to find: the same lists, never kept.
      {{"successors = false", [](auto& c) { c.successors = false; }}},
  };
  // The category level, where the store has categories: each other level it comes to (the
  // default sub_commodity is the commodity on a file without sub-commodities: tried once).
  std::vector<AxisOption> levels;
  std::vector<engine::CategoryLevel> resolved{resolved_category_level(products, best.category_level)};
  for (const engine::CategoryLevel level : {engine::CategoryLevel::sub_commodity,
                                            engine::CategoryLevel::commodity, engine::CategoryLevel::none}) {
    const engine::CategoryLevel comes_to = resolved_category_level(products, level);
    if (std::find(resolved.begin(), resolved.end(), comes_to) != resolved.end()) continue;
    resolved.push_back(comes_to);
    levels.push_back({fmt::format("category_level = {}", engine::category_level_name(level)),
                      [level](auto& c) { c.category_level = level; }});
  }
  if (!levels.empty()) axes.push_back(std::move(levels));
  // A change is kept only when its gain over the best so far is clear: the 95 % interval of the
  // difference, paired per household (and window), lies above 0. Any gain was enough before,
  // and on the file LLR similarity and repeat_similarity were kept at +0.0000; the defaults are
  // the cheaper, better-tested choice.
  for (const auto& axis : axes)
    std::tie(best, best_ndcg) = search_axis(axis, best, best_ndcg, judge, steps, comm.is_root());
  return best;
}

}  // namespace basketgap::evaluate
