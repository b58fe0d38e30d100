// In-memory forms of the coupons file's parts (io/coupons/schema.hpp), shared by the writer
// (score) and the reader (evaluate, export). External ids throughout.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace basketgap::io {

// A slice of consecutive coupon rows (or a whole file once read).
struct CouponRows {
  int k = 12;
  std::vector<std::int64_t> household_id;       // [H]
  std::vector<std::int64_t> product_id;         // [H*K], -1 empty
  std::vector<float> score;                     // [H*K]
  std::vector<std::uint8_t> reason;             // [H*K], codes named by the reason names
  std::vector<std::int64_t> source_product_id;  // [H*K], -1 unless cross-sell
  std::size_t households() const { return household_id.size(); }
};

// The campaign columns of the same rows (docs/CAMPAIGN.md).
struct CouponHouseholdColumns {
  std::vector<std::int8_t> consent;              // -1 unknown, 0 no, 1 yes
  std::vector<std::int8_t> control;              // 1 = held out
  std::vector<std::int64_t> control_product_id;  // [H*K]: control rows' would-be coupons, else -1
  std::vector<std::int8_t> tier, cohort;         // codes into the tier and cohort names
  std::vector<std::int8_t> rfm_recency, rfm_frequency, rfm_monetary;  // 1..5
};

// The names of the codes; the same on every rank.
struct CouponCodeNames {
  std::vector<std::string> reason, tier, cohort;
};

// The root attributes that describe the run (format, schema version, engine version, k and the
// household count are the writer's own). A reader leaves absent optional ones empty or 0.
struct CouponsAttributes {
  std::int64_t as_of_day = 0;
  std::string run_id;
  std::string config;  // the effective configuration and the fitted blend, as TOML text
  std::string campaign, campaign_salt;
  std::string segments;  // the RFM quintile thresholds and tier rule
  std::int64_t mailing_month = 0;
  std::string store_fingerprint;
  std::int64_t store_version = 1;  // the store batches 1..store_version were scored
  std::int64_t ranks = 0;
  double control_share = 0;
};

}  // namespace basketgap::io
