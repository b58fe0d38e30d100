#include "io/export/rows.hpp"

#include <nlohmann/json.hpp>

#include "io/coupons/schema.hpp"
#include "io/csv/csv.hpp"
#include "io/csv/transaction_row.hpp"
#include "io/errors.hpp"
#include "io/json_text.hpp"

namespace basketgap::io {
namespace {

using Json = nlohmann::ordered_json;

const ProductText& text_of(const std::unordered_map<std::int64_t, ProductText>& products, std::int64_t id) {
  static const ProductText unknown;
  const auto it = products.find(id);
  return it == products.end() ? unknown : it->second;
}

std::string id_column(const ExportLayout& l) {
  return l.pseudonymised ? "household_pseudonym" : "household_id";
}

// JSON readers that hold numbers as IEEE doubles (JavaScript, jq; RFC 8259 section 6) read an
// integer beyond 2^53 - 1 as another one: two households' coupons would merge.
constexpr std::int64_t kLargestExactJsonInteger = (std::int64_t{1} << 53) - 1;

Json json_id(const ExportLayout& l, std::int64_t id, const char* dataset) {
  if (l.ids_as_strings) return std::to_string(id);
  if (id > kLargestExactJsonInteger || id < -kLargestExactJsonInteger)
    throw InputError(std::string(dataset) + " holds " + std::to_string(id) +
                     ", beyond 2^53 - 1: a JSON reader that holds numbers as doubles (JavaScript, jq) would "
                     "read another id; export with --ids-as-strings (ids as JSON strings), or --format csv");
  return id;
}

Json id_value(const ExportLayout& l, const std::string& id) {
  if (l.pseudonymised) return id;
  return json_id(l, std::stoll(id), coupons::kHouseholdId);
}

// The coupon's keys, added to `j`.
void add_coupon(Json& j, const ExportLayout& l, const ExportCoupon& c, const ProductText& p) {
  j["rank"] = c.rank;
  j["product_id"] = json_id(l, c.product_id, coupons::kProductId);
  if (l.with_products) {
    j["description"] = p.description;
    j["department"] = p.department;
    j["commodity"] = p.commodity;
  }
  j["reason"] = c.reason;
}

}  // namespace

std::vector<std::string> export_columns(const ExportLayout& l) {
  std::vector<std::string> columns{id_column(l), "tier", "cohort"};
  const std::vector<std::string> coupon =
      l.with_products
          ? std::vector<std::string>{"product_id", "description", "department", "commodity", "reason"}
          : std::vector<std::string>{"product_id", "reason"};
  if (l.per_coupon) {
    columns.push_back("rank");
    columns.insert(columns.end(), coupon.begin(), coupon.end());
  } else if (l.jsonl) {
    columns.push_back("coupons");
  } else {
    columns.push_back("coupons");
    for (int r = 1; r <= l.k; ++r)
      for (const auto& c : coupon) columns.push_back(c + "_" + std::to_string(r));
  }
  return columns;
}

std::string export_header(const ExportLayout& l) {
  if (l.jsonl) return "";
  return io::csv_join(export_columns(l)) + "\n";
}

std::int64_t append_rows(const ExportLayout& l, const ExportHousehold& h,
                         const std::unordered_map<std::int64_t, ProductText>& products, std::string& out) {
  if (l.jsonl) {
    if (l.per_coupon) {
      for (const ExportCoupon& c : h.coupons) {
        Json j;
        j[id_column(l)] = id_value(l, h.id);
        j["tier"] = h.tier;
        j["cohort"] = h.cohort;
        add_coupon(j, l, c, text_of(products, c.product_id));
        out += json_text(j, -1);
      }
      return static_cast<std::int64_t>(h.coupons.size());
    }
    Json j;
    j[id_column(l)] = id_value(l, h.id);
    j["tier"] = h.tier;
    j["cohort"] = h.cohort;
    j["coupons"] = Json::array();
    for (const ExportCoupon& c : h.coupons) {
      Json coupon = Json::object();
      add_coupon(coupon, l, c, text_of(products, c.product_id));
      j["coupons"].push_back(std::move(coupon));
    }
    out += json_text(j, -1);
    return 1;
  }
  const auto coupon_fields = [&](const ExportCoupon& c, std::vector<std::string>& fields) {
    const ProductText& p = text_of(products, c.product_id);
    fields.push_back(std::to_string(c.product_id));
    if (l.with_products) {
      fields.push_back(p.description);
      fields.push_back(p.department);
      fields.push_back(p.commodity);
    }
    fields.push_back(c.reason);
  };
  if (l.per_coupon) {
    for (const ExportCoupon& c : h.coupons) {
      std::vector<std::string> fields{h.id, h.tier, h.cohort, std::to_string(c.rank)};
      coupon_fields(c, fields);
      out += io::csv_join(fields) + "\n";
    }
    return static_cast<std::int64_t>(h.coupons.size());
  }
  std::vector<std::string> fields{h.id, h.tier, h.cohort, std::to_string(h.coupons.size())};
  for (const ExportCoupon& c : h.coupons) coupon_fields(c, fields);
  const std::size_t per_coupon = l.with_products ? 5 : 2;
  fields.resize(4 + per_coupon * static_cast<std::size_t>(l.k));  // empty slots: empty fields
  out += io::csv_join(fields) + "\n";
  return 1;
}

LineCounts count_line(const ExportLayout& l, std::string_view line) {
  LineCounts counts;
  if (l.jsonl) {
    const Json j = Json::parse(line, nullptr, false);
    if (j.is_discarded() || !j.is_object()) throw Error(exit_data, "a line is not a JSON object");
    counts.rows = 1;
    if (l.per_coupon)
      counts.coupons = 1;
    else if (j.contains("coupons") && j["coupons"].is_array())
      counts.coupons = static_cast<std::int64_t>(j["coupons"].size());
    else
      throw Error(exit_data, "a JSON row has no coupons array");
    return counts;
  }
  std::vector<std::string_view> fields;
  std::string scratch;
  io::ParseError error;
  if (!io::split_csv_line(line, fields, scratch, error))
    throw Error(exit_data, "malformed CSV line: " + error.message);
  if (fields.size() != export_columns(l).size())
    throw Error(exit_data, "a CSV line has " + std::to_string(fields.size()) + " fields, the header " +
                               std::to_string(export_columns(l).size()));
  counts.rows = 1;
  if (l.per_coupon) {
    counts.coupons = 1;
  } else {
    const std::size_t per_coupon = l.with_products ? 5 : 2;
    for (std::size_t f = 4; f < fields.size(); f += per_coupon) counts.coupons += !fields[f].empty();
  }
  return counts;
}

}  // namespace basketgap::io
