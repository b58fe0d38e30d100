// The 95 % intervals of evaluate (docs/EVALUATE.md, "Uncertainty"), on rank 0 over the records
// gathered in household order: each system's metrics, and the system under test minus each
// baseline paired per household. The statistics are the engine's (engine/intervals.hpp).
#pragma once

#include <vector>

#include "jobs/evaluate/aggregate.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// Fills systems[s].intervals and versus (systems[0] minus systems[1..]) of `result`, whose
// systems are aligned with `outcomes`.
void add_intervals(const std::vector<HouseholdFact>& facts,
                   const std::vector<std::vector<OutcomeRecord>>& outcomes, int k, Result& result);

}  // namespace basketgap::evaluate
