#include "jobs/append/merged_references.hpp"

#include <algorithm>
#include <iterator>

#include "io/store/reader.hpp"

namespace basketgap::append {

namespace {
std::string name_of(const io::CodedColumn& column, std::size_t i) {
  const std::int32_t code = column.codes[i];
  return code >= 0 ? column.names[static_cast<std::size_t>(code)] : std::string();
}

// Stored entries overlaid by the file's (both ascending by id); the result ascending by id.
template <typename Entry>
std::vector<Entry> overlay(std::vector<Entry> stored, const std::optional<std::vector<Entry>>& file) {
  if (!file) return stored;
  std::vector<Entry> out;
  out.reserve(stored.size() + file->size());
  std::size_t s = 0;
  for (const Entry& e : *file) {
    for (; s < stored.size() && stored[s].id < e.id; ++s) out.push_back(stored[s]);
    if (s < stored.size() && stored[s].id == e.id) ++s;  // the file's entry replaces it
    out.push_back(e);
  }
  for (; s < stored.size(); ++s) out.push_back(stored[s]);
  return out;
}

std::vector<io::ProductInfo> product_entries(const io::ProductTable& products) {
  std::vector<io::ProductInfo> entries(products.id.size());
  for (std::size_t i = 0; i < products.id.size(); ++i) {
    io::ProductInfo& p = entries[i];
    p.id = products.id[i];
    p.department = name_of(products.department, i);
    p.commodity = name_of(products.commodity, i);
    p.sub_commodity = name_of(products.sub_commodity, i);
    p.brand = name_of(products.brand, i);
  }
  return entries;
}

std::vector<io::HouseholdInfo> household_entries(const io::HouseholdTable& households) {
  std::vector<io::HouseholdInfo> entries(households.id.size());
  for (std::size_t i = 0; i < households.id.size(); ++i) {
    io::HouseholdInfo& h = entries[i];
    h.id = households.id[i];
    h.consent = households.consent[i];
    h.birth_month = households.birth_month[i];
    h.household_type = name_of(households.type, i);
  }
  return entries;
}

// The store's own entries and its catalog's (ids disjoint), merged ascending by id.
template <typename Entry>
std::vector<Entry> by_id(const std::vector<Entry>& with_rows, const std::vector<Entry>& without_rows) {
  std::vector<Entry> out;
  out.reserve(with_rows.size() + without_rows.size());
  std::merge(with_rows.begin(), with_rows.end(), without_rows.begin(), without_rows.end(),
             std::back_inserter(out), [](const Entry& a, const Entry& b) { return a.id < b.id; });
  return out;
}
}  // namespace

ingest::ReferenceFiles merged_references(const io::StoreReader& store, ingest::ReferenceFiles files) {
  const io::CatalogTables catalog = store.catalog();
  ingest::ReferenceFiles merged;
  merged.products =
      overlay(by_id(product_entries(store.products()), product_entries(catalog.products)), files.products);
  merged.households = overlay(
      by_id(household_entries(store.households()), household_entries(catalog.households)), files.households);
  return merged;
}

}  // namespace basketgap::append
