#include "jobs/score/pipeline.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>

#include <malloc.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <optional>
#include <string>

#include "engine/lazy_selection.hpp"
#include "engine/logistic_sums.hpp"
#include "engine/select.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/score/checkpoint.hpp"
#include "jobs/score/fold_checks.hpp"
#include "jobs/score/model_choice.hpp"
#include "jobs/score/rerank_fit.hpp"
#include "jobs/score/training_set.hpp"
#include "jobs/score/tree_choice.hpp"
#include "jobs/score/tree_fit.hpp"

namespace basketgap {
namespace {

// The relaunched products the coupons are scored with, by their external ids: what an analyst
// checks against the shop's own list of replaced barcodes (docs/SCORING.md "Relaunched products").
void log_relaunched_products(const engine::ScoringContext& context, const std::vector<std::int64_t>& ids) {
  constexpr std::size_t kShown = 10;
  std::vector<std::string> pairs;
  std::size_t found = 0;
  for (std::size_t p = 0; p < context.successor.size(); ++p) {
    if (context.successor[p] < 0) continue;
    const std::string pair =
        fmt::format("{} -> {}", ids[p], ids[static_cast<std::size_t>(context.successor[p])]);
    if (found++ < kShown) pairs.push_back(pair);
    spdlog::debug("score: relaunched product {}", pair);
  }
  if (found == 0) return;
  spdlog::info("score: as of day {}, {} product(s) relaunched under a new id (old -> new product id): {}{}",
               context.as_of, found, fmt::join(pairs, ", "),
               found > kShown ? ", ... (-v lists them all)" : "");
}

using engine::Candidate;
using engine::HistoryBlock;
using engine::ScoreConfig;

// `samples`: all ranks' training samples, for the progress lines of the Newton steps.
engine::BlendModel fit_blend(const TrainingSample& sample, std::int64_t samples, const ScoreConfig& config,
                             const Comm& comm) {
  constexpr int kMaxSteps = 12;
  engine::BlendModel model;
  model.learned = true;
  Progress progress("score/fit/newton", static_cast<std::uint64_t>(kMaxSteps * samples), "samples",
                    comm.is_root());
  const std::vector<PackedSamples>& parts = sample.parts;
  // The log-loss is only for the debug log: a log() per sample and step otherwise spent.
  const bool with_loss = spdlog::should_log(spdlog::level::debug);
  for (int iteration = 0; iteration < kMaxSteps; ++iteration) {
    // Each household's sums are rounded to fixed point (below): the totals are the same
    // whatever the split of the parts over threads and ranks.
    const engine::LogisticSums local = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, parts.size(), 1), engine::LogisticSums{},
        [&](const tbb::blocked_range<std::size_t>& r, engine::LogisticSums sums) {
          for (std::size_t p = r.begin(); p < r.end(); ++p) {
            const PackedSamples& set = parts[p];
            for (std::size_t g = 0; g < set.group_end.size(); ++g) {
              const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
              const std::size_t first = g == 0 ? 0 : set.group_values_end[g - 1];
              sums.add_group(
                  std::span<const float>(set.values).subspan(first, set.group_values_end[g] - first),
                  std::span<const std::uint32_t>(set.nonzero).subspan(begin, end - begin),
                  std::span<const std::uint8_t>(set.labels).subspan(begin, end - begin), model, with_loss);
            }
          }
          return sums;
        },
        [](engine::LogisticSums a, const engine::LogisticSums& b) {
          a.merge(b);
          return a;
        });
    // Fixed-point integers: the sum is exact whatever the order of ranks and
    // threads.
    engine::LogisticSums total = local;
    comm.allreduce_inplace<std::int64_t>(total.gradient, ReduceOp::sum);
    comm.allreduce_inplace<std::int64_t>(total.hessian, ReduceOp::sum);
    total.samples = comm.allreduce(total.samples, ReduceOp::sum);
    total.positives = comm.allreduce(total.positives, ReduceOp::sum);
    total.log_loss = comm.allreduce(total.log_loss, ReduceOp::sum);
    if (total.samples == 0) return engine::BlendModel::defaults();
    const engine::BlendModel next = engine::newton_step(model, total, config.l2);
    double change = 0;
    for (int j = 0; j < engine::kFeatureCount; ++j)
      change = std::max(change, std::abs(next.weights[j] - model.weights[j]));
    if (comm.is_root())
      spdlog::debug(
          "score/fit: iteration {} samples {} positives {} mean "
          "log-loss {:.5f} max step {:.2e}",
          iteration + 1, total.samples, total.positives,
          engine::fixed_to_double(total.log_loss) / total.samples, change);
    model = next;
    progress.update(static_cast<std::uint64_t>((iteration + 1) * samples));
    if (change < 1e-5) break;  // fixed-point noise is ~1e-6
  }
  return model;
}

