#include "engine/successors.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

std::vector<std::int32_t> silent_products(const SaleDays& sales, const CycleSums& cycles,
                                          const SellingDays& selling, std::int32_t as_of,
                                          const SuccessorRules& rules) {
  std::vector<std::int32_t> silent(sales.first_day.size(), kNotSilent);
  const std::int32_t selling_days = selling.up_to(as_of);
  for (std::size_t p = 0; p < silent.size(); ++p) {
    const std::int32_t first = sales.first_day[p], last = sales.last_day[p];
    if (first > last || last > as_of) continue;
    // Each buyer's purchase days are its intervals and one (as missed_sales counts them).
    if (cycles.gap_count[p] + cycles.buyers[p] < rules.min_purchase_days) continue;
    if (selling_days - selling.up_to(last) >= rules.silent_selling_days) silent[p] = last;
  }
  return silent;
}

namespace {

std::int32_t last_seen_of(std::span<const PurchaseSpan> spans) {
  std::int32_t last = INT32_MIN;
  for (const PurchaseSpan& s : spans) last = std::max(last, s.last_day);
  return last;
}

// Whether `product` could succeed a predecessor last sold on `last`: first sold anywhere within the
// launch lead of it, either side (a replacement, launched as the old id went; not a product that
// came months later).
bool launched_near(std::int32_t product, std::int32_t last, std::span<const std::int32_t> first_sale,
                   const SuccessorRules& rules) {
  const std::int32_t first = first_sale[static_cast<std::size_t>(product)];
  return first >= last - rules.launch_lead_days && first <= last + rules.launch_lead_days;
}

}  // namespace

void count_adoptions(std::span<const PurchaseSpan> spans, std::span<const std::int32_t> silent,
                     std::span<const std::int32_t> first_sale, const SuccessorRules& rules,
                     AdoptionTally& tally) {
  if (spans.empty()) return;
  const std::int32_t last_seen = last_seen_of(spans);
  if (last_seen >= tally.first_day &&
      last_seen - tally.first_day < static_cast<std::int32_t>(tally.last_seen.size()))
    ++tally.last_seen[static_cast<std::size_t>(last_seen - tally.first_day)];
  for (const PurchaseSpan& p : spans) {
    const std::int32_t last = silent[static_cast<std::size_t>(p.product)];
    if (last == kNotSilent || p.purchase_days < rules.regular_purchase_days || last_seen <= last) continue;
    ++tally.regulars[static_cast<std::size_t>(p.product)];
    for (const PurchaseSpan& q : spans)
      if (q.product != p.product && q.first_day > last - rules.adoption_lead_days &&
          launched_near(q.product, last, first_sale, rules))
        tally.adoptions.push_back(pair_key(p.product, q.product));
  }
}

std::vector<PairTally> count_keys(std::vector<std::uint64_t>& keys) {
  std::sort(keys.begin(), keys.end());
  std::vector<PairTally> out;
  for (const std::uint64_t key : keys) {
    if (out.empty() || out.back().key != key)
      out.push_back({key, 1});
    else
      ++out.back().count;
  }
  return out;
}

std::vector<PairTally> merge_tallies(std::span<const PairTally> concatenated) {
  std::vector<PairTally> all(concatenated.begin(), concatenated.end());
  std::sort(all.begin(), all.end(), [](const PairTally& a, const PairTally& b) { return a.key < b.key; });
  std::vector<PairTally> out;
  for (const PairTally& t : all) {
    if (out.empty() || out.back().key != t.key)
      out.push_back(t);
    else
      out.back().count += t.count;
  }
  return out;
}

BaseQuery::BaseQuery(std::span<const PairTally> adopted, std::span<const std::int32_t> silent,
                     std::size_t products)
    : offsets(products + 1, 0) {
  std::vector<std::pair<std::int32_t, std::int32_t>> wanted;  // (product, the predecessor's last sale)
  wanted.reserve(adopted.size());
  for (const PairTally& t : adopted)
    wanted.emplace_back(pair_second_of(t.key), silent[static_cast<std::size_t>(pair_first_of(t.key))]);
  std::sort(wanted.begin(), wanted.end());
  wanted.erase(std::unique(wanted.begin(), wanted.end()), wanted.end());
  for (const auto& [product, last] : wanted) {
    ++offsets[static_cast<std::size_t>(product) + 1];
    last_sale.push_back(last);
  }
  for (std::size_t p = 0; p < products; ++p) offsets[p + 1] += offsets[p];
}

std::size_t BaseQuery::index(std::int32_t product, std::int32_t last) const {
  const auto begin = last_sale.begin() + offsets[static_cast<std::size_t>(product)];
  const auto end = last_sale.begin() + offsets[static_cast<std::size_t>(product) + 1];
  return static_cast<std::size_t>(std::lower_bound(begin, end, last) - last_sale.begin());
}

