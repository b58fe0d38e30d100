// One backtest window of `evaluate`: the systems' lists as of one day, judged on the W days
// after it. `evaluate` runs it once, or once per window of a rolling backtest (--windows N) on
// the same store read: the history is cut at each as-of day, never read again.
#pragma once

#include <cstdint>

#include "jobs/evaluate/inputs.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap {
class Comm;
struct EvaluateOptions;
struct JobConfig;
}  // namespace basketgap

namespace basketgap::evaluate {

// What a window reports: the main one (the last, as of --as-of) everything; an earlier window of
// a rolling backtest only its metrics (no list summary, no lift: those are of the main window).
enum class WindowRole { main, earlier };

// `o` with its as-of day replaced by `as_of`. Collective; the Result is complete on rank 0 only
// (the other ranks hold the configuration and notes).
Result judge_window(const EvaluateOptions& o, std::int32_t as_of, const JobConfig& settings, const Inputs& in,
                    const Comm& comm, WindowRole role);

}  // namespace basketgap::evaluate
