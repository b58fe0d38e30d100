#include "jobs/evaluate/systems.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include "engine/baselines.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/day_span.hpp"
#include "jobs/evaluate/engine_lists.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::evaluate {
namespace {

System coupons_system(const EvaluateOptions& o, const Inputs& in, const Comm& comm, Result& result) {
  JudgingStore judging{o.store, in.summary.fingerprint, {}, {}, in.summary.store_version};
  for (const io::BatchRecord& b : in.summary.batches)
    if (b.version <= in.summary.store_version)
      judging.version_fingerprints.push_back(b.fingerprint);
    else
      judging.later_versions.emplace_back(b.version, b.fingerprint);
  LoadedCoupons loaded =
      load_coupons(o.coupons, judging, o.as_of, o.k, in.households.id, in.products.id, in.share.mine);
  result.coupons_path = o.coupons;
  result.coupons_run_id = loaded.run_id;
  const auto unknown_products = comm.allreduce<std::int64_t>(loaded.unknown_products, ReduceOp::sum);
  if (loaded.file_k != o.k)
    result.notes.push_back(fmt::format("the coupons file has K = {}; scored @{}", loaded.file_k, o.k));
  // Shorter lists judged @K against baselines of K products lose for their length alone.
  if (loaded.file_k < o.k && comm.is_root())
    spdlog::warn(
        "evaluate: {} holds {} coupons per household, judged @{} against baselines of {}: give --k {} "
        "to compare like with like",
        o.coupons, loaded.file_k, o.k, o.k, loaded.file_k);
  if (loaded.unknown_households > 0)
    result.notes.push_back(fmt::format("{} of {} households in the coupons file are not in the store",
                                       loaded.unknown_households, loaded.file_households));
  if (unknown_products > 0)
    result.notes.push_back(
        fmt::format("{} coupons name products that are not in the store (never a hit)", unknown_products));
  return {"coupons", std::move(loaded.table), std::move(loaded.listing)};
}

System engine_system(const EvaluateOptions& o, engine::ScoreConfig config, const Inputs& in,
                     const engine::HistoryBlock& up_to, const Comm& comm, Result& result) {
  const int kept_k = config.k;  // the --config file's (--k judges, the file keeps its own)
  config.k = o.k;
  const std::vector<std::int64_t> my_ids(in.households.id.begin() + in.share.mine.begin,
                                         in.households.id.begin() + in.share.mine.end);
  if (o.tune) {
    Tuning tuning;
    config = tune(up_to, my_ids, in.products, o.as_of, o.window, o.tune_windows, config,
                  !o.allow_default_blend, comm, tuning);
    for (const auto& s : tuning.steps)
      result.notes.push_back(
          s.change == "start"
              ? fmt::format("tune: {:<32} validation NDCG@{} {:.4f}", s.change, o.k, s.validation_ndcg)
              : fmt::format("tune: {:<32} validation NDCG@{} {:.4f}, {:+.4f} (95% CI {:+.4f} to {:+.4f}){}",
                            s.change, o.k, s.validation_ndcg, s.gain.estimate, s.gain.ci_low, s.gain.ci_high,
                            s.kept ? " (kept)" : ""));
    const std::int32_t first = o.as_of - o.tune_windows * o.window;
    result.notes.push_back(
        o.tune_windows == 1
            ? fmt::format("tune: validation = history to day {}, truth days {} (never the test window)",
                          first, day_span(first + 1, o.as_of))
            : fmt::format(
                  "tune: validation = {} windows of {} days, as of days {} to {} (truth days {}; never "
                  "the test window), gains paired per household and window",
                  o.tune_windows, o.window, first, o.as_of - o.window, day_span(first + 1, o.as_of)));
    result.tune_default_blend_days = tuning.default_blend_days;
    if (!tuning.default_blend_days.empty())
      result.notes.push_back(fmt::format(
          "tune: the validation as of day(s) {} used the default blend (--allow-default-blend): the "
          "blend's validation fold could not be fitted there",
          fmt::join(tuning.default_blend_days, ", ")));
  }
  result.engine_config = describe(config);
  if (o.tune) {
    engine::ScoreConfig kept = config;
    kept.k = kept_k;
    result.tuned_config = describe(kept);
  }
  bool default_blend = false;
  engine::CouponTable table = score_with_engine(up_to, my_ids, in.products, o.as_of, config, comm,
                                                !o.allow_default_blend, &default_blend, &result.engine_model);
  result.default_blend = default_blend;
  return {"engine", std::move(table), {}};
}

}  // namespace

System system_under_test(const EvaluateOptions& o, const engine::ScoreConfig& config, const Inputs& in,
                         const engine::HistoryBlock& up_to, const Comm& comm, Result& result) {
  return o.coupons.empty() ? engine_system(o, config, in, up_to, comm, result)
                           : coupons_system(o, in, comm, result);
}

std::vector<System> baselines(const engine::HistoryBlock& up_to, std::int64_t products, int k,
                              const Comm& comm) {
  std::vector<std::int64_t> popularity = engine::product_household_counts(up_to, products);
  comm.allreduce_inplace<std::int64_t>(popularity, ReduceOp::sum);
  const std::vector<std::int32_t> popular = engine::top_popular(popularity, k);
  std::vector<System> out;
  out.push_back({"global_popularity", engine::popularity_table(up_to, popular, popularity), {}});
  out.push_back({"personal_top_frequency", engine::personal_top_frequency(up_to, k), {}});
  return out;
}

}  // namespace basketgap::evaluate
