// The PNG plots of the `evaluate` report, drawn by gnuplot run as a subprocess (rank 0 only)
// from data files written beside them.
#pragma once

#include <string>
#include <vector>

#include "jobs/evaluate/results.hpp"

namespace basketgap::evaluate {

struct Plot {
  std::string file;  // PNG name inside the report folder
  std::string title;
  std::string caption;
};

// The plots this result calls for (department plot only with a product hierarchy, score plot
// only when lists were summarised).
std::vector<Plot> plots_for(const Result& result);

// Writes the data files and plots.gp into `dir` and runs gnuplot there. Returns "" on
// success, else why no images were drawn (gnuplot missing or failing) for the report.
std::string draw_plots(const std::string& dir, const Result& result);

}  // namespace basketgap::evaluate
