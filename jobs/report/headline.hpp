// The sentence an analyst reads first (docs/EVALUATE.md, "Headline"), and the number formats
// the text table and the report share for intervals.
#pragma once

#include <cstdint>
#include <string>

#include "engine/intervals.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// e.g. "the coupons file: NDCG@12 0.222 (95% CI 0.214–0.230), +0.017 over personal top
// frequency (95% CI +0.012 to +0.022), on 1,109 households". Compared with the baseline of the
// highest NDCG; "no clear difference" when the paired interval holds 0.
std::string headline(const Result& r);

// "the basketgap engine" for "engine", "the coupons file" for "coupons", else display_name.
std::string subject(const std::string& system);

// The NDCG difference `d` against `baseline` in words: "+0.017 over personal top frequency
// (95% CI +0.012 to +0.022)", "... under ...", or "no clear difference from ... (+d, 95% CI ...)".
std::string difference_phrase(const engine::Difference& d, const std::string& baseline);

// "1,109"
std::string grouped(std::int64_t n);

// "0.2101–0.2345" (a metric's interval) or "+0.0050 to +0.0150" (a difference's); "n/a" when
// there is none (fewer than 2 households).
std::string interval_text(const engine::Difference& d, int digits);
std::string difference_interval_text(const engine::Difference& d, int digits);

// "personal top frequency" for "personal_top_frequency".
std::string display_name(const std::string& system);

// How the households were chosen when a coupons file is judged (empty in engine mode).
std::string comparison_text(const Result& r);

// The judged households' name in the reports: "evaluated households", or, judging a coupons
// file, "judged households" (the evaluated households the file gives a list), with
// judged_households_clause saying so after the definition (empty in engine mode).
std::string judged_households_noun(const Result& r);
std::string judged_households_clause(const Result& r);

}  // namespace basketgap::evaluate
