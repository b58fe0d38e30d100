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

// A stored entry updated by a file's entry for the same id: the columns the file has only.
io::ProductInfo updated(io::ProductInfo stored, const io::ProductInfo& file, const io::ProductColumns& has) {
  if (has.department) stored.department = file.department;
  if (has.commodity) stored.commodity = file.commodity;
  if (has.sub_commodity) stored.sub_commodity = file.sub_commodity;
  if (has.brand) stored.brand = file.brand;
  return stored;
}
io::HouseholdInfo updated(io::HouseholdInfo stored, const io::HouseholdInfo& file,
                          const io::HouseholdColumns& has) {
  if (has.consent) stored.consent = file.consent;
  if (has.birth_month) stored.birth_month = file.birth_month;
  if (has.household_type) stored.household_type = file.household_type;
  return stored;
}

// Stored entries overlaid by the file's (both ascending by id; the file's columns only); the
// result ascending by id. An id new to the store takes the file's entry as it is.
template <typename Entry, typename Columns>
std::vector<Entry> overlay(std::vector<Entry> stored, const std::optional<std::vector<Entry>>& file,
                           const Columns& has) {
  if (!file) return stored;
  std::vector<Entry> out;
  out.reserve(stored.size() + file->size());
  std::size_t s = 0;
  for (const Entry& e : *file) {
    for (; s < stored.size() && stored[s].id < e.id; ++s) out.push_back(stored[s]);
    if (s < stored.size() && stored[s].id == e.id)
      out.push_back(updated(stored[s++], e, has));
    else
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
  merged.products = overlay(by_id(product_entries(store.products()), product_entries(catalog.products)),
                            files.products, files.product_columns);
  merged.households =
      overlay(by_id(household_entries(store.households()), household_entries(catalog.households)),
              files.households, files.household_columns);
  return merged;
}

ingest::ReferenceFiles without_empty_entries(ingest::ReferenceFiles references) {
  if (references.products)
    std::erase_if(*references.products, [](const io::ProductInfo& p) {
      return p.department.empty() && p.commodity.empty() && p.sub_commodity.empty() && p.brand.empty();
    });
  if (references.households)
    std::erase_if(*references.households, [](const io::HouseholdInfo& h) {
      return h.consent == -1 && h.birth_month == 0 && h.household_type.empty();
    });
  return references;
}

}  // namespace basketgap::append
