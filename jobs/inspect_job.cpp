// `basketgap inspect STORE.h5 [--json]`: what a store holds, for people and for scripts.
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <iostream>

#include "io/json_text.hpp"
#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"
#include "jobs/jobs.hpp"
#include "jobs/score/product_categories.hpp"

namespace basketgap {

namespace {
// What a batch added: rows, a day without sales, or (a retraction) nothing of its own.
std::string batch_text(const io::BatchRecord& b) {
  if (b.no_sales_night())
    return fmt::format("no sales on day {}, {} ({})", b.first_day, b.source, b.source_xxh3);
  if (!b.covers_days()) return b.source;  // "retract of version V (file)"
  return fmt::format("{} rows, days {}, {} ({})", b.rows, day_span(b.first_day, b.last_day), b.source,
                     b.source_xxh3);
}
}  // namespace

int run_inspect(const InspectOptions& o, const Comm& comm) {
  if (!comm.is_root()) return exit_ok;  // a read-only report: rank 0 alone
  // Resolved once (a "current" link switched meanwhile), held while read: a compact meanwhile
  // keeps the segments read here.
  const append::StoreReaders readers(o.store);
  io::StoreReader store = io::StoreReader::open(readers.file());
  // Every segment there and the one its batch wrote (exit 66 / 65 as for score): a store copied
  // without its folder must not look whole here.
  if (store.segmented()) io::open_segments(store);
  const io::StoreSummary& s = store.summary();
  const io::HouseholdTable households = store.households();
  const io::ProductTable products = store.products();
  // The categories `score` would use with its default level (docs/SCORING.md "Categories").
  const ProductCategories categories = product_categories(products, engine::ScoreConfig{}.category_level);
  std::int64_t consented = 0, no_consent = 0;
  for (auto c : households.consent) {
    if (c == 1)
      ++consented;
    else if (c == 0)
      ++no_consent;
  }
  std::int64_t with_department = 0;
  for (auto d : products.department.codes) with_department += d >= 0;

  if (o.json) {
    nlohmann::ordered_json j;
    j["store"] = o.store;
    j["schema_version"] = s.schema_version;
    j["store_version"] = s.store_version;
    j["rows"] = s.rows;
    j["households"] = s.households;
    j["products"] = s.products;
    j["baskets"] = s.baskets;
    j["min_day"] = s.min_day;
    j["max_day"] = s.max_day;
    j["households_consented"] = consented;
    j["households_not_consented"] = no_consent;
    j["products_with_department"] = with_department;
    j["departments"] = products.department.names.size();
    j["commodities"] = products.commodity.names.size();
    j["category_level"] = engine::category_level_name(categories.level);  // what score uses by default
    j["categories"] = categories.count();
    nlohmann::ordered_json attrs;
    for (const auto& [name, value] : s.attributes) std::visit([&](const auto& v) { attrs[name] = v; }, value);
    j["attributes"] = attrs;
    nlohmann::ordered_json batches = nlohmann::ordered_json::array();
    for (const io::BatchRecord& b : s.batches)
      batches.push_back({{"version", b.version},
                         {"source", b.source},
                         {"source_xxh3", b.source_xxh3},
                         {"rows", b.rows},
                         {"rejected_lines", b.rejected_lines},
                         {"first_day", b.first_day},
                         {"last_day", b.last_day},
                         {"utc_time", b.utc_time},
                         {"fingerprint", b.fingerprint},
                         {"segment", b.segment},
                         {"retracted_in", b.retracted_in},
                         {"no_sales", b.no_sales_night()}});
    j["batches"] = batches;
    std::cout << io::json_text(j);
    return exit_ok;
  }
  std::cout << fmt::format("store        {}\n", o.store)
            << fmt::format(
                   "schema       v{}{}\n", s.schema_version,
                   store.segmented() ? fmt::format(" (rows in {}/)", io::segments_folder(o.store)) : "")
            << fmt::format("rows         {}\n", s.rows)
            << fmt::format("households   {} ({} consented, {} not, {} unknown)\n", s.households, consented,
                           no_consent, s.households - consented - no_consent)
            << fmt::format("products     {} ({} with a department; {} departments, {} commodities)\n",
                           s.products, with_department, products.department.names.size(),
                           products.commodity.names.size())
            << fmt::format("categories   {}\n", categories.of_product.empty()
                                                    ? "none: no product has a commodity (no products file)"
                                                    : categories.describe() + " (score's default level)")
            << fmt::format("baskets      {}\n", s.baskets)
            << fmt::format("days         {} - {}\n", s.min_day, s.max_day)
            << fmt::format("version      {} ({} batch(es))\n", s.store_version, s.batches.size());
  for (const io::BatchRecord& b : s.batches)
    std::cout << fmt::format("  v{:<4} {} {}{}{}\n", b.version, batch_text(b), b.utc_time,
                             b.segment.empty() || b.segment == io::kNoSegment ? "" : ", segment " + b.segment,
                             b.retracted_in ? fmt::format(", retracted in v{}", b.retracted_in) : "");
  std::cout << "attributes\n";
  for (const auto& [name, value] : s.attributes)
    std::visit([&](const auto& v) { std::cout << fmt::format("  {:<26} {}\n", name, v); }, value);
  return exit_ok;
}

}  // namespace basketgap
