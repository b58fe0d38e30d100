// Writes the coupons file collectively with parallel HDF5: every rank passes its part (its
// consecutive rows, possibly none) and the same names and attributes.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <functional>
#include <string>

#include "io/coupons/tables.hpp"

namespace basketgap::io {

// What one rank writes.
struct CouponsPart {
  std::int64_t first_row = 0;  // where this rank's rows start: after the lower ranks' rows
  std::int64_t file_rows = 0;  // rows of the whole file
  CouponRows rows;
  CouponHouseholdColumns households;  // aligned with rows
  CouponCodeNames names;
  CouponsAttributes attributes;
};

// Collective over `comm`: creates `path` and writes every dataset and root attribute.
// `is_writer`: this rank writes the name tables (exactly one rank should).
// `before_close` (if set) runs on every rank after the last write and before the collective
// close (the caller's check that the close has room: it may throw, leaving the file unclosed).
// `after_dataset` (if set) runs after each of the kCouponsWriteSteps steps of the write (a
// dataset, or a few small ones) with how many are done: the caller's progress lines, as a file
// of millions of households takes a while.
inline constexpr int kCouponsWriteSteps = 10;
void write_coupons(const std::string& path, MPI_Comm comm, const CouponsPart& part, bool is_writer,
                   const std::function<void()>& before_close = {},
                   const std::function<void(int)>& after_dataset = {});

}  // namespace basketgap::io
