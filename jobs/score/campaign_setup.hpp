// Turns the [campaign] config, the offers file and the store's product hierarchy into the
// engine's CampaignRules, and gives each household its control and event flags.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "engine/campaign_rules.hpp"
#include "io/store/tables.hpp"
#include "jobs/config/campaign_config.hpp"

namespace basketgap {

class Comm;
namespace io {
struct StoreSummary;
}

struct CampaignSetup {
  engine::CampaignRules rules;
  std::int64_t offer_lines = 0;            // lines of the offers file
  std::int64_t offers_usable = 0;          // distinct known products with an offer valid on the mailing day
  std::int64_t offers_unknown = 0;         // lines naming a product the store does not know
  std::int64_t eligible = 0;               // products that may carry a coupon
  int mailing_month = 0;                   // month of as_of + 1; 0 = no calendar (no event slots)
  std::vector<std::string> unknown_names;  // excluded/event department or commodity names not in the store
  // Other spellings (case, blanks) of an excluded name in the store, excluded too: "'X' (as 'Y')".
  std::vector<std::string> excluded_variants;
  // Products otherwise eligible but without the department (commodity) an exclusion by
  // department (commodity) needs: withheld (fail closed).
  std::int64_t unclassified_withheld = 0;
};

// `score`'s campaign (an empty setup without a [campaign] table), logged on rank 0. Every rank
// reads the same files, so an error is raised on all ranks.
CampaignSetup campaign_setup(const CampaignConfig& campaign, const io::ProductTable& products,
                             std::int32_t as_of, const io::StoreSummary& summary, const Comm& comm);

// Per household 1 = in the control group (none when the campaign has no control share).
std::vector<std::uint8_t> control_flags(const CampaignConfig& config, std::span<const std::int64_t> ids);

// Per household 1 = gets the event slot (birth month == mailing month, birthday_slot on).
std::vector<std::uint8_t> event_flags(const CampaignConfig& config, int mailing_month,
                                      std::span<const std::int8_t> birth_month);

}  // namespace basketgap
