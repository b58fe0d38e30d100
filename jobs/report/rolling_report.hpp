// The rolling backtest (`evaluate --windows N`, docs/EVALUATE.md "Rolling backtest") in the
// three outputs: a section of the text table, the JSON's `rolling` object and a section of the
// HTML report. Only when Result::rolling is present (N > 1). Rank 0 only.
#pragma once

#include <nlohmann/json.hpp>

#include <string>

#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// "over 4 windows, the basketgap engine: NDCG@12 0.221 (95% CI 0.210–0.232), +0.015 over
// personal top frequency (95% CI +0.010 to +0.020), ahead in 4 of 4 windows": against the
// baseline of the highest mean NDCG, with the t interval over the windows.
std::string rolling_headline(const Result& r);

std::string rolling_text(const Result& r);
nlohmann::ordered_json rolling_json(const Result& r);
std::string rolling_html(const Result& r);

}  // namespace basketgap::evaluate
