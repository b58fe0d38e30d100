// `basketgap evaluate`: the next-window backtest (../shared/docs/EVALUATION.md, docs/EVALUATE.md).
//
// Each rank reads its households (balanced by rows) from the store, cuts them at the as-of
// day into history and truth, and scores the lists of every system: the coupons file (or the
// scoring engine) and the two baselines. Per-household outcomes are gathered to rank 0 in
// household order and summed there, so the table and the JSON are the same bytes for any
// number of ranks or threads.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/parallel_for.h>

#include <filesystem>
#include <iostream>
#include <optional>

#include "engine/backtest_split.hpp"
#include "engine/baselines.hpp"
#include "engine/metrics.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/evaluate/aggregate.hpp"
#include "jobs/evaluate/coupon_lists.hpp"
#include "jobs/evaluate/engine_lists.hpp"
#include "jobs/evaluate/lift.hpp"
#include "jobs/evaluate/lists.hpp"
#include "jobs/report/output.hpp"
#include "jobs/report/html_report.hpp"
#include "jobs/score/history_loader.hpp"
#include "jobs/jobs.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

using evaluate::HouseholdFact;
using evaluate::OutcomeRecord;

struct System {
  std::string name;
  engine::CouponTable table;  // this rank's households
};

void check_as_of(const EvaluateOptions& o, const io::StoreSummary& s) {
  // The truth needs at least one day after T inside the store.
  if (o.as_of < s.min_day || o.as_of >= s.max_day)
    throw UsageError(fmt::format("--as-of {} is outside the store's days: it must be in {}..{} "
                                 "(the store holds days {}-{})", o.as_of, s.min_day, s.max_day - 1,
                                 s.min_day, s.max_day))
        .raised_on_all_ranks();
}

// The department dictionary, or nothing when no product carries a department.
std::vector<std::string> departments_in_use(const io::ProductTable& products) {
  for (auto code : products.department.codes)
    if (code >= 0) return products.department.names;
  return {};
}

// Outcomes of one system for the rank's evaluated households (in household order) and the
// products it listed to them.
std::vector<OutcomeRecord> score_system(const engine::CouponTable& table, const engine::BacktestSplit& split,
                                        const std::vector<std::int64_t>& evaluated,
                                        std::vector<std::uint8_t>& listed) {
  std::vector<OutcomeRecord> out(evaluated.size());
  tbb::parallel_for(std::size_t{0}, evaluated.size(), [&](std::size_t i) {
    const std::int64_t h = evaluated[i];
    out[i] = OutcomeRecord::from(engine::score_list(table.products_of(h), split.truth.of(h), split.before.of(h)));
  });
  for (std::int64_t h : evaluated) engine::mark_listed(table.products_of(h), listed);
  return out;
}

HouseholdFact fact_of(const engine::BacktestSplit& split, std::int64_t h) {
  HouseholdFact f;
  const auto truth = split.truth.of(h);
  const auto before = split.before.of(h);
  f.truth = static_cast<std::int32_t>(truth.size());
  for (std::int32_t p : truth) f.truth_before += std::binary_search(before.begin(), before.end(), p) ? 1 : 0;
  f.baskets = split.baskets[h];
  f.lines = split.lines[h];
  return f;
}

}  // namespace

