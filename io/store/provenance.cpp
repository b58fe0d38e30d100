#include "io/store/provenance.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <filesystem>
#include <string_view>

#include "io/csv/line_reader.hpp"
#include "io/store/schema.hpp"

namespace basketgap::io {

namespace {
std::string hex(std::uint64_t v) { return fmt::format("{:016x}", v); }

std::string file_name(const std::string& path) {
  return path.empty() ? std::string() : std::filesystem::path(path).filename().string();
}
}  // namespace

std::string transactions_checksum(std::span<const std::uint64_t> block_hashes) {
  return hex(combine_block_hashes(block_hashes));
}

std::string side_file_checksum(const std::string& path) {
  if (path.empty()) return "";
  LineRangeReader reader(path, {0, file_size(path)});
  std::string_view line;
  while (reader.next(line)) {}
  return hex(combine_block_hashes(reader.block_hashes()));
}

std::string column_mapping_text(const ColumnMapping& m) {
  return fmt::format(
      "household={} basket={} day={} product={} quantity={} spend={} day_format={} day_origin={}",
      m.household, m.basket, m.day, m.product, m.quantity, m.spend,
      m.day_format == DayFormat::iso_date ? "iso-date" : "day-number", m.day_origin);
}

std::string store_fingerprint(const StoreSources& s) {
  const std::string source = fmt::format("v{}|{}|{}|{}|{}", store::kStoreSchemaVersion, s.transactions_xxh3,
                                         s.products_xxh3, s.households_xxh3, s.column_mapping);
  return hex(XXH3_64bits(source.data(), source.size()));
}

std::string appended_fingerprint(const std::string& previous, const StoreSources& night) {
  const std::string source = fmt::format("{}|append|{}|{}|{}", previous, night.transactions_xxh3,
                                         night.products_xxh3, night.households_xxh3);
  return hex(XXH3_64bits(source.data(), source.size()));
}

std::string retracted_fingerprint(const std::string& previous, std::int64_t retracted_version) {
  const std::string source = fmt::format("{}|retract|{}", previous, retracted_version);
  return hex(XXH3_64bits(source.data(), source.size()));
}

void set_attribute(Attributes& attributes, const std::string& name, AttributeValue value) {
  for (auto& [n, v] : attributes)
    if (n == name) {
      v = std::move(value);
      return;
    }
  attributes.emplace_back(name, std::move(value));
}

Attributes store_attributes(const StoreProvenance& provenance) {
  const StoreCounts& c = provenance.counts;
  const StoreSources& s = provenance.sources;
  return {
      {"format", std::string(store::kFormatName)},
      {"schema_version", store::kStoreSchemaVersion},
      {"engine_version", std::string(BASKETGAP_VERSION)},
      {"rows", c.rows},
      {"households", c.households},
      {"products", c.products},
      {"baskets", c.baskets},
      {"min_day", static_cast<std::int64_t>(c.min_day)},
      {"max_day", static_cast<std::int64_t>(c.max_day)},
      {"input_data_lines", c.input_data_lines},
      {"rejected_lines", c.rejected_lines},
      {"return_lines", c.return_lines},
      {"duplicate_lines", c.duplicate_lines},
      {"blank_lines", c.blank_lines},
      {"source_transactions", file_name(s.transactions)},
      {"source_transactions_bytes", static_cast<std::int64_t>(s.transactions_bytes)},
      {"source_transactions_xxh3", s.transactions_xxh3},
      {"source_products", file_name(s.products)},
      {"source_products_xxh3", s.products_xxh3},
      {"source_households", file_name(s.households)},
      {"source_households_xxh3", s.households_xxh3},
      {"column_mapping", s.column_mapping},
      {"fingerprint", store_fingerprint(s)},
  };
}

}  // namespace basketgap::io
