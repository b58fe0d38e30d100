// The export's manifest as the ranks build it: what it says before the rows are counted, the
// counts summed over the ranks, and the per-rank load line of the format step.
#pragma once

#include <cstddef>
#include <cstdint>

#include "io/coupons/reader.hpp"
#include "io/export/manifest.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::exporting {

// What the manifest says of the export before its rows are counted.
io::ExportManifest start_manifest(const ExportOptions& o, const io::CouponsFile& coupons,
                                  std::size_t households_in_file, bool pseudonymised);

// Collective: the manifest's counts summed over the ranks.
void sum_counts(io::ExportManifest& m, const Comm& comm);

// One rank's share of the format step, for the load-balance line.
struct RankLoad {
  std::int64_t households = 0, rows = 0;
  std::uint64_t bytes = 0;
  double seconds = 0;
};

// Collective; rank 0 logs every rank's households/rows/bytes/seconds in one line.
void log_load(const RankLoad& mine, const Comm& comm);

}  // namespace basketgap::exporting
