// The rolling backtest (`evaluate --windows N`, docs/EVALUATE.md "Rolling backtest") in the
// three outputs: a section of the text table, the JSON's `rolling` object and a section of the
// HTML report. Only when Result::rolling is present (N > 1). Rank 0 only.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

std::string rolling_text(const Result& r);
nlohmann::ordered_json rolling_json(const Result& r);
std::string rolling_html(const Result& r);

}  // namespace basketgap::evaluate
