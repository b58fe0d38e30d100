// Logging set-up shared by every job: one line per event, with time, rank and level, readable
// in a Slurm log. Rank 0 logs info; other ranks log warnings and errors only.
#pragma once

#include <spdlog/spdlog.h>

namespace basketgap {

void setup_logging(int rank, bool verbose, bool quiet);

}  // namespace basketgap
