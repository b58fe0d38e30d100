// The mailing: which households of a coupons file are mailed (consented, not held out as
// control, at least one coupon: engine/mailing_rule, shared with evaluate's lift view) and the
// bytes of their rows, one rank's blocks (jobs/export/blocks.hpp) at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <vector>

#include "engine/mailing_rule.hpp"  // the rule format_blocks applies
#include "io/coupons/reader.hpp"
#include "io/export/manifest.hpp"
#include "io/export/rows.hpp"
#include "jobs/export/blocks.hpp"

namespace basketgap {
class Progress;
}

namespace basketgap::exporting {

// Description, department and commodity of every product of the store ("" = no --store).
// A store other than the one the coupons file at `coupons_path` was scored from (`scored`)
// would name the wrong products, and coupons scored from rows a retract has withdrawn since
// would mail what a wrong night's file made: InputError (exit_data) both.
std::unordered_map<std::int64_t, io::ProductText> product_texts(const std::string& store_path,
                                                                const std::string& coupons_path,
                                                                const io::CouponsAttributes& scored);

// Households of the coupons file with consent = 1 that have not withdrawn it since scoring
// (`latest_consent`, as format_blocks takes it), whether or not they would be mailed.
std::int64_t consented_households(const io::CouponHouseholds& households,
                                  std::span<const std::int8_t> latest_consent);

// The bytes of the blocks of `slice`, whose rows `coupons` and `households` hold: the rows of
// every mailed household, the header first in block 0; with `manifest.gzip` one gzip member
// per block (block 0 always, others only when they have rows). Counts rows, coupons,
// households and each reason for leaving one out into `manifest`. `key`: pseudonymise ids.
// `latest_consent`: the store's consent of the same rows (jobs/export/latest_consent.hpp);
// a household consented when scored but not there is left out as consent withdrawn.
std::string format_blocks(const Slice& slice, const io::CouponsFile& coupons,
                          const io::CouponHouseholds& households, std::span<const std::int8_t> latest_consent,
                          const std::unordered_map<std::int64_t, io::ProductText>& texts,
                          const std::optional<std::string>& key, io::ExportManifest& manifest,
                          Progress* progress = nullptr);  // updated with the households done

// A mailed household: its id as exported (a pseudonym with a key) and the bytes of its rows.
struct MailedHousehold {
  std::string id;
  std::string rows;
};

// The mailed households of `slice` in file order, each formatted apart (not joined into
// blocks: a pseudonymised export orders them by pseudonym first, jobs/export/pseudonym_order);
// counts into `manifest` as format_blocks does.
std::vector<MailedHousehold> format_households(const Slice& slice, const io::CouponsFile& coupons,
                                               const io::CouponHouseholds& households,
                                               std::span<const std::int8_t> latest_consent,
                                               const std::unordered_map<std::int64_t, io::ProductText>& texts,
                                               const std::optional<std::string>& key,
                                               io::ExportManifest& manifest, Progress* progress = nullptr);

}  // namespace basketgap::exporting
