#include "jobs/ingest/catalog.hpp"

#include <algorithm>
#include <iterator>

#include "jobs/ingest/tables.hpp"

namespace basketgap::ingest {

namespace {
// The ids of `entries` (ascending) not in `ids` (ascending).
template <typename Entry>
std::vector<std::int64_t> ids_without_rows(const std::optional<std::vector<Entry>>& entries,
                                           std::span<const std::int64_t> ids) {
  std::vector<std::int64_t> out;
  if (!entries) return out;
  std::vector<std::int64_t> listed(entries->size());
  std::transform(entries->begin(), entries->end(), listed.begin(), [](const Entry& e) { return e.id; });
  std::set_difference(listed.begin(), listed.end(), ids.begin(), ids.end(), std::back_inserter(out));
  return out;
}
}  // namespace

io::CatalogTables build_catalog(std::span<const std::int64_t> product_ids,
                                std::span<const std::int64_t> household_ids,
                                const ReferenceFiles& references) {
  JoinStats ignored;
  io::CatalogTables catalog;
  catalog.products =
      build_product_table(ids_without_rows(references.products, product_ids), references.products, ignored);
  catalog.households = build_household_table(ids_without_rows(references.households, household_ids), {}, {},
                                             references.households, ignored);
  return catalog;
}

}  // namespace basketgap::ingest
