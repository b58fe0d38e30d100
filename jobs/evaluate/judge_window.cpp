#include "jobs/evaluate/judge_window.hpp"

#include <fmt/format.h>

#include "engine/backtest_split.hpp"
#include "io/errors.hpp"
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
  // A rolling window without a household to judge has no mean: counted as 0 it would drag the
  // mean, the interval and the wins down (a shop closed in those days, a gap in the feed).
  const auto judged = comm.allreduce<std::int64_t>(
      static_cast<std::int64_t>(evaluated_households(split, in.history.households()).size()), ReduceOp::sum);
  if (judged == 0 && o.windows > 1)
    throw InputError(fmt::format("the window as of day {} (purchases of days {}-{}) has no household with a "
                                 "purchase in it and one before: no rows in those days? Choose --as-of and "
                                 "--windows around the gap",
                                 o.as_of, o.as_of + 1, o.as_of + o.window))
        .raised_on_all_ranks();
  Result result = start_result(o, in.summary, comm.size());

  // The systems, the judged one first.
  std::vector<System> systems;
  systems.push_back(system_under_test(o, settings.score, in, up_to, comm, result));
  for (auto& baseline : baselines(up_to, in.summary.products, o.k, comm))
    systems.push_back(std::move(baseline));
  throw_if_stop_requested("evaluate/score");

  // Every system on the same households: those the system under test gives a list.
  const std::vector<std::int64_t> evaluated = judged_households(
      evaluated_households(split, in.history.households()), systems.front().listing, comm, result.compared);

  const Outcomes outcomes = gather_outcomes(systems, split, evaluated, in.summary.products, comm);
  if (role == WindowRole::main) {
    result.lists = summarise_lists(systems.front().name, systems.front().table, in.products.department.codes,
                                   departments_in_use(in.products), comm);
    if (o.lift) result.lift = measure_lift(o.coupons, in, split, o.as_of, o.window, comm);
  }
  if (comm.is_root())
    aggregate(outcomes.facts, outcomes.outcomes, outcomes.names, outcomes.coverage, o.k, result);
  return result;
}

}  // namespace basketgap::evaluate
