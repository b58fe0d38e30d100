#include "jobs/evaluate/inputs.hpp"
#include "jobs/append/store_readers.hpp"

#include <fmt/format.h>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"
#include "jobs/score/pinned_rows.hpp"

namespace basketgap::evaluate {
namespace {

void check_as_of(std::int32_t as_of, const io::StoreSummary& s) {
  // The truth needs at least one day after T inside the store.
  if (as_of < s.min_day || as_of >= s.max_day)
    throw UsageError(fmt::format("--as-of {} is outside the store's days: it must be in {}..{} "
                                 "(the store holds days {})",
                                 as_of, s.min_day, s.max_day - 1, day_span(s.min_day, s.max_day)))
        .raised_on_all_ranks();
}

}  // namespace

Inputs read_inputs(const std::string& path, std::int64_t store_version, std::int32_t as_of, const Comm& comm,
                   const std::function<void(const io::StoreSummary&)>& check_store) {
  Inputs in;
  // --store-version V: the report a past night wrote, again.
  io::StoreReader store = append::open_head_alike(path, path, store_version, comm, true);
  in.summary = store.summary();
  check_as_of(as_of, in.summary);
  if (check_store) check_store(in.summary);
  in.households = on_all_ranks(comm, path, [&] { return store.households(); });
  in.households.offset = pinned_offsets(store, in.households.offset, comm);
  in.products = on_all_ranks(comm, path, [&] { return store.products(); });
  in.share = split_households(in.households.offset, comm);
  in.history =
      on_all_ranks(comm, path, [&] { return load_history(store, in.households.offset, in.share.mine); });
  store.close();
  return in;
}

}  // namespace basketgap::evaluate
