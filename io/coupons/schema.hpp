// The layout of the coupons file written by `score` (docs/FORMATS.md and docs/CAMPAIGN.md are
// the public description): the only place its dataset paths and attribute names are spelled.
// Bump kSchemaVersion on any incompatible change; readers refuse other versions.
#pragma once

#include <cstdint>

namespace basketgap::io::coupons {

inline constexpr const char* kFormatName = "basketgap-coupons";
inline constexpr std::int64_t kSchemaVersion = 1;

// One row per household scored, by ascending external id; [H, K] datasets hold K slots a row.
inline constexpr const char* kHouseholdId = "/coupons/household_id";           // int64 [H]
inline constexpr const char* kProductId = "/coupons/product_id";               // int64 [H, K], -1 empty
inline constexpr const char* kScore = "/coupons/score";                        // float32 [H, K]
inline constexpr const char* kReason = "/coupons/reason";                      // uint8 [H, K] code
inline constexpr const char* kSourceProductId = "/coupons/source_product_id";  // int64 [H, K], -1
inline constexpr const char* kReasonNames = "/coupons/reason_names";           // strings, code = index

// The campaign columns, aligned with kHouseholdId.
inline constexpr const char* kConsent = "/households/consent";                      // int8 -1/0/1
inline constexpr const char* kControl = "/households/control";                      // int8 1 = held out
inline constexpr const char* kControlProductId = "/households/control_product_id";  // int64 [H, K]
inline constexpr const char* kTier = "/households/tier";                            // int8 code
inline constexpr const char* kTierNames = "/households/tier_names";                 // strings
inline constexpr const char* kCohort = "/households/cohort";                        // int8 code
inline constexpr const char* kCohortNames = "/households/cohort_names";             // strings
inline constexpr const char* kRfmRecency = "/households/rfm_recency";               // int8 1..5
inline constexpr const char* kRfmFrequency = "/households/rfm_frequency";           // int8 1..5
inline constexpr const char* kRfmMonetary = "/households/rfm_monetary";             // int8 1..5

// Root attributes.
namespace attribute {
inline constexpr const char* kFormat = "format";
inline constexpr const char* kSchemaVersion = "schema_version";
inline constexpr const char* kAsOfDay = "as_of_day";
inline constexpr const char* kK = "k";
inline constexpr const char* kRunId = "run_id";
inline constexpr const char* kEngineVersion = "engine_version";
inline constexpr const char* kConfig = "config";
inline constexpr const char* kCampaign = "campaign";
inline constexpr const char* kCampaignSalt = "campaign_salt";
inline constexpr const char* kSegments = "segments";
inline constexpr const char* kMailingMonth = "mailing_month";
inline constexpr const char* kStoreFingerprint = "store_fingerprint";
inline constexpr const char* kStoreVersion = "store_version";  // the batches 1..V scored
inline constexpr const char* kRanks = "ranks";
inline constexpr const char* kHouseholds = "households";
inline constexpr const char* kControlShare = "control_share";
}  // namespace attribute

}  // namespace basketgap::io::coupons
