// Who a campaign mails (docs/CAMPAIGN.md): the one rule behind the export (jobs/export/mailing)
// and the lift view's treated group (jobs/evaluate/lift). Checked in this order, so each
// household left out has exactly one reason.
#pragma once

#include <cstdint>

namespace basketgap::engine {

enum class Mailing : std::int8_t {
  mailed,      // consent = 1, not held out, at least one coupon
  no_consent,  // consent 0 or unknown (-1): never mailed, whatever else holds
  control,     // consented but held out as control
  no_coupon,   // consented, not held out, but an empty list
};

// `consent` and `control` as in the coupons file's /households columns (1 = yes).
Mailing mailing_of(std::int8_t consent, std::int8_t control, bool has_coupon);

}  // namespace basketgap::engine
