#include "engine/select.hpp"

#include <algorithm>

namespace basketgap::engine {

Reason reason_of(const Candidate& c, const ScoreConfig& config) {
  if (c.bought) {
    if (c.baskets >= config.min_purchases_for_cycle && c.ratio >= config.win_back_ratio)
      return Reason::win_back;
    if (c.ratio >= config.due_ratio) return Reason::replenish;
    return Reason::repeat;
  }
  return c.source >= 0 ? Reason::cross_sell : Reason::popular;
}

void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row) {
  const int k = table.k;
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    return a.product < b.product;
  });
  // Slot minimums first (best of each kind), then the best of the rest.
  std::vector<const Candidate*> chosen;
  std::vector<bool> taken(candidates.size(), false);
  auto take_kind = [&](bool bought, int count) {
    for (std::size_t i = 0; i < candidates.size() && count > 0 && static_cast<int>(chosen.size()) < k; ++i) {
      if (taken[i] || candidates[i].bought != bought) continue;
      taken[i] = true;
      chosen.push_back(&candidates[i]);
      --count;
    }
  };
  take_kind(true, config.reward_slots);
  take_kind(false, config.discovery_slots);
  for (std::size_t i = 0; i < candidates.size() && static_cast<int>(chosen.size()) < k; ++i) {
    if (!taken[i]) {
      taken[i] = true;
      chosen.push_back(&candidates[i]);
    }
  }
  std::sort(chosen.begin(), chosen.end(), [](const Candidate* a, const Candidate* b) {
    if (a->score != b->score) return a->score > b->score;
    return a->product < b->product;
  });

  const std::int64_t base = row * k;
  int slot = 0;
  for (const Candidate* c : chosen) {
    table.product[base + slot] = c->product;
    table.score[base + slot] = static_cast<float>(c->score);
    const Reason reason = reason_of(*c, config);
    table.reason[base + slot] = static_cast<std::uint8_t>(reason);
    table.source[base + slot] = reason == Reason::cross_sell ? c->source : -1;
    ++slot;
  }
  // Popular fallback for households with fewer candidates than slots.
  for (std::int32_t product : context.popular) {
    if (slot >= k) break;
    const bool present = std::any_of(chosen.begin(), chosen.end(),
                                     [&](const Candidate* c) { return c->product == product; }) ||
                         std::find(table.product.begin() + base, table.product.begin() + base + slot,
                                   product) != table.product.begin() + base + slot;
    if (present) continue;
    table.product[base + slot] = product;
    table.score[base + slot] = 0.0f;
    table.reason[base + slot] = static_cast<std::uint8_t>(Reason::popular);
    table.source[base + slot] = -1;
    ++slot;
  }
}

}  // namespace basketgap::engine
