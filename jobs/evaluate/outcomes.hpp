// Every system's per-household outcomes, gathered to rank 0 in household order (so the sums,
// and the JSON, are the same bytes for any rank count), with each system's catalogue coverage.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/backtest_split.hpp"
#include "jobs/evaluate/aggregate.hpp"
#include "jobs/evaluate/systems.hpp"

namespace basketgap::evaluate {

struct Outcomes {
  std::vector<HouseholdFact> facts;                  // rank 0: one per evaluated household
  std::vector<std::vector<OutcomeRecord>> outcomes;  // rank 0: [system][evaluated household]
  std::vector<std::int64_t> coverage;                // distinct products listed, per system
  std::vector<std::string> names;                    // per system
};

// The rank's households that have a truth to be judged on, in household order.
std::vector<std::int64_t> evaluated_households(const engine::BacktestSplit& split, std::int64_t households);

// Throws InputError (on every rank: the count is global) when no rank has an evaluated household
// in the window as of `as_of`: it has no mean, and counted as 0 it would drag a backtest down (a
// shop closed in those days, a gap in the feed). `what` names the window; `advice` follows.
// Collective.
void require_households(const std::vector<std::int64_t>& evaluated, const std::string& what,
                        std::int32_t as_of, std::int32_t window, const std::string& advice, const Comm& comm);

// Of `evaluated`, those every system is judged on: the households the system under test gives
// a list (`listing` empty: all). Counts those left out, over all ranks, in `compared`. Collective.
std::vector<std::int64_t> judged_households(const std::vector<std::int64_t>& evaluated,
                                            const std::vector<Listing>& listing, const Comm& comm,
                                            Comparison& compared);

// Collective.
Outcomes gather_outcomes(const std::vector<System>& systems, const engine::BacktestSplit& split,
                         const std::vector<std::int64_t>& evaluated, std::int64_t products, const Comm& comm);

}  // namespace basketgap::evaluate
