// `basketgap evaluate`: the next-window backtest (../shared/docs/EVALUATION.md, docs/EVALUATE.md).
//
// Each rank reads its households (balanced by rows) from the store, cuts them at the as-of
// day into history and truth, and scores the lists of every system: the coupons file (or the
// scoring engine) and the two baselines, all on the households the judged system gives a list.
// Per-household outcomes are gathered to rank 0 in household order and summed there, so the
// table and the JSON are the same bytes for any number of ranks or threads.
#include <spdlog/spdlog.h>

#include <iostream>
#include <optional>

#include "engine/backtest_split.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/evaluate/aggregate.hpp"
#include "jobs/evaluate/inputs.hpp"
#include "jobs/evaluate/lift_view.hpp"
#include "jobs/evaluate/lists.hpp"
#include "jobs/evaluate/outcomes.hpp"
#include "jobs/evaluate/result_header.hpp"
#include "jobs/evaluate/systems.hpp"
#include "jobs/jobs.hpp"
#include "jobs/report/html_report.hpp"
#include "jobs/report/output.hpp"

namespace basketgap {
namespace {

void check_options(const EvaluateOptions& o) {
  if (o.k < 1 || o.k > 100) throw UsageError("--k must be in 1..100").raised_on_all_ranks();
  if (o.window < 1) throw UsageError("--window must be at least 1").raised_on_all_ranks();
  if (o.lift && o.coupons.empty())
    throw UsageError("--lift needs --coupons (a coupons file scored with a control group)")
        .raised_on_all_ranks();
}

}  // namespace

int run_evaluate(const EvaluateOptions& o, const Comm& comm) {
  Progress clock("evaluate", 0, "households", false);  // the job's stopwatch
  check_options(o);
  const JobConfig settings = on_all_ranks(comm, o.config, [&] { return load_config(o.config); });
  std::optional<AtomicOutput> json_file, report_folder;
  if (!o.json.empty()) json_file.emplace(o.json, o.overwrite, comm);
  if (!o.report.empty()) report_folder.emplace(o.report, o.overwrite, comm);

  // Read: dictionaries on every rank, transactions of this rank's households only.
  const evaluate::Inputs in = evaluate::read_inputs(o.store, o.as_of, comm);
  if (comm.is_root())
    spdlog::info("evaluate: {} ({} households, days {}-{}) on {} rank(s); as of day {}, window {}, K = {}",
                 o.store, in.summary.households, in.summary.min_day, in.summary.max_day, comm.size(), o.as_of,
                 o.window, o.k);
  throw_if_stop_requested("evaluate/read");

  // Cut at T: what the systems may see, and what they are judged on.
  const engine::BacktestSplit split = engine::split_at(in.history, o.as_of, o.window);
  const engine::HistoryBlock up_to = in.history.up_to(o.as_of);
  evaluate::Result result = evaluate::start_result(o, in.summary, comm.size());

  // The systems, the judged one first.
  std::vector<evaluate::System> systems;
  systems.push_back(evaluate::system_under_test(o, settings.score, in, up_to, comm, result));
  for (auto& baseline : evaluate::baselines(up_to, in.summary.products, o.k, comm))
    systems.push_back(std::move(baseline));
  throw_if_stop_requested("evaluate/score");

  // Every system on the same households: those the system under test gives a list.
  const std::vector<std::int64_t> evaluated =
      evaluate::judged_households(evaluate::evaluated_households(split, in.history.households()),
                                  systems.front().listing, comm, result.compared);

  const evaluate::Outcomes outcomes =
      evaluate::gather_outcomes(systems, split, evaluated, in.summary.products, comm);
  result.lists =
      evaluate::summarise_lists(systems.front().name, systems.front().table, in.products.department.codes,
                                evaluate::departments_in_use(in.products), comm);
  if (o.lift) result.lift = evaluate::measure_lift(o.coupons, in, split, o.as_of, o.window, comm);

  if (comm.is_root()) {
    evaluate::aggregate(outcomes.facts, outcomes.outcomes, outcomes.names, outcomes.coverage, o.k, result);
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
