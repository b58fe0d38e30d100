// `append --no-sales-day D`: a night's file with a header and no rows — the shop sold nothing
// on day D (a holiday) — recorded as a version of its own: no rows and no segment, the day
// covered (so `score --as-of D` is not stale), the night's products/households files applied
// as any night's (an opt-out on a closed day still counts).
#pragma once

#include <cstdint>
#include <string>

#include "io/store/provenance.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
class Comm;
}
namespace basketgap::io {
class StoreReader;
}

namespace basketgap::append {

// Collective. Records version last + 1 as the night without sales of `day` (`night`: its
// file's sources; the night's products/households files, `o`'s, applied as any night's) and
// publishes the new head. `day` must be the day after the store's last: 64 for a day it covers,
// 65 (naming the days missing between) for a later one.
void record_no_sales_night(const AppendOptions& o, io::StoreReader& stored, std::int64_t day,
                           const io::StoreSources& night, const Comm& comm);

}  // namespace basketgap::append
