// The `evaluate --report DIR` folder: a self-contained index.html (inline CSS, no external
// URL) with the metric tables and the gnuplot PNGs. Rank 0 only.
#pragma once

#include <string>

#include "jobs/evaluate_results.hpp"

namespace basketgap::evaluate {

// Builds the report in DIR.tmp-<token> and renames it to DIR (replacing an old DIR, which the
// caller has allowed with --overwrite).
void write_report(const std::string& dir, const Result& result, const std::string& token);

// The page itself; `plot_problem` non-empty replaces the images with that note.
std::string report_html(const Result& result, const std::string& plot_problem);

}  // namespace basketgap::evaluate
