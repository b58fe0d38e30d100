// The generic-schema mapping of tests/data/bad/day_format_iso.{csv,toml}, shared by tests.
#pragma once

#include "io/csv/transaction_schema.hpp"

namespace basketgap::test {

inline io::ColumnMapping iso_mapping() {
  return {.household = "customer",
          .basket = "order",
          .day = "date",
          .product = "sku",
          .quantity = "qty",
          .spend = "amount",
          .day_format = io::DayFormat::iso_date,
          .day_origin = "2020-01-01"};
}

}  // namespace basketgap::test
