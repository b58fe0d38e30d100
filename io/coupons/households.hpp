// The campaign side of a coupons file (docs/CAMPAIGN.md): the /households columns aligned
// with /coupons/household_id and the root attributes an export needs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace basketgap::io {

struct CouponHouseholds {
  std::vector<std::int8_t> consent;   // -1 unknown, 0 no, 1 yes
  std::vector<std::int8_t> control;   // 1 = held out
  std::vector<std::int8_t> tier, cohort;
  std::vector<std::string> tier_names, cohort_names;
  std::string run_id, config, campaign, campaign_salt;
  double control_share = 0;
};

// Throws Error(exit_data) naming the dataset when a column is missing (a coupons file written
// before the campaign columns existed) or has the wrong length.
CouponHouseholds read_coupon_households(const std::string& path, std::size_t households);

}  // namespace basketgap::io
