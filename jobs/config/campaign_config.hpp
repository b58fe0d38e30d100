// The [campaign] table of the TOML config (docs/CAMPAIGN.md): offers, exclusions, caps, the
// control group, segments and the event slot. No [campaign] table = no campaign: every
// household is scored and couponed as in a backtest. Read by load_config (job_config.hpp).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace basketgap {

struct CampaignConfig {
  bool enabled = false;  // the config has a [campaign] table
  std::string name;      // free text, copied to the manifest
  std::string offers;    // offers CSV (relative: to the config's folder); "" = all
  std::vector<std::string> exclude_departments, exclude_commodities;
  std::vector<std::int64_t> exclude_products;  // external product ids
  int max_per_department = 0;                  // 0 = no cap
  int max_per_commodity = 0;
  double control_share = 0;                    // held-out share, 0 .. 0.5
  std::string salt;                            // control-group hash key (not a secret)
  bool birthday_slot = true;                   // one event slot in the birthday month
  std::vector<std::string> event_departments;  // where the event product comes from; [] = any
  std::string day_one;                         // YYYY-MM-DD date of day 1 (for birthday months)
  int new_days = 90;                           // cohort "new": first purchase less than this ago
  int lapsing_days = 60;                       // cohort "lapsing": no purchase for this long
};

}  // namespace basketgap
