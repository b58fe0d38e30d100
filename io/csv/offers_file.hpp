// The offers file of a campaign (docs/CAMPAIGN.md): CSV, UTF-8, header row
//   product_id[,valid_from_day,valid_to_day]
// one line per product that may carry a coupon; an empty or absent day is an open bound.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace basketgap::io {

struct Offer {
  std::int64_t product_id = 0;  // external product id
  std::int32_t valid_from = std::numeric_limits<std::int32_t>::min();
  std::int32_t valid_to = std::numeric_limits<std::int32_t>::max();
};

// Reads every offer; throws InputError "FILE:LINE:COLUMN: ..." on a malformed line or header,
// Error(exit_no_input) when the file cannot be opened.
std::vector<Offer> read_offers(const std::string& path);

}  // namespace basketgap::io
