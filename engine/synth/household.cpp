#include "engine/synth/household.hpp"

#include <algorithm>
#include <cmath>

#include "engine/synth/rng.hpp"

namespace basketgap::engine::synth {

namespace {

constexpr std::uint64_t kHouseholdStream = 0x484F5553;  // traits and activity
constexpr std::uint64_t kConsentStream = 0x434F4E53;    // separate: consent rate changes nothing else

struct Composition {
  std::string_view name;
  double share;  // from the real hh_demographic.csv
  bool kids;
  int sizes[4];  // cumulative per-mille for sizes {1 or 2, next, next, 5+} - see below
  int min_size;
};

// Shares and size splits follow the 801 real households with demographics.
constexpr Composition kCompositions[] = {
    {"2 Adults No Kids", 0.318, false, {1000, 1000, 1000, 1000}, 2},
    {"2 Adults Kids", 0.233, true, {470, 720, 1000, 1000}, 3},
    {"Single Female", 0.180, false, {770, 1000, 1000, 1000}, 1},
    {"Single Male", 0.119, false, {870, 1000, 1000, 1000}, 1},
    {"Unknown", 0.091, false, {840, 900, 960, 1000}, 1},
    {"1 Adult Kids", 0.059, true, {300, 640, 790, 1000}, 2},
};

int draw_size(const Composition& comp, Rng& rng) {
  const int u = static_cast<int>(rng.below(1000));
  int s = comp.min_size;
  for (int i = 0; i < 4 && u >= comp.sizes[i]; ++i) ++s;
  return std::min(s, 5);
}

constexpr std::string_view kSizeDesc[] = {"1", "2", "3", "4", "5+"};

}  // namespace

Household make_household(std::uint64_t seed, std::int64_t index, int days, double consent_rate) {
  Rng rng(stream_seed(seed, kHouseholdStream, static_cast<std::uint64_t>(index)));
  Household h;
  h.index = index;
  h.key = index + 1;
  h.consent =
      Rng(stream_seed(seed, kConsentStream, static_cast<std::uint64_t>(index))).uniform() < consent_rate;
  h.birth_month = 1 + static_cast<int>(rng.below(12));

  double u = rng.uniform();
  const Composition* comp = &kCompositions[0];
  for (const auto& c : kCompositions) {
    comp = &c;
    if ((u -= c.share) < 0) break;
  }
  h.composition = comp->name;
  h.size = draw_size(*comp, rng);
  h.size_desc = kSizeDesc[h.size - 1];
  h.kids = comp->kids;
  h.baby = h.kids && rng.chance(0.4);  // a child under 3: buys from the BABY department
  h.cat = rng.chance(0.22);
  h.dog = rng.chance(0.28);
  h.smoker = rng.chance(0.14);
  h.drinker = rng.chance(0.45);

  // Active window: most households shop over the whole history; some join late, some lapse.
  h.first_day = 1;
  h.last_day = days;
  const double w = rng.uniform();
  if (w < 0.08)
    h.first_day = 1 + static_cast<int>(rng.uniform(0.0, 0.6) * days);
  else if (w < 0.15)
    h.last_day = static_cast<int>(rng.uniform(0.4, 1.0) * days);
  const double window = h.last_day - h.first_day + 1;

  // Heavy-tailed activity (log-normal trips), scaled to the window and the history length.
  h.baskets = rng.lognormal(kMedianBaskets711 * window / 711.0, kBasketsSigma);
  h.baskets = std::clamp(h.baskets, 1.0, std::min(window, 4000.0));

  // Larger households fill larger baskets.
  h.basket_extra = rng.lognormal(4.5 * std::pow(h.size / 2.0, 0.2), 0.3);
  h.staple_share = rng.uniform(0.1, 0.4);
  // Frequent shoppers settle into a repertoire: they repeat more of their exploratory picks.
  h.repeat_share =
      std::clamp(0.12 + 0.18 * std::log(h.baskets / kMedianBaskets711) + rng.uniform(-0.12, 0.12), 0.02, 0.7);
  h.home_store = 286 + static_cast<int>(rng.below(160));
  return h;
}

}  // namespace basketgap::engine::synth
