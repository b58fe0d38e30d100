#include "io/coupons/file.hpp"

#include "io/hdf5/tables.hpp"

#include <algorithm>

namespace basketgap::io {

CouponsWriter::CouponsWriter(const std::string& path, MPI_Comm comm, std::int64_t households, int k)
    : file_(h5::File::create_parallel(path, comm)), households_(households), k_(k) {
  const auto h = static_cast<hsize_t>(households);
  const auto kk = static_cast<hsize_t>(k);
  household_id_ = h5::Dataset::create<std::int64_t>(file_, "/coupons/household_id", {h});
  product_id_ = h5::Dataset::create<std::int64_t>(file_, "/coupons/product_id", {h, kk});
  score_ = h5::Dataset::create<float>(file_, "/coupons/score", {h, kk});
  reason_ = h5::Dataset::create<std::uint8_t>(file_, "/coupons/reason", {h, kk});
  source_ = h5::Dataset::create<std::int64_t>(file_, "/coupons/source_product_id", {h, kk});
}

void CouponsWriter::write_rows(std::int64_t first, const CouponRows& rows) {
  household_id_.write_rows<std::int64_t>(first, rows.household_id);
  product_id_.write_rows<std::int64_t>(first, rows.product_id);
  score_.write_rows<float>(first, rows.score);
  reason_.write_rows<std::uint8_t>(first, rows.reason);
  source_.write_rows<std::int64_t>(first, rows.source_product_id);
}

void CouponsWriter::write_household_column(const std::string& name, std::int64_t first,
                                           const std::vector<std::int8_t>& values) {
  auto ds = h5::Dataset::create<std::int8_t>(file_, name, {static_cast<hsize_t>(households_)});
  ds.write_rows<std::int8_t>(first, values);
}

void CouponsWriter::write_household_column(const std::string& name, std::int64_t first,
                                           const std::vector<std::int32_t>& values) {
  auto ds = h5::Dataset::create<std::int32_t>(file_, name, {static_cast<hsize_t>(households_)});
  ds.write_rows<std::int32_t>(first, values);
}

void CouponsWriter::write_household_matrix(const std::string& name, std::int64_t first,
                                           const std::vector<std::int64_t>& values) {
  auto ds = h5::Dataset::create<std::int64_t>(file_, name,
                                              {static_cast<hsize_t>(households_), static_cast<hsize_t>(k_)});
  ds.write_rows<std::int64_t>(first, values);
}

void CouponsWriter::write_names(const std::string& dataset, const std::vector<std::string>& names,
                                bool is_writer) {
  write_string_table(file_, dataset, names, is_writer);
}

void CouponsWriter::write_attributes(const Attributes& attributes) { io::write_attributes(file_, attributes); }

void CouponsWriter::write_attribute(const std::string& name, double value) {
  h5::set_attribute(file_, name, value);
}

void CouponsWriter::close() {
  for (auto* ds : {&household_id_, &product_id_, &score_, &reason_, &source_}) *ds = h5::Dataset();
  file_.close();
}

CouponsFile read_coupons(const std::string& path) {
  h5::File file = h5::File::open_read(path);
  if (!h5::has_attribute(file, "format") || h5::get_string_attribute(file, "format") != kCouponsFormat)
    throw Error(exit_data, path + ": not a basketgap coupons file (attribute 'format')");
  const auto version = h5::get_int_attribute(file, "schema_version");
  if (version != kCouponsSchemaVersion)
    throw Error(exit_data, path + ": coupons schema version " + std::to_string(version) +
                               ", this basketgap reads version " + std::to_string(kCouponsSchemaVersion));
  CouponsFile out;
  out.as_of_day = h5::get_int_attribute(file, "as_of_day");
  auto& r = out.rows;
  r.k = static_cast<int>(h5::get_int_attribute(file, "k"));
  r.household_id = h5::Dataset::open(file, "/coupons/household_id").read_all<std::int64_t>();
  r.product_id = h5::Dataset::open(file, "/coupons/product_id").read_all<std::int64_t>();
  r.score = h5::Dataset::open(file, "/coupons/score").read_all<float>();
  r.reason = h5::Dataset::open(file, "/coupons/reason").read_all<std::uint8_t>();
  r.source_product_id = h5::Dataset::open(file, "/coupons/source_product_id").read_all<std::int64_t>();
  out.reason_names = h5::Dataset::open(file, "/coupons/reason_names").read_strings();
  const std::size_t cells = r.household_id.size() * static_cast<std::size_t>(r.k);
  if (r.product_id.size() != cells || r.score.size() != cells || r.reason.size() != cells ||
      r.source_product_id.size() != cells)
    throw Error(exit_data, path + ": /coupons datasets do not have the shape [households, k]");
  return out;
}

}  // namespace basketgap::io
