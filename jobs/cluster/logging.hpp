// Logging set-up shared by every job: one line per event, with time, rank and level, readable
// in a Slurm log. Rank 0 logs info; other ranks log warnings and errors only.
#pragma once

#include <spdlog/spdlog.h>

namespace basketgap {

void setup_logging(int rank, bool verbose, bool quiet);

// Every rank's one info line at start, `rank R on host H (pid P)`: which node and process a
// rank is, for a job spread over nodes (not with --quiet).
void log_rank_placement(int rank, bool quiet);

}  // namespace basketgap
