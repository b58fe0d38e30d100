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

// The "lift" object of the JSON (--lift).
nlohmann::ordered_json lift_json(const LiftResult& lift);

}  // namespace basketgap::evaluate
