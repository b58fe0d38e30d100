// What `evaluate` reads from the store: the dictionaries on every rank and this rank's
// households (balanced by rows), all days; the as-of day checked against the store's days.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/history.hpp"
#include "io/store/reader.hpp"
#include "jobs/score/history_loader.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::evaluate {

struct Inputs {
  io::StoreSummary summary;
  io::HouseholdTable households;
  io::ProductTable products;
  RankShare share;
  engine::HistoryBlock history;  // this rank's households, every day
};

// Collective. UsageError on every rank when `as_of` leaves no day of truth inside the store.
// `store_version` > 0 reads the store as of that version (batches 1..V; summary, households'
// rows and days as then). `check_store` (if set) may throw on the summary before any row is read.
Inputs read_inputs(const std::string& store_path, std::int64_t store_version, std::int32_t as_of,
                   const Comm& comm, const std::function<void(const io::StoreSummary&)>& check_store = {});

}  // namespace basketgap::evaluate
