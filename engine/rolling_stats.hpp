// The statistics of a rolling backtest (docs/EVALUATE.md, "Rolling backtest"): N consecutive
// windows, each one value per system (its mean over the window's households). The windows, not
// the households, are the sample: a gain that holds in one window only is noise.
#pragma once

#include <cstdint>
#include <span>

#include "engine/intervals.hpp"

namespace basketgap::engine {

// The mean of the window values with its Student t interval (N - 1 degrees of freedom).
Difference mean_over_windows(std::span<const double> values);

// The system minus a baseline, paired over the windows (both judged in the same windows).
struct WindowComparison {
  Difference difference;     // mean of d_w = system_w - baseline_w, t interval over the windows
  std::int64_t wins = 0;     // windows with d_w > 0 (a tie is no win)
  std::int64_t windows = 0;  // N
};
WindowComparison paired_over_windows(std::span<const double> system, std::span<const double> baseline);

}  // namespace basketgap::engine
