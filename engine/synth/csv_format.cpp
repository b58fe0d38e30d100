#include "engine/synth/csv_format.hpp"

#include <charconv>

#include "engine/synth/taxonomy.hpp"

namespace basketgap::engine::synth {

namespace {

void append_int(std::string& out, long long value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

}  // namespace

void append_money(std::string& out, long long cents) {
  if (cents < 0) {
    out.push_back('-');
    cents = -cents;
  }
  append_int(out, cents / 100);
  out.push_back('.');
  out.push_back(static_cast<char>('0' + cents % 100 / 10));
  out.push_back(static_cast<char>('0' + cents % 10));
}

void append_csv_field(std::string& out, std::string_view text) {
  if (text.find_first_of(",\"\r\n") == std::string_view::npos) {
    out.append(text);
    return;
  }
  out.push_back('"');
  for (char c : text) {
    if (c == '"') out.push_back('"');
    out.push_back(c);
  }
  out.push_back('"');
}

void append_transaction(std::string& out, const TxnRow& r) {
  append_int(out, r.household_key);
  out.push_back(',');
  append_int(out, r.basket_id);
  out.push_back(',');
  append_int(out, r.day);
  out.push_back(',');
  append_int(out, r.product_id);
  out.push_back(',');
  append_int(out, r.quantity);
  out.push_back(',');
  append_money(out, r.sales_cents);
  out.push_back(',');
  append_int(out, r.store_id);
  out.push_back(',');
  append_money(out, r.retail_disc_cents);
  out.push_back(',');
  append_int(out, r.trans_time);
  out.push_back(',');
  append_int(out, (r.day - 1) / 7 + 1);
  out.push_back(',');
  append_money(out, r.coupon_disc_cents);
  out.push_back(',');
  append_money(out, r.coupon_match_disc_cents);
  out.push_back('\n');
}

void append_product(std::string& out, const Product& p) {
  const CommoditySpec& spec = commodity_specs()[p.commodity];
  append_int(out, p.id);
  out.push_back(',');
  append_int(out, p.manufacturer);
  out.push_back(',');
  append_csv_field(out, spec.department);
  out.push_back(',');
  out.append(p.private_label ? "Private" : "National");
  out.push_back(',');
  append_csv_field(out, spec.commodity);
  out.push_back(',');
  append_csv_field(out, pick_field(spec.sub_commodities, p.sub_commodity));
  out.push_back(',');
  append_csv_field(out, pick_field(spec.sizes, p.size));
  out.push_back('\n');
}

void append_household(std::string& out, const Household& h) {
  append_int(out, h.key);
  out.append(h.consent ? ",1," : ",0,");
  append_int(out, h.birth_month);
  out.push_back(',');
  append_csv_field(out, h.composition);
  out.push_back(',');
  append_csv_field(out, h.size_desc);
  out.push_back('\n');
}

}  // namespace basketgap::engine::synth
