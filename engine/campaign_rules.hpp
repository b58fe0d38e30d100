// Campaign rules as pure functions over dense product indices (docs/CAMPAIGN.md): which
// products may carry a coupon (offers valid on the mailing day, minus exclusions), the
// per-household department/commodity caps applied during selection, the event slot, and the
// keyed hash that puts a household in the held-out control group.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace basketgap::engine {

// An offer is usable when it is valid on the mailing day, as_of + 1 (bounds inclusive).
bool offer_usable(std::int32_t valid_from, std::int32_t valid_to, std::int32_t as_of);

// Per product 1 = may carry a coupon: `offered` (per product, 1 = usable offer; empty = every
// product is on offer) and not excluded by department, commodity or product.
// `excluded_departments` / `excluded_commodities` are flags per code; code -1 is never excluded.
std::vector<std::uint8_t> eligibility_mask(std::size_t products, const std::vector<std::uint8_t>& offered,
                                           const std::vector<std::int32_t>& department,
                                           const std::vector<std::uint8_t>& excluded_departments,
                                           const std::vector<std::int32_t>& commodity,
                                           const std::vector<std::uint8_t>& excluded_commodities,
                                           const std::vector<std::uint8_t>& excluded_products);

// Fail closed: a product the products file does not describe (department or commodity -1)
// cannot be checked against an exclusion by department / by commodity — it might be the
// excluded tobacco — so, when such an exclusion is configured, it loses its eligibility.
// Returns how many products were withheld so.
std::int64_t withhold_unclassified(std::vector<std::uint8_t>& eligible,
                                   const std::vector<std::int32_t>& department, bool excludes_departments,
                                   const std::vector<std::int32_t>& commodity, bool excludes_commodities);

// Eligible products by recent buyers (desc), ties by lower index: the popular fallback of a
// campaign (products without recent buyers included last, so slots can still be filled).
std::vector<std::int32_t> eligible_by_popularity(const std::vector<std::int64_t>& buyers,
                                                 const std::vector<std::uint8_t>& eligible);

// Everything selection needs to honour a campaign. Empty vectors mean "no restriction".
struct CampaignRules {
  std::vector<std::uint8_t> eligible;    // per product; empty = all products
  std::vector<std::int32_t> department;  // per product code (-1 unknown: never capped)
  std::vector<std::int32_t> commodity;
  int max_per_department = 0;  // 0 = no cap
  int max_per_commodity = 0;
  std::vector<std::int32_t> fallback;       // eligible products, most popular first
  std::vector<std::uint8_t> event_product;  // per product 1 = may fill the event slot; empty = any

  bool is_eligible(std::int32_t p) const { return eligible.empty() || eligible[p] != 0; }
  bool is_event_product(std::int32_t p) const { return event_product.empty() || event_product[p] != 0; }
};

// Coupons per department and commodity already given to one household (K is small: a flat
// list beats a map).
class CapCounter {
 public:
  explicit CapCounter(const CampaignRules& rules) : rules_(rules) {}
  bool allows(std::int32_t product) const;  // under both caps after adding `product`?
  void add(std::int32_t product);

 private:
  int count(const std::vector<std::pair<std::int32_t, int>>& counts, std::int32_t code) const;
  static void bump(std::vector<std::pair<std::int32_t, int>>& counts, std::int32_t code);
  const CampaignRules& rules_;
  std::vector<std::pair<std::int32_t, int>> departments_, commodities_;
};

// The control-group hash: XXH3-64 of the salt's bytes followed by the 8 little-endian bytes of
// the external household id, mapped to [0, 1) by its top 53 bits; in control when below share.
double control_draw(std::string_view salt, std::int64_t external_id);
bool in_control_group(std::string_view salt, std::int64_t external_id, double share);

// Calendar month (1..12) of `day` when day 1 is the date year-month-day (proleptic Gregorian).
int month_of_day(int year, int month, int day_of_month, std::int32_t day);

}  // namespace basketgap::engine
