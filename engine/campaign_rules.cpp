#include "engine/campaign_rules.hpp"

#include "engine/popularity_order.hpp"

#include <xxhash.h>

#include <algorithm>
#include <chrono>
#include <cstring>

namespace basketgap::engine {

bool offer_usable(std::int32_t valid_from, std::int32_t valid_to, std::int32_t as_of) {
  const std::int64_t mailing_day = static_cast<std::int64_t>(as_of) + 1;
  return valid_from <= mailing_day && valid_to >= mailing_day;
}

std::vector<std::uint8_t> eligibility_mask(std::size_t products, const std::vector<std::uint8_t>& offered,
                                           const std::vector<std::int32_t>& department,
                                           const std::vector<std::uint8_t>& excluded_departments,
                                           const std::vector<std::int32_t>& commodity,
                                           const std::vector<std::uint8_t>& excluded_commodities,
                                           const std::vector<std::uint8_t>& excluded_products) {
  const auto flagged = [](const std::vector<std::uint8_t>& flags, std::int64_t code) {
    return code >= 0 && static_cast<std::size_t>(code) < flags.size() && flags[code] != 0;
  };
  std::vector<std::uint8_t> mask(products, 1);
  for (std::size_t p = 0; p < products; ++p) {
    if (!offered.empty() && !flagged(offered, static_cast<std::int64_t>(p))) mask[p] = 0;
    if (flagged(excluded_products, static_cast<std::int64_t>(p))) mask[p] = 0;
    if (p < department.size() && flagged(excluded_departments, department[p])) mask[p] = 0;
    if (p < commodity.size() && flagged(excluded_commodities, commodity[p])) mask[p] = 0;
  }
  return mask;
}

std::int64_t withhold_unclassified(std::vector<std::uint8_t>& eligible,
                                   const std::vector<std::int32_t>& department, bool excludes_departments,
                                   const std::vector<std::int32_t>& commodity, bool excludes_commodities) {
  const auto unknown = [](const std::vector<std::int32_t>& codes, std::size_t p) {
    return p >= codes.size() || codes[p] < 0;
  };
  std::int64_t withheld = 0;
  for (std::size_t p = 0; p < eligible.size(); ++p)
    if (eligible[p] && ((excludes_departments && unknown(department, p)) ||
                        (excludes_commodities && unknown(commodity, p)))) {
      eligible[p] = 0;
      ++withheld;
    }
  return withheld;
}

std::vector<std::int32_t> eligible_by_popularity(const std::vector<std::int64_t>& buyers,
                                                 const std::vector<std::uint8_t>& eligible) {
  std::vector<std::int32_t> order;
  for (std::size_t p = 0; p < buyers.size(); ++p)
    if (eligible.empty() || eligible[p]) order.push_back(static_cast<std::int32_t>(p));
  std::sort(order.begin(), order.end(), MoreBuyersFirst{buyers});
  return order;
}

int CapCounter::count(const std::vector<std::pair<std::int32_t, int>>& counts, std::int32_t code) const {
  for (const auto& [c, n] : counts)
    if (c == code) return n;
  return 0;
}

void CapCounter::bump(std::vector<std::pair<std::int32_t, int>>& counts, std::int32_t code) {
  for (auto& [c, n] : counts)
    if (c == code) {
      ++n;
      return;
    }
  counts.emplace_back(code, 1);
}

bool CapCounter::allows(std::int32_t product) const {
  const auto p = static_cast<std::size_t>(product);
  if (rules_.max_per_department > 0 && p < rules_.department.size() && rules_.department[p] >= 0 &&
      count(departments_, rules_.department[p]) >= rules_.max_per_department)
    return false;
  if (rules_.max_per_commodity > 0 && p < rules_.commodity.size() && rules_.commodity[p] >= 0 &&
      count(commodities_, rules_.commodity[p]) >= rules_.max_per_commodity)
    return false;
  return true;
}

void CapCounter::add(std::int32_t product) {
  const auto p = static_cast<std::size_t>(product);
  if (p < rules_.department.size() && rules_.department[p] >= 0) bump(departments_, rules_.department[p]);
  if (p < rules_.commodity.size() && rules_.commodity[p] >= 0) bump(commodities_, rules_.commodity[p]);
}

double control_draw(std::string_view salt, std::int64_t external_id) {
  std::vector<unsigned char> key(salt.size() + 8);
  if (!salt.empty()) std::memcpy(key.data(), salt.data(), salt.size());
  auto id = static_cast<std::uint64_t>(external_id);
  for (int i = 0; i < 8; ++i) key[salt.size() + i] = static_cast<unsigned char>(id >> (8 * i));
  const std::uint64_t h = XXH3_64bits(key.data(), key.size());
  return static_cast<double>(h >> 11) * 0x1.0p-53;
}

bool in_control_group(std::string_view salt, std::int64_t external_id, double share) {
  return share > 0 && control_draw(salt, external_id) < share;
}

int month_of_day(int year, int month, int day_of_month, std::int32_t day) {
  using namespace std::chrono;
  const sys_days first{year_month_day{std::chrono::year{year},
                                      std::chrono::month{static_cast<unsigned>(month)},
                                      std::chrono::day{static_cast<unsigned>(day_of_month)}}};
  const year_month_day date{first + days{day - 1}};
  return static_cast<int>(static_cast<unsigned>(date.month()));
}

}  // namespace basketgap::engine
