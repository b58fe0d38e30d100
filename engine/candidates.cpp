#include "engine/candidates.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace basketgap::engine {

std::vector<std::int32_t> most_popular(const std::vector<std::int64_t>& buyers, std::size_t count) {
  std::vector<std::int32_t> order(buyers.size());
  for (std::size_t p = 0; p < order.size(); ++p) order[p] = static_cast<std::int32_t>(p);
  const std::size_t keep = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + keep, order.end(),
                    [&](std::int32_t a, std::int32_t b) {
                      if (buyers[a] != buyers[b]) return buyers[a] > buyers[b];
                      return a < b;
                    });
  order.resize(keep);
  while (!order.empty() && buyers[order.back()] == 0) order.pop_back();
  return order;
}

const char* feature_name(int index) {
  static const char* names[kFeatureCount] = {
      "bias",          "bought",          "log_decayed_long", "log_decayed_short",
      "log_baskets",   "log_elapsed",     "ratio_lt_0.5",     "ratio_0.5_1",
      "ratio_1_1.5",   "ratio_1.5_2.5",   "ratio_2.5_4",      "ratio_ge_4",
      "popularity",    "cross_sell",      "household_recent", "share_of_baskets",
      "no_cycle"};
  return index >= 0 && index < kFeatureCount ? names[index] : "?";
}

namespace {

constexpr std::int32_t kNone = -1;    // scratch slot: not seen for this household
constexpr std::int32_t kBought = -2;  // scratch slot: bought, or already a candidate

// Index of the due-ratio bin (the learned due-ness curve has one weight per bin).
int ratio_bin(double ratio) {
  if (ratio < 0.5) return 0;
  if (ratio < 1.0) return 1;
  if (ratio < 1.5) return 2;
  if (ratio < 2.5) return 3;
  if (ratio < 4.0) return 4;
  return 5;
}

void fill_common(Features& f, const ScoringContext& context, std::int32_t product,
                 double household_recent) {
  f[0] = 1.0;
  f[12] = std::log1p(static_cast<double>(context.recent_households[product])) /
          std::log1p(static_cast<double>(std::max<std::int64_t>(context.households, 1)));
  f[14] = std::log1p(household_recent);
}

}  // namespace

void build_candidates(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                      const ScoreConfig& config, std::vector<Candidate>& out,
                      CandidateScratch& scratch) {
  out.clear();
  summarize_household(block, h, context.as_of, config, scratch.history, scratch.keys);
  if (scratch.history.empty()) return;

  // Household activity: baskets in the popularity window, and baskets in all.
  std::int64_t last_basket = INT64_MIN;
  double recent_baskets = 0, total_baskets = 0;
  for (std::int64_t r = block.begin(h); r < block.end(h) && block.day[r] <= context.as_of; ++r) {
    if (block.basket[r] == last_basket) continue;
    last_basket = block.basket[r];
    ++total_baskets;
    if (block.day[r] > context.as_of - config.popularity_window_days) ++recent_baskets;
  }

  // Repeat candidates: every product bought, with its purchase-gap features.
  double weight_sum = 0;
  for (const ProductHistory& p : scratch.history) weight_sum += p.decayed_long;
  for (const ProductHistory& p : scratch.history) {
    Candidate c;
    c.product = p.product;
    c.bought = true;
    c.baskets = p.baskets;
    const double cycle = effective_cycle(p, context.population_cycle[p.product], config);
    c.ratio = due_ratio(p, context.as_of, cycle);
    Features& f = c.features;
    fill_common(f, context, p.product, recent_baskets);
    f[1] = 1.0;
    f[2] = std::log1p(p.decayed_long);
    f[3] = std::log1p(p.decayed_short);
    f[4] = std::log1p(static_cast<double>(p.baskets));
    f[5] = std::log1p(static_cast<double>(context.as_of - p.last_day));
    if (cycle > 0) f[6 + ratio_bin(c.ratio)] = 1.0;
    else f[16] = 1.0;
    f[15] = p.baskets / std::max(total_baskets, 1.0);
    out.push_back(c);
  }

  // Explore candidates: affinity-weighted similarity from what the household buys.
  auto& cross = scratch.cross;
  cross.clear();
  auto& slot = scratch.slot;
  slot.resize(context.recent_households.size(), kNone);
  if (config.cross_sell_candidates > 0 && !context.neighbours.offsets.empty()) {
    for (const ProductHistory& p : scratch.history) slot[p.product] = kBought;
    for (const ProductHistory& p : scratch.history) {
      const double affinity = p.decayed_long / std::max(weight_sum, 1e-12);
      const auto ns = context.neighbours.neighbours_of(p.product);
      const auto ss = context.neighbours.similarities_of(p.product);
      for (std::size_t i = 0; i < ns.size(); ++i) {
        std::int32_t& index = slot[ns[i]];
        if (index == kBought) continue;
        const double contribution = affinity * ss[i];
        if (index == kNone) {
          index = static_cast<std::int32_t>(cross.size());
          cross.push_back({ns[i], 0.0, -1.0, -1});
        }
        CrossSell& e = cross[static_cast<std::size_t>(index)];
        e.score += contribution;
        // The strongest trigger; ties keep the lower product index (visited ascending).
        if (contribution > e.best) {
          e.best = contribution;
          e.source = p.product;
        }
      }
    }
    for (const CrossSell& e : cross) slot[e.product] = kNone;
    const std::size_t keep = std::min<std::size_t>(cross.size(), config.cross_sell_candidates);
    std::partial_sort(cross.begin(), cross.begin() + keep, cross.end(),
                      [](const CrossSell& a, const CrossSell& b) {
                        if (a.score != b.score) return a.score > b.score;
                        return a.product < b.product;
                      });
    cross.resize(keep);
  }
  for (const CrossSell& e : cross) {
    Candidate c;
    c.product = e.product;
    c.cross_sell = e.score;
    c.source = e.source;
    fill_common(c.features, context, e.product, recent_baskets);
    c.features[13] = std::log1p(10.0 * e.score);
    out.push_back(c);
  }

  // Popular products the household does not buy (nor has as a cross-sell candidate).
  for (const Candidate& c : out) slot[c.product] = kBought;
  int added = 0;
  for (std::int32_t product : context.popular) {
    if (added >= config.popular_candidates) break;
    if (slot[product] == kBought) continue;
    Candidate c;
    c.product = product;
    fill_common(c.features, context, product, recent_baskets);
    out.push_back(c);
    ++added;
  }
  for (const Candidate& c : out) slot[c.product] = kNone;
}

}  // namespace basketgap::engine
