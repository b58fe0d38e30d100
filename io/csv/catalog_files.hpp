// Small reference files that every rank reads whole: the product hierarchy and the household
// demographics. They fail fast on the first bad line: there is no reject budget for them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace basketgap::io {

// One row of a dunnhumby product.csv; text fields trimmed, empty when the column is absent.
struct ProductInfo {
  std::int64_t id = 0;
  std::string manufacturer, department, brand, commodity, sub_commodity, size;
};

// PRODUCT_ID (required), MANUFACTURER, DEPARTMENT, BRAND, COMMODITY_DESC, SUB_COMMODITY_DESC,
// CURR_SIZE_OF_PRODUCT, found by name. Sorted by id. Throws InputError "FILE:LINE:COLUMN: ..."
// on a bad line or a duplicate id (FILE:LINE: when the whole line is at fault).
std::vector<ProductInfo> read_products_csv(const std::string& path);

struct HouseholdInfo {
  std::int64_t id = 0;
  std::int8_t consent = -1;     // -1 unknown, 0 no, 1 yes
  std::int8_t birth_month = 0;  // 0 unknown, 1..12
  std::string household_type;   // hh_comp_desc
  std::string size_desc;        // household_size_desc
};

// household_key (required), consent, birth_month, hh_comp_desc, household_size_desc, by name
// ignoring case. consent takes 1/0, true/false, yes/no, y/n (empty = unknown); birth_month
// 1..12 (empty or 0 = unknown). Sorted by id; errors as for products.
// `ignored`: columns read as nothing although their names speak of consent or a suppression
// (any case); any other such column is an InputError naming it.
std::vector<HouseholdInfo> read_households_csv(const std::string& path,
                                               const std::vector<std::string>& ignored = {});

// Which of the columns the store keeps a file's header has (dunnhumby's hh_demographic.csv has
// no consent: every household's consent is then unknown). An append overlays only those on
// the stored entries: a file without DEPARTMENT (a brand feed) must not erase the departments
// campaign exclusions read, nor one without consent every household's consent.
struct ProductColumns {
  bool department = true, commodity = true, sub_commodity = true, brand = true;
  std::vector<std::string> unread;  // header columns that are none of those read (a misspelling?)
};
struct HouseholdColumns {
  bool consent = true, birth_month = true, household_type = true;
  std::vector<std::string> unread;  // header columns that are none of those read
};
ProductColumns products_csv_columns(const std::string& path);
HouseholdColumns households_csv_columns(const std::string& path,
                                        const std::vector<std::string>& ignored = {});

}  // namespace basketgap::io
