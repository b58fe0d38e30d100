// `evaluate --lift`, wired: the treated and control lists of this rank's households read from
// the coupons file, judged against the window, summed on rank 0 in household order.
#pragma once

#include <string>

#include "engine/backtest_split.hpp"
#include "jobs/evaluate/inputs.hpp"
#include "jobs/evaluate/lift.hpp"

namespace basketgap::evaluate {

// Collective; the result is meaningful on rank 0 only.
LiftResult measure_lift(const std::string& coupons_path, const Inputs& in, const engine::BacktestSplit& split,
                        std::int32_t as_of, std::int32_t window, const Comm& comm);

}  // namespace basketgap::evaluate
