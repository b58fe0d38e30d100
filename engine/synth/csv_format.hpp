// Text of the generated CSV files, in the schemas ingest reads (dunnhumby native headers).
// Appends to a caller-owned buffer: the writer formats whole chunks before one write.
#pragma once

#include <string>
#include <string_view>

#include "engine/synth/catalog.hpp"
#include "engine/synth/household.hpp"
#include "engine/synth/transactions.hpp"

namespace basketgap::engine::synth {

inline constexpr std::string_view kTransactionsHeader =
    "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE,STORE_ID,RETAIL_DISC,TRANS_TIME,"
    "WEEK_NO,COUPON_DISC,COUPON_MATCH_DISC\n";
inline constexpr std::string_view kProductsHeader =
    "PRODUCT_ID,MANUFACTURER,DEPARTMENT,BRAND,COMMODITY_DESC,SUB_COMMODITY_DESC,CURR_SIZE_OF_PRODUCT\n";
inline constexpr std::string_view kHouseholdsHeader =
    "household_key,consent,birth_month,hh_comp_desc,household_size_desc\n";

void append_transaction(std::string& out, const TxnRow& row);
void append_product(std::string& out, const Product& product);
void append_household(std::string& out, const Household& household);

// RFC 4180: quoted (with doubled quotes) only when the text holds a comma, quote or newline.
void append_csv_field(std::string& out, std::string_view text);
// Cents as a decimal with two places: -125 -> "-1.25".
void append_money(std::string& out, long long cents);

}  // namespace basketgap::engine::synth
