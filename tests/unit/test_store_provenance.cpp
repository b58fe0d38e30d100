// The store's provenance is part of the format: these values come from stores written before
// the recipe moved to io/store/provenance, so a change here changes every fingerprint.
#include <gtest/gtest.h>

#include <string>
#include <variant>
#include <vector>

#include "io/store/provenance.hpp"
#include "tests/unit/iso_mapping.hpp"

using namespace basketgap::io;
using basketgap::test::iso_mapping;

namespace {

const std::string kIsoCsv = std::string(BASKETGAP_TEST_DATA_DIR) + "/bad/day_format_iso.csv";

StoreSources iso_sources() {
  StoreSources s;
  s.transactions = kIsoCsv;
  s.transactions_bytes = 297;
  s.transactions_xxh3 = side_file_checksum(kIsoCsv);
  s.column_mapping = column_mapping_text(iso_mapping());
  return s;
}

std::string text_of(const Attributes& attributes, const std::string& name) {
  for (const auto& [key, value] : attributes)
    if (key == name) return std::get<std::string>(value);
  return "<missing>";
}

}  // namespace

TEST(StoreProvenance, ColumnMappingText) {
  EXPECT_EQ(column_mapping_text(ColumnMapping::dunnhumby()),
            "household=household_key basket=BASKET_ID day=DAY product=PRODUCT_ID quantity=QUANTITY "
            "spend=SALES_VALUE day_format=day-number day_origin=");
  EXPECT_EQ(column_mapping_text(iso_mapping()),
            "household=customer basket=order day=date product=sku quantity=qty spend=amount "
            "day_format=iso-date day_origin=2020-01-01");
}

TEST(StoreProvenance, ChecksumsUseTheBlockScheme) {
  EXPECT_EQ(side_file_checksum(kIsoCsv), "e42cc0b8aed5673e");
  EXPECT_EQ(side_file_checksum(""), "");
}

TEST(StoreProvenance, FingerprintRecipe) {
  EXPECT_EQ(store_fingerprint(iso_sources()), "2240f3586ae502a4");
  StoreSources other = iso_sources();
  other.products_xxh3 = "0000000000000000";
  EXPECT_NE(store_fingerprint(other), "2240f3586ae502a4");
}

TEST(StoreProvenance, AttributesInOrder) {
  const Attributes attributes = store_attributes({{}, iso_sources()});
  std::vector<std::string> names;
  for (const auto& [key, value] : attributes) names.push_back(key);
  EXPECT_EQ(names, (std::vector<std::string>{"format",
                                             "schema_version",
                                             "engine_version",
                                             "rows",
                                             "households",
                                             "products",
                                             "baskets",
                                             "min_day",
                                             "max_day",
                                             "input_data_lines",
                                             "rejected_lines",
                                             "return_lines",
                                             "duplicate_lines",
                                             "blank_lines",
                                             "source_transactions",
                                             "source_transactions_bytes",
                                             "source_transactions_xxh3",
                                             "source_products",
                                             "source_products_xxh3",
                                             "source_households",
                                             "source_households_xxh3",
                                             "column_mapping",
                                             "fingerprint"}));
  EXPECT_EQ(text_of(attributes, "source_transactions"), "day_format_iso.csv");
  EXPECT_EQ(text_of(attributes, "source_products"), "");
  EXPECT_EQ(text_of(attributes, "fingerprint"), "2240f3586ae502a4");
}
