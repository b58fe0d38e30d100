#include "jobs/evaluate/judge_window.hpp"

#include <algorithm>

#include "engine/backtest_split.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/evaluate/aggregate.hpp"
#include "jobs/evaluate/lift_view.hpp"
#include "jobs/evaluate/lists.hpp"
#include "jobs/evaluate/outcomes.hpp"
#include "jobs/evaluate/result_header.hpp"
#include "jobs/evaluate/systems.hpp"
#include "jobs/jobs.hpp"

namespace basketgap::evaluate {

Result judge_window(const EvaluateOptions& options, std::int32_t as_of, const JobConfig& settings,
                    const Inputs& in, const Comm& comm, WindowRole role) {
  EvaluateOptions o = options;
  o.as_of = as_of;

  // Cut at T: what the systems may see, and what they are judged on.
  const engine::BacktestSplit split = engine::split_at(in.history, o.as_of, o.window);
  const engine::HistoryBlock up_to = in.history.up_to(o.as_of);
  const std::vector<std::int64_t> with_truth = evaluated_households(split, in.history.households());
  // A window that judges nobody has no mean: reported as 0 it would read as a worthless engine
  // (and drag a rolling backtest down).
  require_households(
      with_truth, "the window", o.as_of, o.window,
      o.windows > 1 ? " Choose --as-of and --windows around the gap" : " Choose another --as-of", comm);
  Result result = start_result(o, in.summary, comm.size());

  // The systems, the judged one first.
  std::vector<System> systems;
  systems.push_back(system_under_test(o, settings.score, in, up_to, comm, result));
  for (auto& baseline : baselines(up_to, in.summary.products, o.k, comm))
    systems.push_back(std::move(baseline));
  throw_if_stop_requested("evaluate/score");

  // Every system on the same households: those the system under test gives a list.
  const std::vector<std::int64_t> evaluated =
      judged_households(with_truth, systems.front().listing, comm, result.compared);

  const Outcomes outcomes = gather_outcomes(systems, split, evaluated, in.summary.products, comm);
  if (role == WindowRole::main) {
    result.lists = summarise_lists(systems.front().name, systems.front().table, in.products.department.codes,
                                   departments_in_use(in.products), comm);
    if (o.lift) {
      result.lift = measure_lift(o.coupons, in, split, o.as_of, o.window, comm);
      // The days the purchases were counted in: a window past the store's last day holds its days only.
      result.lift.last_day =
          static_cast<std::int32_t>(std::min<std::int64_t>(result.lift.last_day, in.summary.max_day));
    }
  }
  if (comm.is_root())
    aggregate(outcomes.facts, outcomes.outcomes, outcomes.names, outcomes.coverage, o.k, result);
  return result;
}

}  // namespace basketgap::evaluate
