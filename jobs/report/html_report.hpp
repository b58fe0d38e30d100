// The `evaluate --report DIR` folder: a self-contained index.html (inline CSS, no external
// URL) with the metric tables and the gnuplot PNGs. Rank 0 only.
#pragma once

#include <string>

#include "jobs/cluster/atomic_output.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

// Builds the report in the folder's temporary; the caller publishes it (replacing an old folder,
// which it has allowed with --overwrite) once every output of the run is written.
void write_report(AtomicOutput& folder, const Result& result);

// The page itself; `plot_problem` non-empty replaces the images with that note.
std::string report_html(const Result& result, const std::string& plot_problem);

}  // namespace basketgap::evaluate
