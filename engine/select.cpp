#include "engine/select.hpp"

#include <algorithm>
#include <functional>
#include <limits>

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

std::size_t decided_ranks(int k) { return static_cast<std::size_t>(std::max(k, 1) + 4); }

void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row) {
  select_coupons(candidates, context, config, table, row, nullptr, false, nullptr);
}

void select_coupons(std::vector<Candidate>& candidates, const ScoringContext& context,
                    const ScoreConfig& config, CouponTable& table, std::int64_t row,
                    const CampaignRules* rules, bool event_slot, const CandidateCompletion* completion,
                    TakenCandidates* taken_out) {
  const int k = table.k;
  // Rank small (score, product, index) keys rather than moving whole candidates
  // around.
  struct Ranked {
    std::uint8_t tier;
    double score;
    std::int32_t product;
    std::uint32_t index;
  };
  // Buffers reused across households (one set per thread): a household used to cost three
  // allocations here.
  thread_local std::vector<Ranked> order;
  thread_local std::vector<const Candidate*> chosen;
  thread_local std::vector<char> taken;
  thread_local std::vector<std::uint32_t> rest;  // ranked after the first `ordered`, surely
  thread_local std::vector<double> floors;
  order.clear();
  rest.clear();
  chosen.clear();
  taken.assign(candidates.size(), 0);
  const auto key = [&](std::size_t i) {
    const Candidate& c = candidates[i];
    return Ranked{c.tier, c.score, c.product, static_cast<std::uint32_t>(i)};
  };
  const auto better = [](const Ranked& a, const Ranked& b) {
    if (a.tier != b.tier) return a.tier < b.tier;
    if (a.score != b.score) return a.score > b.score;
    return a.product < b.product;
  };
  // Usually the first K ranks (and a few more) decide everything: order those, and the rest
  // only if a loop below gets that far (campaign rules and slot minimums may skip some).
  std::size_t ordered = std::min(candidates.size(), decided_ranks(k));
  if (completion && ordered > 0) {
    // With bounds (score_candidates_bounded), `threshold` is the `ordered`-th largest lower
    // bound of a logit: at least `ordered` candidates have a logit at least that. A candidate
    // whose logit (or its upper bound, if pending) is 1e-6 below it scores strictly lower
    // than all of those — sigmoid's output is not flat there: the guards keep `threshold`
    // out of the tails — so it cannot be among the first `ordered`: it waits in `rest`, and
    // a pending one is completed only if a loop below reaches past those ranks.
    floors.clear();
    for (const Candidate& c : candidates) {
      const double floor = c.pending_history >= 0 ? c.logit_floor : c.logit;
      if (floors.size() < ordered) {
        floors.push_back(floor);
        std::push_heap(floors.begin(), floors.end(), std::greater<>());
      } else if (floor > floors.front()) {
        std::pop_heap(floors.begin(), floors.end(), std::greater<>());
        floors.back() = floor;
        std::push_heap(floors.begin(), floors.end(), std::greater<>());
      }
    }
    const double threshold = floors.front();
    const bool bounds_decide = threshold > kBoundsDecideAbove && threshold < kBoundsDecideBelow;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      Candidate& c = candidates[i];
      if (bounds_decide && c.logit + kRankMargin < threshold) {
        rest.push_back(static_cast<std::uint32_t>(i));
        continue;
      }
      if (c.pending_history >= 0) completion->complete(c);
      order.push_back(key(i));
    }
  } else {
    for (std::size_t i = 0; i < candidates.size(); ++i) order.push_back(key(i));
  }
  // nth_element then sort: the same first `ordered` as partial_sort (the order is total: one
  // candidate per product), in linear time for the split; the rest stay behind the split.
  const auto split = order.begin() + static_cast<std::ptrdiff_t>(ordered);
  if (ordered < order.size()) std::nth_element(order.begin(), split, order.end(), better);
  std::sort(order.begin(), split, better);
  // The candidate (its index) at rank i.
  const auto ranked_index = [&](std::size_t i) -> std::uint32_t {
    if (i >= ordered) {
      for (const std::uint32_t r : rest) {  // past the first ranks: every score is needed
        if (candidates[r].pending_history >= 0) completion->complete(candidates[r]);
        order.push_back(key(r));
      }
      rest.clear();
      std::sort(order.begin() + static_cast<std::ptrdiff_t>(ordered), order.end(), better);
      ordered = order.size();
    }
    return order[i].index;
  };
  const auto ranked = [&](std::size_t i) -> const Candidate& { return candidates[ranked_index(i)]; };
  // Without a campaign every product is admitted and nothing is capped.
  const CampaignRules no_rules;
  CapCounter caps(rules ? *rules : no_rules);
  const auto admit = [&](std::int32_t product) {
    return !rules || (rules->is_eligible(product) && caps.allows(product));
  };
  // `taken` is by candidate index.
  const auto take = [&](std::uint32_t index) {
    taken[index] = 1;
    chosen.push_back(&candidates[index]);
    if (rules) caps.add(candidates[index].product);
  };
  // The event slot first, so it is never crowded out.
  std::int32_t event_product = -1;
  bool event_from_fallback = false;
  if (rules && event_slot && k > 0) {
    for (std::size_t i = 0; i < candidates.size() && event_product < 0; ++i)
      if (admit(ranked(i).product) && rules->is_event_product(ranked(i).product)) {
        event_product = ranked(i).product;
        take(ranked_index(i));
      }
    for (std::size_t i = 0; i < rules->fallback.size() && event_product < 0; ++i)
      if (admit(rules->fallback[i]) && rules->is_event_product(rules->fallback[i])) {
        event_product = rules->fallback[i];
        event_from_fallback = true;
        caps.add(event_product);
      }
  }
  const int room = k - (event_from_fallback ? 1 : 0);
  // Slot minimums first (best of each kind), then the best of the rest. The reward slots: the
  // best bought products, walking down the ranks (their scores may be pending).
  auto take_rewards = [&](int count) {
    for (std::size_t i = 0; i < candidates.size() && count > 0 && static_cast<int>(chosen.size()) < room;
         ++i) {
      const std::uint32_t index = ranked_index(i);
      if (taken[index] || !candidates[index].bought || !admit(candidates[index].product)) continue;
      take(index);
      --count;
    }
  };
  // The discovery slots: the best new products in rank order. Their scores are never pending,
  // so they are ordered among themselves without ranking the repeat candidates below the first
  // ranks (walking down to the first new product completed and sorted every candidate: twice
  // the select time with discovery_slots = 1). The same takes, in the same order, with the same
  // caps: the walk skipped the bought candidates before asking admit.
  auto take_discoveries = [&](int count) {
    if (count <= 0) return;
    thread_local std::vector<Ranked> fresh;
    fresh.clear();
    for (std::size_t i = 0; i < candidates.size(); ++i)
      if (!candidates[i].bought && !taken[i]) fresh.push_back(key(i));
    std::sort(fresh.begin(), fresh.end(), better);
    for (const Ranked& r : fresh) {
      if (count <= 0 || static_cast<int>(chosen.size()) >= room) break;
      if (!admit(r.product)) continue;
      take(r.index);
      --count;
    }
  };
  take_rewards(config.reward_slots);
  take_discoveries(config.discovery_slots);
  for (std::size_t i = 0; i < candidates.size() && static_cast<int>(chosen.size()) < room; ++i) {
    const std::uint32_t index = ranked_index(i);
    if (!taken[index] && admit(candidates[index].product)) take(index);
  }
  if (taken_out) {
    taken_out->count = static_cast<int>(chosen.size());
    taken_out->lowest_logit = std::numeric_limits<double>::infinity();
    for (const Candidate* c : chosen) taken_out->lowest_logit = std::min(taken_out->lowest_logit, c->logit);
  }
  std::sort(chosen.begin(), chosen.end(), [](const Candidate* a, const Candidate* b) {
    if (a->tier != b->tier) return a->tier < b->tier;
    if (a->score != b->score) return a->score > b->score;
    return a->product < b->product;
  });

  const std::int64_t base = row * k;
  int slot = 0;
  const auto put = [&](std::int32_t product, float score, Reason reason, std::int32_t source) {
    table.product[base + slot] = product;
    table.score[base + slot] = score;
    table.reason[base + slot] = static_cast<std::uint8_t>(reason);
    table.source[base + slot] = source;
    ++slot;
  };
  for (const Candidate* c : chosen) {
    const Reason reason = c->product == event_product ? Reason::event : reason_of(*c, config);
    put(c->product, static_cast<float>(c->score), reason, reason == Reason::cross_sell ? c->source : -1);
  }
  if (event_from_fallback) put(event_product, 0.0f, Reason::event, -1);
  // Popular fallback for households with fewer candidates than slots.
  const std::vector<std::int32_t>& popular = rules ? rules->fallback : context.popular;
  for (std::int32_t product : popular) {
    if (slot >= k) break;
    const bool present = std::any_of(chosen.begin(), chosen.end(),
                                     [&](const Candidate* c) { return c->product == product; }) ||
                         std::find(table.product.begin() + base, table.product.begin() + base + slot,
                                   product) != table.product.begin() + base + slot;
    if (present || !admit(product)) continue;
    if (rules) caps.add(product);
    put(product, 0.0f, Reason::popular, -1);
  }
}

}  // namespace basketgap::engine
