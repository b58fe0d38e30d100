// The coupons file written by `score` (public contract, docs/FORMATS.md): one row per household
// with its K coupons, best first, plus the campaign columns. Written collectively.
#pragma once

#include <mpi.h>

#include <cstdint>
#include <string>
#include <vector>

#include "io/hdf5/h5.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

inline constexpr const char* kCouponsFormat = "basketgap-coupons";
inline constexpr std::int64_t kCouponsSchemaVersion = 1;

// A slice of consecutive coupon rows (or a whole file once read), external ids.
struct CouponRows {
  int k = 12;
  std::vector<std::int64_t> household_id;       // [H]
  std::vector<std::int64_t> product_id;         // [H*K], -1 empty
  std::vector<float> score;                     // [H*K]
  std::vector<std::uint8_t> reason;             // [H*K], codes named by reason_names
  std::vector<std::int64_t> source_product_id;  // [H*K], -1 unless cross-sell
  std::size_t households() const { return household_id.size(); }
};

class CouponsWriter {
 public:
  CouponsWriter(const std::string& path, MPI_Comm comm, std::int64_t households, int k);
  void write_rows(std::int64_t first_household, const CouponRows& rows);  // collective
  // Per-household int8/int32 columns under /households (consent, control, tier ...).
  void write_household_column(const std::string& name, std::int64_t first_household,
                              const std::vector<std::int8_t>& values);
  void write_household_column(const std::string& name, std::int64_t first_household,
                              const std::vector<std::int32_t>& values);
  // A per-household int64 [H, K] matrix under /households (control_product_id), row-major.
  void write_household_matrix(const std::string& name, std::int64_t first_household,
                              const std::vector<std::int64_t>& values);
  void write_names(const std::string& dataset, const std::vector<std::string>& names, bool is_writer);
  void write_attributes(const Attributes& attributes);
  void write_attribute(const std::string& name, double value);  // e.g. control_share
  void close();

 private:
  h5::File file_;
  std::int64_t households_;
  int k_;
  h5::Dataset household_id_, product_id_, score_, reason_, source_;
};

struct CouponsFile {
  CouponRows rows;
  std::vector<std::string> reason_names;
  Attributes attributes;
  std::int64_t as_of_day = 0;
};

// Reads a whole coupons file (validates format, version and shapes); errors name the dataset.
CouponsFile read_coupons(const std::string& path);

}  // namespace basketgap::io
