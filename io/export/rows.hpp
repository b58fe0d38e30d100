// The rows of an export for a mailing system (docs/CAMPAIGN.md): CSV (RFC 4180) or JSON Lines,
// one row per household with its coupons, or one row per coupon.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

namespace basketgap::io {

struct ProductText {
  std::string description;  // sub-commodity name, else commodity name
  std::string department, commodity;
};

struct ExportLayout {
  bool jsonl = false;
  bool per_coupon = false;
  bool with_products = false;   // --store given: description/department/commodity columns
  bool pseudonymised = false;   // the id column is household_pseudonym (hex text)
  bool ids_as_strings = false;  // JSONL: household and product ids as JSON strings
  int k = 12;
};

struct ExportCoupon {
  int rank = 0;  // 1 = best
  std::int64_t product_id = 0;
  std::string reason;
};

struct ExportHousehold {
  std::string id;  // decimal external id or pseudonym
  std::string tier, cohort;
  std::vector<ExportCoupon> coupons;
};

// Column names in order (CSV header; the keys of a JSON row, "coupons" holding the coupons).
std::vector<std::string> export_columns(const ExportLayout& layout);

// The CSV header line with '\n' (empty for JSONL).
std::string export_header(const ExportLayout& layout);

// The line(s) of one household, each ending in '\n'; returns how many rows were added.
std::int64_t append_rows(const ExportLayout& layout, const ExportHousehold& household,
                         const std::unordered_map<std::int64_t, ProductText>& products, std::string& out);

// Rows and coupons in one line of an export (the header is not a row); Error(exit_data) when
// the line does not parse.
struct LineCounts {
  std::int64_t rows = 0, coupons = 0;
};
LineCounts count_line(const ExportLayout& layout, std::string_view line);

}  // namespace basketgap::io
