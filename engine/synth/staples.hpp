// Staples: the commodities a household buys again and again on its own cycle (milk every week,
// detergent every month). Each has a favourite product, a personal cycle around the
// commodity's, and a life span inside the history (adopted late, lapsed, switched brand), so
// purchase gaps, win-backs and new products exist to be found.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/synth/catalog.hpp"
#include "engine/synth/household.hpp"
#include "engine/synth/rng.hpp"

namespace basketgap::engine::synth {

struct Staple {
  int commodity = 0;
  std::int64_t product = 0;       // catalogue index of the favourite
  std::int64_t switched_to = -1;  // favourite from switch_day on (-1: never switches)
  int switch_day = 0;
  double cycle = 7.0;              // personal repurchase cycle in days
  int start_day = 1, end_day = 1;  // bought only inside this window
  int next_due = 1;                // earliest day of the next purchase

  std::int64_t favourite(int day) const {
    return switched_to >= 0 && day >= switch_day ? switched_to : product;
  }
  bool due(int day) const { return day >= start_day && day <= end_day && day >= next_due; }
};

inline constexpr double kCycleJitter = 0.15;  // sd of the gap around the cycle, relative

// The staples of a household; `weights` is its commodity weight (line share x affinity).
std::vector<Staple> plan_staples(const Catalog& catalog, const Household& household,
                                 const std::vector<double>& weights, Rng& rng);

}  // namespace basketgap::engine::synth
