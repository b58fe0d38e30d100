#include "jobs/score/pipeline.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_reduce.h>
#include <xxhash.h>

#include <algorithm>

#include "engine/select.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/score/checkpoint.hpp"
#include "jobs/score/tree_fit.hpp"

namespace basketgap {
namespace {

using engine::Candidate;
using engine::HistoryBlock;
using engine::ScoreConfig;

bool has_history(const HistoryBlock& block, std::int64_t h, std::int32_t as_of) {
  return block.end(h) > block.begin(h) && block.day(block.begin(h)) <= as_of;
}

// A deterministic sample of households by external id (independent of ranks and
// of rows appended later): keeps a household when its keyed hash falls under
// `fraction`.
bool in_training_sample(std::int64_t external_id, double fraction) {
  if (fraction >= 1.0) return true;
  const std::uint64_t h = XXH3_64bits_withSeed(&external_id, sizeof external_id, 0x5eed);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < fraction;
}

// One training example per candidate of each sampled household, as of the
// validation day.
struct TrainingSet {
  std::vector<float> features;  // row-major [samples x kFeatureCount]
  std::vector<std::uint8_t> labels;
  std::vector<std::size_t> group_end;  // end sample of each household, in household order
  std::vector<std::int64_t> group_id;  // each household's external id
  std::size_t size() const { return labels.size(); }
};

TrainingSet collect_training(const ScoringInput& in, const engine::ScoringContext& context,
                             std::int32_t label_end, double fraction, const ScoreConfig& config, bool log) {
  const HistoryBlock& block = *in.block;
  struct Local {
    TrainingSet set;
    engine::CandidateScratch scratch;
    std::vector<Candidate> candidates;
    std::vector<std::int32_t> truth;
  };
  // Households in fixed chunks so the concatenation order does not depend on
  // threads; batches of chunks so the main thread can log progress between them.
  const std::int64_t chunk = 512, batch = 32;
  const std::int64_t chunks = (block.households() + chunk - 1) / chunk;
  std::vector<TrainingSet> parts(static_cast<std::size_t>(chunks));
  tbb::enumerable_thread_specific<Local> locals;
  Progress progress("score/fit/samples", static_cast<std::uint64_t>(block.households()),
                    "households on rank 0", log);
  for (std::int64_t first = 0; first < chunks; first += batch) {
    const std::int64_t last = std::min(chunks, first + batch);
    tbb::parallel_for(first, last, [&](std::int64_t c) {
      Local& l = locals.local();
      TrainingSet& out = parts[static_cast<std::size_t>(c)];
      for (std::int64_t h = c * chunk; h < std::min(block.households(), (c + 1) * chunk); ++h) {
        if (!has_history(block, h, context.as_of)) continue;
        if (!in_training_sample((*in.household_ids)[h], fraction)) continue;
        l.truth.clear();
        for (std::int64_t r = block.begin(h); r < block.end(h); ++r)
          if (block.day(r) > context.as_of && block.day(r) <= label_end) l.truth.push_back(block.product(r));
        std::sort(l.truth.begin(), l.truth.end());
        engine::build_candidates(block, h, context, config, l.candidates, l.scratch);
        for (const Candidate& cand : l.candidates) {
          for (double f : cand.features) out.features.push_back(static_cast<float>(f));
          out.labels.push_back(std::binary_search(l.truth.begin(), l.truth.end(), cand.product));
        }
        out.group_end.push_back(out.labels.size());
        out.group_id.push_back((*in.household_ids)[h]);
      }
    });
    progress.update(static_cast<std::uint64_t>(std::min(block.households(), last * chunk)));
  }
  TrainingSet all;
  for (auto& p : parts) {
    const std::size_t base = all.labels.size();
    all.features.insert(all.features.end(), p.features.begin(), p.features.end());
    all.labels.insert(all.labels.end(), p.labels.begin(), p.labels.end());
    for (std::size_t end : p.group_end) all.group_end.push_back(base + end);
    all.group_id.insert(all.group_id.end(), p.group_id.begin(), p.group_id.end());
  }
  return all;
}

// The training samples of the fold whose features are as of `day` and whose labels are the
// following validation_window_days, from a deterministic sample of at most `households`.
TrainingSet training_fold(const ScoringInput& in, std::int32_t day, std::int64_t households,
                          const ScoreConfig& config, const Comm& comm) {
  engine::ScoringContext context = build_context(*in.block, day, in.products, config, comm, in.household_ids);
  engine::add_product_facts(context);
  std::int64_t eligible = 0;
  for (std::int64_t h = 0; h < in.block->households(); ++h) eligible += has_history(*in.block, h, day);
  eligible = comm.allreduce(eligible, ReduceOp::sum);
  const double fraction = eligible > 0 ? std::min(1.0, static_cast<double>(households) / eligible) : 1.0;
  return collect_training(in, context, day + config.validation_window_days, fraction, config, comm.is_root());
}

// Each household's `count` best samples by the blend's logit (ties: the earlier sample).
TrainingSet best_by_blend(const TrainingSet& set, const engine::BlendModel& blend, int count) {
  TrainingSet out;
  const auto columns = static_cast<std::size_t>(engine::kFeatureCount);
  std::vector<double> logits;
  std::vector<std::int32_t> position;
  for (std::size_t g = 0; g < set.group_end.size(); ++g) {
    const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
    logits.clear();
    position.clear();
    for (std::size_t i = begin; i < end; ++i) {
      engine::Features f{};
      for (std::size_t j = 0; j < columns; ++j) f[j] = set.features[i * columns + j];
      logits.push_back(blend.linear_logit(f));
      position.push_back(static_cast<std::int32_t>(i - begin));
    }
    std::vector<std::size_t> keep = engine::best_by_logit(logits, position, static_cast<std::size_t>(count));
    std::sort(keep.begin(), keep.end());
    for (std::size_t k : keep) {
      const std::size_t i = begin + k;
      out.features.insert(out.features.end(), set.features.begin() + static_cast<std::ptrdiff_t>(i * columns),
                          set.features.begin() + static_cast<std::ptrdiff_t>((i + 1) * columns));
      out.labels.push_back(set.labels[i]);
    }
    out.group_end.push_back(out.labels.size());
    out.group_id.push_back(set.group_id[g]);
  }
  return out;
}

void append(TrainingSet& to, const TrainingSet& from) {
  const std::size_t base = to.labels.size();
  to.features.insert(to.features.end(), from.features.begin(), from.features.end());
  to.labels.insert(to.labels.end(), from.labels.begin(), from.labels.end());
  for (std::size_t e : from.group_end) to.group_end.push_back(base + e);
  to.group_id.insert(to.group_id.end(), from.group_id.begin(), from.group_id.end());
}

// `samples`: all ranks' training samples, for the progress lines of the Newton steps.
engine::BlendModel fit_blend(const TrainingSet& set, std::int64_t samples, const ScoreConfig& config,
                             const Comm& comm) {
  constexpr int kMaxSteps = 12;
  engine::BlendModel model;
  model.learned = true;
  Progress progress("score/fit/newton", static_cast<std::uint64_t>(kMaxSteps * samples), "samples",
                    comm.is_root());
  for (int iteration = 0; iteration < kMaxSteps; ++iteration) {
    const engine::LogisticSums local = tbb::parallel_reduce(
        tbb::blocked_range<std::size_t>(0, set.group_end.size(), 16), engine::LogisticSums{},
        [&](const tbb::blocked_range<std::size_t>& r, engine::LogisticSums sums) {
          for (std::size_t g = r.begin(); g < r.end(); ++g) {
            const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
            sums.add_group(std::span<const float>(set.features)
                               .subspan(begin * engine::kFeatureCount, (end - begin) * engine::kFeatureCount),
                           std::span<const std::uint8_t>(set.labels).subspan(begin, end - begin), model);
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

// The count is the same on every rank: so is the error.
void no_validation_samples(const ScoringInput& in, std::int32_t validation_day, const Comm& comm) {
  const std::string what = fmt::format(
      "the blend's validation fold (features as of day {}, purchases of days {}-{}) has no samples",
      validation_day, validation_day + 1, in.as_of);
  if (in.require_fitted_blend)
    throw UsageError(what + ": give a later --as-of, set learn_blend = false, or --allow-default-blend")
        .raised_on_all_ranks();
  if (comm.is_root()) spdlog::warn("score/fit: {}: the default blend is used", what);
}

}  // namespace

ScoringOutput run_scoring(const ScoringInput& in, const ScoreConfig& config, const Comm& comm) {
  const HistoryBlock& block = *in.block;
  ScoringOutput out;
  out.model = engine::BlendModel::defaults();

  if (config.learn_blend && resume_model(in.checkpoint, out.model)) {
    // The blend an interrupted run with the same store, as-of day and config
    // fitted.
  } else if (config.learn_blend) {
    // The validation fold: features as of as_of - W, labels in (as_of - W,
    // as_of].
    const std::int32_t validation_day = in.as_of - config.validation_window_days;
    Progress stage("score/fit", 0, "samples", comm.is_root());
    StageReport report(in.traffic, "score/fit", "samples");
    const TrainingSet set = training_fold(in, validation_day, config.max_training_households, config, comm);
    const auto samples = comm.allreduce<std::int64_t>(static_cast<std::int64_t>(set.size()), ReduceOp::sum);
    if (samples == 0) no_validation_samples(in, validation_day, comm);
    out.model = fit_blend(set, samples, config, comm);
    if (config.ranker == engine::Ranker::trees && out.model.learned) {
      // The trees: on `tree_folds` folds, each household's best `tree_candidates` by the blend
      // (what they re-rank when scoring).
      TrainingSet trees_set;
      for (int fold = 1; fold <= config.tree_folds; ++fold) {
        const std::int32_t day = in.as_of - fold * config.validation_window_days;
        append(trees_set, best_by_blend(training_fold(in, day, config.tree_training_households, config, comm),
                                        out.model, config.tree_candidates));
      }
      out.model.trees =
          fit_trees({trees_set.features, trees_set.labels, trees_set.group_end, trees_set.group_id},
                    out.model, config, comm);
    }
    if (in.checkpoint) in.checkpoint->save_model(out.model);
    stage.finish(static_cast<std::uint64_t>(samples));
    report.set_work(static_cast<std::int64_t>(set.size()), static_cast<std::int64_t>(set.group_end.size()));
    report.finish();
  }

  throw_if_stop_requested_on_any_rank("score/context", comm);
  StageReport context_report(in.traffic, "score/context");
  engine::ScoringContext context = resume_or_build_context(in.checkpoint, [&] {
    return build_context(block, in.as_of, in.products, config, comm, in.household_ids);
  });
  engine::add_product_facts(context);
  engine::CampaignRules campaign;
  if (in.campaign) {
    // Under a campaign the popular candidates and the fallback are eligible
    // products only.
    campaign = *in.campaign;
    campaign.fallback = engine::eligible_by_popularity(context.recent_households, campaign.eligible);
    context.popular.clear();
    for (std::int32_t p : campaign.fallback) {
      if (context.popular.size() >= static_cast<std::size_t>(config.k + config.popular_candidates) ||
          context.recent_households[p] == 0)
        break;
      context.popular.push_back(p);
    }
  }
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
                          engine::build_candidates(block, h, context, config, l.candidates, l.scratch);
                          engine::score_candidates(out.model, config.tree_candidates, l.candidates);
                          const bool event = in.event_slot && (*in.event_slot)[h];
                          engine::select_coupons(l.candidates, context, config, out.coupons,
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
