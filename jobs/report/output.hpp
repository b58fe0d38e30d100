// `evaluate` results for people (a fixed-width table) and for scripts (JSON). Rank 0 only.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

std::string format_table(const Result& result);

// The JSON document (layout in docs/EVALUATE.md). Holds nothing that depends on the rank or
// thread count or the clock, so reruns give the same bytes.
nlohmann::ordered_json to_json(const Result& result);

// An estimate with its standard error and interval bounds (null when there is none), under
// the keys of its section: per-household intervals, or the rolling backtest's over windows.
struct IntervalKeys {
  const char* estimate;
  const char* low;
  const char* high;
};
inline constexpr IntervalKeys kHouseholdIntervalKeys{"estimate", "ci95_low", "ci95_high"};
inline constexpr IntervalKeys kWindowIntervalKeys{"mean", "ci_low", "ci_high"};
nlohmann::ordered_json interval_json(const engine::Difference& d, const IntervalKeys& keys);

// The "lift" object of the JSON (--lift).
nlohmann::ordered_json lift_json(const LiftResult& lift);

}  // namespace basketgap::evaluate
