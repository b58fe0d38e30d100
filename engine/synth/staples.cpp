#include "engine/synth/staples.hpp"

#include <algorithm>
#include <cmath>

#include "engine/synth/taxonomy.hpp"

namespace basketgap::engine::synth {

namespace {

constexpr double kAdoptedLateShare = 0.15;  // staple starts during the history
constexpr double kLapsedShare = 0.12;       // staple stops during the history
constexpr double kSwitchShare = 0.12;       // favourite product changes once
constexpr std::size_t kMaxStaples = 40;

// Commodities a household with these traits always has as staples (the segment signals).
std::vector<int> forced_staples(const Household& h, Rng& rng) {
  std::vector<int> out;
  auto add = [&](const char* name, double p) {
    const int c = commodity_index(name);
    if (c >= 0 && rng.chance(p)) out.push_back(c);
  };
  if (h.baby) {
    add("DIAPERS", 0.95);
    add("BABY FOODS", 0.9);
    add("BABY WIPES", 0.7);
    add("INFANT FORMULA", 0.45);
  }
  if (h.cat) add("CAT FOOD", 0.85);
  if (h.dog) add("DOG FOOD", 0.85);
  if (h.smoker) add("CIGARETTES", 0.9);
  return out;
}

}  // namespace

std::vector<Staple> plan_staples(const Catalog& catalog, const Household& h,
                                 const std::vector<double>& weights, Rng& rng) {
  const auto specs = commodity_specs();
  std::vector<double> staple_weights(weights.size(), 0.0);
  for (std::size_t c = 0; c < weights.size(); ++c)
    if (specs[c].cycle_days > 0) staple_weights[c] = weights[c];
  const WeightedSampler sampler(staple_weights);

  // Staples fill the share of the basket the household gives them: a staple with a cycle
  // shorter than the trip gap takes a slot every trip, a slower one a slot every cycle/gap
  // trips. So infrequent shoppers keep few staples (they buy the rest elsewhere) and every
  // staple can be bought when due, which keeps its gaps on its cycle.
  const double trip_gap = (h.last_day - h.first_day + 1) / h.baskets;
  const double budget = h.staple_share * h.mean_basket();
  const double size_factor = std::pow(h.size / 2.0, 0.3);
  std::vector<int> chosen = forced_staples(h, rng);
  std::vector<double> cycles;
  double load = 0.0;
  auto personal_cycle = [&](int c) {
    // Bigger households run out sooner; everyone has a personal rhythm around the norm.
    return std::max(2.0, specs[c].cycle_days * rng.lognormal(1.0, 0.25) / size_factor);
  };
  for (int c : chosen) {
    cycles.push_back(personal_cycle(c));
    load += std::min(1.0, trip_gap / cycles.back());
  }
  for (int attempt = 0; load < budget && chosen.size() < kMaxStaples && attempt < 200 && !sampler.empty();
       ++attempt) {
    const int c = static_cast<int>(sampler.draw(rng));
    if (std::find(chosen.begin(), chosen.end(), c) != chosen.end()) continue;
    chosen.push_back(c);
    cycles.push_back(personal_cycle(c));
    load += std::min(1.0, trip_gap / cycles.back());
  }

  std::vector<Staple> staples;
  staples.reserve(chosen.size());
  const double window = h.last_day - h.first_day + 1;
  for (std::size_t i = 0; i < chosen.size(); ++i) {
    const int c = chosen[i];
    Staple s;
    s.commodity = c;
    s.cycle = cycles[i];
    s.start_day = h.first_day;
    s.end_day = h.last_day;
    if (rng.chance(kAdoptedLateShare))
      s.start_day = h.first_day + static_cast<int>(rng.uniform(0.1, 0.8) * window);
    if (rng.chance(kLapsedShare))
      s.end_day = std::max(s.start_day + 1, h.first_day + static_cast<int>(rng.uniform(0.3, 0.95) * window));
    s.product = catalog.draw_product(c, s.start_day, rng);
    if (rng.chance(kSwitchShare)) {
      s.switch_day = s.start_day + static_cast<int>(rng.uniform(0.2, 0.9) * (s.end_day - s.start_day));
      s.switched_to = catalog.draw_product(c, s.switch_day, rng);
    }
    s.next_due = s.start_day + static_cast<int>(rng.uniform() * s.cycle);
    staples.push_back(s);
  }
  return staples;
}

}  // namespace basketgap::engine::synth
