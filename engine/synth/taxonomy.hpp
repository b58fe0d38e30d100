// The fixed grocery taxonomy the synthetic catalogue is drawn from: departments, commodities,
// their sub-commodities, typical price, repurchase cycle and share of purchase lines.
// Line shares follow the real dunnhumby weeks 96-98 file (per mille of lines per commodity).
#pragma once

#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

namespace basketgap::engine::synth {

// Who buys a commodity: most are for everyone; the others only for households that have the
// matching trait (that is what creates baby food => diapers style associations).
enum class Segment : std::uint8_t { all, baby, kids, cat, dog, tobacco, alcohol };

// Co-purchase groups: commodities of one group are often bought in the same basket.
enum Group : std::uint32_t {
  g_baby = 1u << 0,
  g_breakfast = 1u << 1,
  g_pasta = 1u << 2,
  g_bbq = 1u << 3,
  g_party = 1u << 4,
  g_taco = 1u << 5,
  g_sandwich = 1u << 6,
  g_baking = 1u << 7,
  g_laundry = 1u << 8,
  g_paper = 1u << 9,
  g_cold = 1u << 10,
  g_salad = 1u << 11,
  g_brunch = 1u << 12,
  g_dessert = 1u << 13,
  g_cat = 1u << 14,
  g_dog = 1u << 15,
  g_wine = 1u << 16,
  g_pizza = 1u << 17,
  g_lunchbox = 1u << 18,
  g_coffee = 1u << 19,
};

struct CommoditySpec {
  std::string_view department;
  std::string_view commodity;
  std::string_view sub_commodities;  // '|'-separated
  std::string_view sizes;            // '|'-separated CURR_SIZE_OF_PRODUCT values
  int cycle_days;                    // typical repurchase cycle of a staple; 0 = not a staple
  double price;                      // typical shelf price in dollars
  double line_share;                 // per mille of purchase lines
  Segment segment;
  std::uint32_t groups;  // Group bits
};

std::span<const CommoditySpec> commodity_specs();

// For each commodity, the other commodities that share a co-purchase group with it.
const std::vector<std::vector<int>>& commodity_partners();

// Index of the commodity named `name` in commodity_specs(), or -1.
int commodity_index(std::string_view name);

// The i-th '|'-separated field of `list` (i taken modulo the number of fields).
std::string_view pick_field(std::string_view list, std::uint64_t i);
std::size_t count_fields(std::string_view list);

}  // namespace basketgap::engine::synth