// A control household is scored like any other; its would-be list moves to
// `control_product` and its coupon row is emptied (the bytes of a row never
// selected).
void hold_out(ScoringOutput& out, std::int64_t row) {
  const auto k = static_cast<std::size_t>(out.coupons.k);
  const std::size_t first = static_cast<std::size_t>(row) * k;
  for (std::size_t i = first; i < first + k; ++i) {
    out.control_product[i] = out.coupons.product[i];
    out.coupons.product[i] = -1;
    out.coupons.score[i] = 0.0f;
    out.coupons.reason[i] = 0;
    out.coupons.source[i] = -1;
  }
}

}  // namespace

ScoringOutput run_scoring(const ScoringInput& in, const ScoreConfig& config, const Comm& comm) {
  const HistoryBlock& block = *in.block;
  ScoringOutput out;
  out.model = engine::BlendModel::defaults();
  // The scoring day's population counts when the fit's pass over the rows made them too.
  std::optional<PopulationCounts> scoring_counts;

  if (config.learn_blend && resume_model(in.checkpoint, out.model)) {
    // The blend an interrupted run with the same store, as-of day and config
    // fitted.
  } else if (config.learn_blend) {
    // The validation fold: features as of as_of - W, labels in (as_of - W,
    // as_of].
    const std::int32_t validation_day = in.as_of - config.validation_window_days;
    Progress stage("score/fit", 0, "samples", comm.is_root());
    StageReport report(in.traffic, "score/fit", "samples");
    // A short horizon has few purchases in one fold: earlier folds of the same length are added
    // until validation_span_days are covered (one fold with the defaults). The households sampled
    // are shared out over the folds (other households in each), so that a short horizon costs the
    // fit no more samples than the defaults' one fold: 14 folds of 1 day took 59.6 M samples,
    // 64 s and 2.2 GB per rank at x400 (docs/PERFORMANCE.md).
    const int wanted = engine::blend_fold_count(config);
    const int fit = engine::blend_folds_that_fit(config, in.as_of, block.day_base());
    if (fit > 0 && fit < wanted && comm.is_root())
      spdlog::warn(
          "score/fit: the history from day {} holds {} of the {} {}-day validation folds that "
          "validation_span_days = {} asks: the blend is fitted on those",
          block.day_base(), fit, wanted, config.validation_window_days, config.validation_span_days);
    const int folds = std::max(1, fit);  // none: the fold check below refuses, or the default blend
    // The trees' folds (no more than the history holds); none for the blend alone or the pairwise
    // re-rank, which is fitted on the blend's own sample.
    const int history_folds =
        static_cast<int>((in.as_of - block.day_base()) / std::max(1, config.validation_window_days));
    // The default ranker also has the trees judged against it (jobs/score/tree_choice.hpp).
    const bool tries_trees = config.fit_tries_trees && config.ranker == engine::Ranker::pairwise_linear;
    const bool wants_trees = config.ranker == engine::Ranker::trees || tries_trees;
    const int tree_folds = wants_trees ? std::clamp(history_folds, 1, config.tree_folds) : 0;
    const std::int64_t per_fold = (config.max_training_households + folds - 1) / folds;
    // One pass over the rows counts the population as of every fold's day and as of the scoring
    // day (the contexts then need no pass of their own). Ascending days: fold f's is
    // days[last - f], the scoring day's days[last].
    const int last = std::max(folds, tree_folds);
    std::vector<std::int32_t> days;
    for (int fold = last; fold >= 0; --fold) days.push_back(in.as_of - fold * config.validation_window_days);
    std::vector<PopulationCounts> counted = count_population(block, days, in.products, config);
    scoring_counts = std::move(counted[static_cast<std::size_t>(last)]);
    // Each fold's context built once; the trees' folds keep theirs.
    std::vector<std::optional<engine::ScoringContext>> contexts(static_cast<std::size_t>(last) + 1);
    const auto context_of = [&](int fold) -> const engine::ScoringContext& {
      auto& c = contexts[static_cast<std::size_t>(fold)];
      const auto at = static_cast<std::size_t>(last - fold);
      if (!c) c = fold_context(in, days[at], config, comm, &counted[at]);
      return *c;
    };
    // BASKETGAP_DUMP_FOLD: the offline quality lab's samples (bench/quality_lab; not for nights).
    TrainingSample sample =
        training_fold(in, context_of(1), per_fold, config, comm, 1, std::getenv("BASKETGAP_DUMP_FOLD"));
    for (int fold = 2; fold <= folds; ++fold) {
      throw_if_stop_requested_on_any_rank("score/fit", comm);
      TrainingSample more = training_fold(in, context_of(fold), per_fold, config, comm, fold);
      std::move(more.parts.begin(), more.parts.end(), std::back_inserter(sample.parts));
      if (fold > tree_folds) contexts[static_cast<std::size_t>(fold)].reset();
    }
    const auto samples =
        comm.allreduce<std::int64_t>(static_cast<std::int64_t>(sample.size()), ReduceOp::sum);
    if (validation_fold_fits(in, sample, samples, validation_day, config, comm))
      out.model = fit_blend(sample, samples, config, comm);
    if (out.model.learned && config.ranker == engine::Ranker::pairwise_linear)
      out.model.rerank = fit_rerank_on_blend_sample(sample, out.model, config, comm);
    // The blend (and its re-rank) again without the popular candidates: a night that leaves them
    // out is scored by the weights fitted on what it ranks (model_choice.hpp).
    std::optional<engine::BlendModel> without;
    if (out.model.learned && config.popular_candidates > 0 && config.ranker != engine::Ranker::trees) {
      const TrainingSample kept = without_popular(sample);
      const auto kept_samples =
          comm.allreduce<std::int64_t>(static_cast<std::int64_t>(kept.size()), ReduceOp::sum);
      if (comm.is_root())
        spdlog::info("score/fit: the blend again on the {} samples that are not popular candidates",
                     kept_samples);
      without = fit_blend(kept, kept_samples, config, comm);
      if (without->learned && config.ranker == engine::Ranker::pairwise_linear)
        without->rerank = fit_rerank_on_blend_sample(kept, *without, config, comm);
    }
    // On the blend (and its re-rank), before any trees: they are fitted on the blend's best after it.
    choose_on_fit_sample(sample, out.model, without ? &*without : nullptr, config, comm);
    if (out.model.learned && wants_trees) {
      // The trees: on `tree_folds` folds (the first is the blend's), each household's best
      // `tree_candidates` by the blend, of the candidates the night ranks.
      TrainingSet trees_set;
      std::size_t latest_fold_groups = 0;
      for (int fold = 1; fold <= tree_folds; ++fold) {
        throw_if_stop_requested_on_any_rank("score/fit", comm);
        const TrainingSample fold_set =
            training_fold(in, context_of(fold), config.tree_training_households, config, comm);
        append(trees_set,
               best_by_blend(fold_set, out.model, config.tree_candidates, {}, !out.model.popular_candidates));
        if (fold == 1) latest_fold_groups = trees_set.group_end.size();
      }
      // Configured, the trees always rank; tried, only on the verdict. Chosen over the re-rank,
      // they rank on the blend alone (as ranker = "trees"; they were fitted on its logit, which
      // the re-rank does not change).
      if (!tries_trees) {
        out.model.rerank = {};
        out.model.trees = fit_trees(view_of(trees_set), out.model, config, comm);
      } else if (TreeTrial trial = try_trees(trees_set, latest_fold_groups, out.model, config, comm);
                 trial.trees) {
        out.model.rerank = {};
        out.model.trees = std::move(*trial.trees);
      }
    }
    if (in.checkpoint) in.checkpoint->save_model(out.model);
    failpoint("score/fit-checkpointed");
    stage.finish(static_cast<std::uint64_t>(samples));
    report.set_work(static_cast<std::int64_t>(sample.size()), static_cast<std::int64_t>(sample.households()));
    report.finish();
  }

  // The fit's sample, freed, is still held by the allocator's per-thread arenas: give it back
  // to the system, or select keeps hundreds of MB it never uses (glibc).
  malloc_trim(0);

  throw_if_stop_requested_on_any_rank("score/context", comm);
  StageReport context_report(in.traffic, "score/context");
  engine::ScoringContext context = resume_or_build_context(in.checkpoint, [&] {
    return build_context(block, in.as_of, in.products, config, comm, in.household_ids,
                         scoring_counts ? &*scoring_counts : nullptr);
  });
  engine::add_product_facts(context);
  if (comm.is_root() && in.product_ids) log_relaunched_products(context, *in.product_ids);
  engine::CampaignRules campaign;
  if (in.campaign) {
    // Under a campaign the popular candidates and the fallback are eligible
    // products only.
    campaign = *in.campaign;
    campaign.fallback = engine::eligible_by_popularity(context.recent_households, campaign.eligible);
    if (!context.successor.empty())  // a replaced product (relaunched under a new id) is not sold
      std::erase_if(campaign.fallback,
                    [&](std::int32_t p) { return context.successor[static_cast<std::size_t>(p)] >= 0; });
    const std::size_t depth = context.popular.size();  // as deep as the list without a campaign
    context.popular.clear();
    for (std::int32_t p : campaign.fallback) {
      if (context.popular.size() >= depth || context.recent_households[p] == 0) break;
      context.popular.push_back(p);
    }
  }
  // The category candidates are each category's most popular products: under a campaign its
  // eligible ones only, as the popular candidates.
  std::vector<std::int64_t> buyers = context.recent_households;
  if (in.campaign)
    for (std::size_t p = 0; p < buyers.size(); ++p)
      if (!campaign.is_eligible(static_cast<std::int32_t>(p))) buyers[p] = 0;
  context.categories = engine::category_table(in.product_category, buyers);
  const engine::CampaignRules* rules = in.campaign ? &campaign : nullptr;
  context_report.set_work(block.rows(), block.households());
  context_report.finish();
  StageReport select_report(in.traffic, "score/select");
  out.neighbour_pairs = static_cast<std::int64_t>(context.neighbours.neighbour.size());

  for (std::int64_t h = 0; h < block.households(); ++h)
    if (has_history(block, h, in.as_of)) out.eligible.push_back(h);
  out.coupons.resize(config.k, static_cast<std::int64_t>(out.eligible.size()));
  if (in.control) out.control_product.assign(out.coupons.product.size(), -1);
  struct Local {
    engine::CandidateScratch scratch;
    std::vector<Candidate> candidates;
  };
  tbb::enumerable_thread_specific<Local> locals;
  const engine::BlendModel scoring = out.model.scoring();
  const engine::ExploreBound explore(scoring, context);
  // The candidates as the fit chose them (jobs/score/model_choice).
  engine::ScoreConfig select_config = config;
  if (!out.model.popular_candidates) select_config.popular_candidates = 0;
  Progress progress("score/select", out.eligible.size(), "households on rank 0", comm.is_root());
  // Chunks of households so the main thread can log progress (and see a stop
  // request) between them; the rows are independent, so the result does not
  // depend on the chunking.
  const std::size_t chunk = 16384;
  for (std::size_t first = 0; first < out.eligible.size(); first += chunk) {
    const std::size_t last = std::min(out.eligible.size(), first + chunk);
    tbb::parallel_for(tbb::blocked_range<std::size_t>(first, last, 64),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        Local& l = locals.local();
                        for (std::size_t row = range.begin(); row < range.end(); ++row) {
                          const std::int64_t h = out.eligible[row];
                          const bool event = in.event_slot && (*in.event_slot)[h];
                          // Only the candidates and features the coupons need.
                          engine::select_household_lazily(block, h, context, select_config, scoring, &explore,
                                                          l.scratch, l.candidates, out.coupons,
                                                          static_cast<std::int64_t>(row), rules, event);
                          if (in.control && (*in.control)[h]) hold_out(out, static_cast<std::int64_t>(row));
                        }
                      });
    progress.update(last);
  }
  // The closing line counts every rank's households, like score/write.
  const auto all =
      comm.allreduce<std::int64_t>(static_cast<std::int64_t>(out.eligible.size()), ReduceOp::sum);
  progress.set_unit("households");
  progress.finish(static_cast<std::uint64_t>(all));
  std::int64_t rows = 0;  // the history rows the candidates were built from
  for (const std::int64_t h : out.eligible) rows += block.end(h) - block.begin(h);
  select_report.set_work(rows, static_cast<std::int64_t>(out.eligible.size()));
  select_report.finish();
  return out;
}

}  // namespace basketgap