void count_bases(std::span<const PurchaseSpan> spans, const BaseQuery& query, const SuccessorRules& rules,
                 std::vector<std::int64_t>& counts) {
  if (spans.empty()) return;
  const std::int32_t last_seen = last_seen_of(spans);
  for (const PurchaseSpan& q : spans) {
    const auto product = static_cast<std::size_t>(q.product);
    for (auto i = query.offsets[product]; i < query.offsets[product + 1]; ++i) {
      const std::int32_t last = query.last_sale[static_cast<std::size_t>(i)];
      counts[static_cast<std::size_t>(i)] +=
          q.first_day > last - rules.adoption_lead_days && last_seen > last;
    }
  }
}

std::vector<std::int32_t> follow_chains(const std::vector<std::int32_t>& successor) {
  std::vector<std::int32_t> resolved(successor.size(), -1);
  for (std::size_t p = 0; p < successor.size(); ++p) {
    std::int32_t to = successor[p];
    bool loops = false;
    for (int step = 0; to >= 0 && successor[static_cast<std::size_t>(to)] >= 0; ++step) {
      if (step == kLongestChain) {
        loops = true;
        break;
      }
      to = successor[static_cast<std::size_t>(to)];
      if (to == static_cast<std::int32_t>(p)) {
        loops = true;
        break;
      }
    }
    resolved[p] = loops ? -1 : to;
  }
  return resolved;
}

void drop_replaced_neighbours(NeighbourTable& table, std::span<const std::int32_t> successor) {
  if (successor.empty() || table.offsets.empty()) return;
  NeighbourTable kept;
  kept.offsets.reserve(table.offsets.size());
  kept.offsets.push_back(0);
  for (std::size_t p = 0; p + 1 < table.offsets.size(); ++p) {
    for (auto i = table.offsets[p]; i < table.offsets[p + 1]; ++i) {
      const std::int32_t q = table.neighbour[static_cast<std::size_t>(i)];
      if (successor[static_cast<std::size_t>(q)] >= 0) continue;
      kept.neighbour.push_back(q);
      kept.similarity.push_back(table.similarity[static_cast<std::size_t>(i)]);
    }
    kept.offsets.push_back(static_cast<std::int64_t>(kept.neighbour.size()));
  }
  table = std::move(kept);
}

double poisson_tail(std::int64_t k, double mean) {
  if (k <= 0) return 1.0;
  if (mean <= 0) return 0.0;
  if (static_cast<double>(k) <= mean) return 1.0;  // at least about a half: never significant
  // The terms from k on fall once past the mean: summed until they no longer count.
  double term =
      std::exp(-mean + static_cast<double>(k) * std::log(mean) - std::lgamma(static_cast<double>(k) + 1));
  double tail = 0;
  for (std::int64_t i = k; term > tail * 1e-17 && i < k + 100000; ++i) {
    tail += term;
    term *= mean / static_cast<double>(i + 1);
  }
  return std::min(1.0, tail);
}

std::vector<std::int32_t> choose_successors(std::span<const std::int32_t> silent, const AdoptionTally& summed,
                                            std::span<const PairTally> adopted, const BaseQuery& query,
                                            std::span<const std::int64_t> bases,
                                            const SuccessorRules& rules) {
  const std::size_t products = silent.size();
  std::vector<std::int32_t> successor(products, -1);
  // Households shopping after each day: the last-seen counts summed from the end.
  std::vector<std::int64_t> after(summed.last_seen.size() + 1, 0);
  for (std::size_t d = summed.last_seen.size(); d-- > 0;) after[d] = after[d + 1] + summed.last_seen[d];
  const auto active_after = [&](std::int32_t day) -> std::int64_t {
    const std::int64_t at = static_cast<std::int64_t>(day) - summed.first_day + 1;
    if (at <= 0) return after[0];
    return at < static_cast<std::int64_t>(after.size()) ? after[static_cast<std::size_t>(at)] : 0;
  };
  // Per predecessor (the tallies are in key order: by predecessor, then product), of the products
  // that pass — enough adopters, a lift of at least `min_lift` (regular buyers shop more than the
  // average household: a small lift is their activity, not a relaunch), unlikely at the base
  // rate — the one of largest lift; ties to the lower product.
  for (std::size_t i = 0; i < adopted.size();) {
    const std::int32_t p = pair_first_of(adopted[i].key);
    const std::int32_t last = silent[static_cast<std::size_t>(p)];
    const double regulars = static_cast<double>(summed.regulars[static_cast<std::size_t>(p)]);
    const double active = static_cast<double>(active_after(last));
    double best_lift = -1;
    std::int32_t best = -1;
    for (; i < adopted.size() && pair_first_of(adopted[i].key) == p; ++i) {
      const std::int32_t q = pair_second_of(adopted[i].key);
      const std::int64_t adopters = adopted[i].count;
      const double base = static_cast<double>(bases[query.index(q, last)]);
      const double rate = (base + 1) / (active + 1);  // the share of shoppers taking it up
      const double lift = static_cast<double>(adopters) / (regulars + rules.pseudo_regulars) / rate;
      if (adopters < rules.min_adopters || lift < rules.min_lift || lift <= best_lift) continue;
      if (poisson_tail(adopters, regulars * rate) >= rules.max_chance) continue;
      best_lift = lift;
      best = q;
    }
    successor[static_cast<std::size_t>(p)] = best;
  }
  return follow_chains(successor);
}

}  // namespace basketgap::engine