int run_evaluate(const EvaluateOptions& o, const Comm& comm) {
  Progress clock("evaluate", 0, "households", false);  // the job's stopwatch
  if (o.k < 1 || o.k > 100) throw UsageError("--k must be in 1..100").raised_on_all_ranks();
  if (o.window < 1) throw UsageError("--window must be at least 1").raised_on_all_ranks();
  if (o.lift && o.coupons.empty())
    throw UsageError("--lift needs --coupons (a coupons file scored with a control group)").raised_on_all_ranks();
  const JobConfig settings = on_all_ranks(comm, o.config, [&] { return load_config(o.config); });
  std::optional<AtomicOutput> json_file, report_folder;
  if (!o.json.empty()) json_file.emplace(o.json, o.overwrite, comm);
  if (!o.report.empty()) report_folder.emplace(o.report, o.overwrite, comm);

  // Read: dictionaries on every rank, transactions of this rank's households only.
  io::StoreReader store = on_all_ranks(comm, o.store, [&] { return io::StoreReader::open(o.store, comm.raw()); });
  const io::StoreSummary summary = store.summary();
  check_as_of(o, summary);
  const io::HouseholdTable households = on_all_ranks(comm, o.store, [&] { return store.households(); });
  const io::ProductTable products = on_all_ranks(comm, o.store, [&] { return store.products(); });
  const RankShare share = split_households(households.offset, comm);
  const engine::HistoryBlock history =
      on_all_ranks(comm, o.store, [&] { return load_history(store, households.offset, share.mine); });
  store.close();
  if (comm.is_root())
    spdlog::info("evaluate: {} ({} households, days {}-{}) on {} rank(s); as of day {}, window {}, K = {}",
                 o.store, summary.households, summary.min_day, summary.max_day, comm.size(), o.as_of,
                 o.window, o.k);
  throw_if_stop_requested("evaluate/read");

  // Cut at T: what the systems may see, and what they are judged on.
  const engine::BacktestSplit split = engine::split_at(history, o.as_of, o.window);
  const engine::HistoryBlock up_to = history.up_to(o.as_of);
  std::vector<std::int64_t> evaluated;
  for (std::int64_t h = 0; h < history.households(); ++h)
    if (split.evaluated(h)) evaluated.push_back(h);

  evaluate::Result result;
  result.store = o.store;
  result.store_fingerprint = summary.fingerprint;
  result.as_of = o.as_of;
  result.window = o.window;
  result.k = o.k;
  result.store_min_day = summary.min_day;
  result.store_max_day = summary.max_day;
  result.store_households = summary.households;
  result.store_products = summary.products;
  result.ranks = comm.size();
  if (static_cast<std::int64_t>(o.as_of) + o.window > summary.max_day)
    result.notes.push_back(fmt::format("the window ends on day {}, after the store's last day {}: "
                                       "the truth is cut short", o.as_of + o.window, summary.max_day));

  // The systems, the judged one first.
  std::vector<System> systems;
  if (!o.coupons.empty()) {
    evaluate::LoadedCoupons loaded = evaluate::load_coupons(o.coupons, o.as_of, o.k, households.id, products.id, share.mine);
    result.coupons_path = o.coupons;
    result.coupons_run_id = loaded.run_id;
    const auto unknown_products = comm.allreduce<std::int64_t>(loaded.unknown_products, ReduceOp::sum);
    if (loaded.file_k != o.k)
      result.notes.push_back(fmt::format("the coupons file has K = {}; scored @{}", loaded.file_k, o.k));
    if (loaded.unknown_households > 0)
      result.notes.push_back(fmt::format("{} of {} households in the coupons file are not in the store",
                                         loaded.unknown_households, loaded.file_households));
    if (unknown_products > 0)
      result.notes.push_back(fmt::format("{} coupons name products that are not in the store (never a hit)", unknown_products));
    systems.push_back({"coupons", std::move(loaded.table)});
  } else {
    engine::ScoreConfig config = settings.score;
    config.k = o.k;
    const std::vector<std::int64_t> my_ids(households.id.begin() + share.mine.begin,
                                           households.id.begin() + share.mine.end);
    if (o.tune) {
      std::vector<evaluate::TuningStep> steps;
      config = evaluate::tune(up_to, my_ids, summary.products, o.as_of, o.window, config, comm, steps);
      for (const auto& s : steps)
        result.notes.push_back(fmt::format("tune: {:<24} validation NDCG@{} {:.4f}{}", s.change, o.k,
                                           s.validation_ndcg, s.kept ? " (kept)" : ""));
      result.notes.push_back("tune: validation = history to day " + std::to_string(o.as_of - o.window) +
                             ", truth days " + std::to_string(o.as_of - o.window + 1) + "-" +
                             std::to_string(o.as_of) + " (never the test window)");
    }
    result.engine_config = describe(config);
    systems.push_back({"engine", evaluate::score_with_engine(up_to, my_ids, summary.products, o.as_of,
                                                             config, comm)});
  }
  std::vector<std::int64_t> popularity = engine::product_household_counts(up_to, summary.products);
  comm.allreduce_inplace<std::int64_t>(popularity, ReduceOp::sum);
  const std::vector<std::int32_t> popular = engine::top_popular(popularity, o.k);
  systems.push_back({"global_popularity", engine::popularity_table(up_to, popular, popularity)});
  systems.push_back({"personal_top_frequency", engine::personal_top_frequency(up_to, o.k)});
  throw_if_stop_requested("evaluate/score");

  // Score locally, gather per-household records to rank 0 in household order.
  std::vector<HouseholdFact> local_facts;
  for (std::int64_t h : evaluated) local_facts.push_back(fact_of(split, h));
  const std::vector<HouseholdFact> facts = comm.gatherv_to_root<HouseholdFact>(local_facts);
  std::vector<std::vector<OutcomeRecord>> outcomes;
  std::vector<std::int64_t> coverage;
  std::vector<std::string> names;
  for (const System& s : systems) {
    std::vector<std::uint8_t> listed(static_cast<std::size_t>(summary.products), 0);
    const auto local = score_system(s.table, split, evaluated, listed);
    outcomes.push_back(comm.gatherv_to_root<OutcomeRecord>(local));
    comm.allreduce_inplace<std::uint8_t>(listed, ReduceOp::max);
    coverage.push_back(engine::count_marked(listed));
    names.push_back(s.name);
  }
  // The report describes the judged lists, or personal top frequency when there are none.
  const System& shown = systems.size() > 2 ? systems.front() : systems.back();
  result.lists = evaluate::summarise_lists(shown.name, shown.table, products.department.codes,
                                           departments_in_use(products), comm);

  // The lift view: per-household records in household order, summed on rank 0.
  std::vector<evaluate::LiftRecord> lift_records;
  if (o.lift) {
    const evaluate::LiftLists lift_lists = evaluate::load_lift_lists(o.coupons, households.id, products.id, share.mine);
    lift_records = comm.gatherv_to_root<evaluate::LiftRecord>(evaluate::lift_records(lift_lists, split.truth));
  }

  if (comm.is_root()) {
    if (o.lift) {
      result.lift = evaluate::summarise_lift(lift_records);
      result.lift.first_day = o.as_of + 1;
      result.lift.last_day = o.as_of + o.window;
    }
    evaluate::aggregate(facts, outcomes, names, coverage, o.k, result);
    std::cout << evaluate::format_table(result) << std::flush;
    if (json_file) {
      json_file->write_text(evaluate::to_json(result).dump(2) + "\n");
      json_file->publish_here();
    }
    if (report_folder) evaluate::write_report(*report_folder, result);
    spdlog::info("evaluate: {} evaluated households, {} system(s){}{}; {:.1f} s", result.evaluated,
                 result.systems.size(), o.json.empty() ? "" : "; wrote " + o.json,
                 o.report.empty() ? "" : "; report in " + o.report, clock.elapsed_seconds());
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
