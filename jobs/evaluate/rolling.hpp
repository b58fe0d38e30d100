// The rolling backtest's summary (docs/EVALUATE.md, "Rolling backtest"), on rank 0: each
// window's figures taken from its Result (summed in household order, so the same bytes for any
// rank count), then per metric and system the mean over the windows with its t interval, and
// the system under test minus each baseline paired over the windows. The statistics are the
// engine's (engine/rolling_stats.hpp).
#pragma once

#include <string>
#include <vector>

#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// kRollingMetrics of one system: the four means, then repeat and explore hits per household.
RollingValues rolling_values(const engine::SystemMetrics& m);

// One window's line of the rolling backtest, from its complete Result.
RollingWindow window_figures(const Result& window);

// The summary over `windows` (earliest first, at least one), whose systems are `systems`.
Rolling summarise_windows(std::vector<RollingWindow> windows, std::vector<std::string> systems);

}  // namespace basketgap::evaluate
