#include "jobs/ingest/tables.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "jobs/ingest/catalog.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/sort_pass.hpp"

namespace basketgap::ingest {

io::CodedColumn encode(const std::vector<std::string>& values) {
  io::CodedColumn column;
  column.names = values;
  std::sort(column.names.begin(), column.names.end());
  column.names.erase(std::unique(column.names.begin(), column.names.end()), column.names.end());
  if (!column.names.empty() && column.names.front().empty()) column.names.erase(column.names.begin());
  column.codes.reserve(values.size());
  for (const auto& v : values) {
    if (v.empty()) {
      column.codes.push_back(-1);
      continue;
    }
    const auto it = std::lower_bound(column.names.begin(), column.names.end(), v);
    column.codes.push_back(static_cast<std::int32_t>(it - column.names.begin()));
  }
  return column;
}

namespace {
// Walks the ascending dictionary and the ascending side file together; calls
// `on_match(index, entry)` for every dictionary id the file describes.
template <typename Entry, typename OnMatch>
void join_sorted(std::span<const std::int64_t> ids, const std::vector<Entry>& entries, JoinStats& stats,
                 OnMatch on_match) {
  std::size_t e = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    while (e < entries.size() && entries[e].id < ids[i]) {
      ++stats.unused;
      ++e;
    }
    if (e < entries.size() && entries[e].id == ids[i]) {
      on_match(i, entries[e]);
      ++stats.matched;
      ++e;
    } else {
      ++stats.unmatched;
    }
  }
  stats.unused += static_cast<std::int64_t>(entries.size() - e);
}
}  // namespace

io::ProductTable build_product_table(std::span<const std::int64_t> ids,
                                     const std::optional<std::vector<io::ProductInfo>>& products,
                                     JoinStats& stats) {
  io::ProductTable table;
  table.id.assign(ids.begin(), ids.end());
  std::vector<std::string> department(ids.size()), commodity(ids.size()), sub_commodity(ids.size()),
      brand(ids.size());
  if (products) {
    join_sorted(ids, *products, stats, [&](std::size_t i, const io::ProductInfo& p) {
      department[i] = p.department;
      commodity[i] = p.commodity;
      sub_commodity[i] = p.sub_commodity;
      brand[i] = p.brand;
    });
  } else {
    stats.unmatched = static_cast<std::int64_t>(ids.size());
  }
  table.department = encode(department);
  table.commodity = encode(commodity);
  table.sub_commodity = encode(sub_commodity);
  table.brand = encode(brand);
  return table;
}

io::HouseholdTable build_household_table(std::span<const std::int64_t> ids, std::vector<std::int64_t> offsets,
                                         std::vector<std::int32_t> baskets,
                                         const std::optional<std::vector<io::HouseholdInfo>>& households,
                                         JoinStats& stats) {
  io::HouseholdTable table;
  table.id.assign(ids.begin(), ids.end());
  table.offset = std::move(offsets);
  table.baskets = std::move(baskets);
  table.consent.assign(ids.size(), -1);
  table.birth_month.assign(ids.size(), 0);
  std::vector<std::string> type(ids.size());
  if (households) {
    join_sorted(ids, *households, stats, [&](std::size_t i, const io::HouseholdInfo& h) {
      table.consent[i] = h.consent;
      table.birth_month[i] = h.birth_month;
      type[i] = h.household_type;
    });
  } else {
    stats.unmatched = static_cast<std::int64_t>(ids.size());
  }
  table.type = encode(type);
  return table;
}

StoreTables build_store_tables(const Dictionaries& dictionaries, const SortPass& sorted,
                               const ReferenceFiles& references, bool log) {
  StoreTables tables;
  tables.products = build_product_table(dictionaries.product_ids, references.products, tables.product_join);
  tables.households = build_household_table(dictionaries.household_ids, sorted.offsets, sorted.baskets,
                                            references.households, tables.household_join);
  tables.catalog = build_catalog(dictionaries.product_ids, dictionaries.household_ids, references);
  if (log && references.products)
    spdlog::info(
        "ingest: products file describes {} of {} products ({} unknown; {} listed products never bought)",
        tables.product_join.matched, dictionaries.product_ids.size(), tables.product_join.unmatched,
        tables.product_join.unused);
  if (log && references.households)
    spdlog::info(
        "ingest: households file describes {} of {} households ({} unknown; {} listed without purchases)",
        tables.household_join.matched, dictionaries.household_ids.size(), tables.household_join.unmatched,
        tables.household_join.unused);
  return tables;
}

}  // namespace basketgap::ingest
