#include "engine/purchase_gap.hpp"

#include <algorithm>
#include <cmath>

namespace basketgap::engine {

namespace {

// exp(-ln2 / half_life * age) for ages 0..max_age, grown on demand. The same
// expression as a direct call, so the sums (and the coupons) do not depend on
// whether a table is used.
const double* decay_table(std::vector<double>& table, double& cached_half_life, double half_life,
                          std::int32_t max_age) {
  if (cached_half_life != half_life) {
    table.clear();
    cached_half_life = half_life;
  }
  const double rate = std::log(2.0) / half_life;
  for (auto age = static_cast<std::int32_t>(table.size()); age <= max_age; ++age)
    table.push_back(std::exp(-rate * static_cast<double>(age)));
  return table.data();
}

}  // namespace

HouseholdBaskets summarize_household(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                                     const ScoreConfig& config, std::vector<ProductHistory>& out,
                                     PurchaseGapScratch& scratch, std::span<const std::int32_t> successor) {
  out.clear();
  scratch.runs.clear();
  scratch.inherited.clear();
  HouseholdBaskets baskets;
  const std::int64_t first = block.begin(h);
  if (first == block.end(h) || block.day(first) > as_of) return baskets;
  const std::int32_t recent_after = as_of - config.popularity_window_days;
  // Rows are in day order: the oldest row has the largest age.
  const std::int32_t max_age = as_of - block.day(first);
  const double* decay_long =
      decay_table(scratch.decay_long, scratch.long_half_life, config.half_life_days, max_age);
  const double* decay_short =
      decay_table(scratch.decay_short, scratch.short_half_life, config.short_half_life_days, max_age);
  auto& slot = scratch.slot;
  // One pass in day order; each product's rows are met in day order, as a sort
  // by product would give them.
  std::int32_t basket = -1;  // ordinal of the current basket within the household
  block.for_each_run(h, [&](const HistoryBlock::DayRun& rows) {
    const std::int32_t day = rows.day;
    if (day > as_of) return false;
    if (rows.opens_basket) {
      ++basket;
      baskets.recent += day > recent_after;
    }
    for (std::int64_t r = rows.begin; r < rows.end; ++r) {
      std::int32_t product = block.product(r);
      if (!successor.empty() && successor[static_cast<std::size_t>(product)] >= 0) {
        if (std::find(scratch.inherited.begin(), scratch.inherited.end(), product) == scratch.inherited.end())
          scratch.inherited.push_back(product);
        product = successor[static_cast<std::size_t>(product)];
      }
      if (static_cast<std::size_t>(product) >= slot.size())
        slot.resize(static_cast<std::size_t>(product) + 1, -1);
      std::int32_t index = slot[product];
      if (index < 0) {
        index = static_cast<std::int32_t>(out.size());
        slot[product] = index;
        // Built in place: a copy of a stack temporary just written field by field stalled on
        // store forwarding (the wide loads of the copy) — 40 % of this function's samples.
        ProductHistory& fresh = out.emplace_back();
        fresh.product = product;
        fresh.first_day = day;
        scratch.runs.push_back({-1, -1});
      }
      ProductHistory& p = out[static_cast<std::size_t>(index)];
      PurchaseGapScratch::Run& run = scratch.runs[static_cast<std::size_t>(index)];
      if (basket == run.last_basket) continue;  // one basket counts once
      run.last_basket = basket;
      p.last_day = day;
      ++p.baskets;
      if (day != run.prev_day) {
        ++p.purchase_days;
        if (run.prev_day >= 0)
          p.gap_square_sum += static_cast<double>(day - run.prev_day) * (day - run.prev_day);
      }
      run.prev_day = day;
      p.decayed_long += decay_long[as_of - day];
      p.decayed_short += decay_short[as_of - day];
    }
    return true;
  });
  for (std::size_t i = 0; i < out.size(); ++i) out[i].baskets_since = basket - scratch.runs[i].last_basket;
  for (ProductHistory& p : out) {
    slot[p.product] = -1;
    if (p.baskets >= config.min_purchases_for_cycle && p.purchase_days >= 2)
      p.personal_cycle = static_cast<double>(p.last_day - p.first_day) / (p.purchase_days - 1);
  }
  baskets.total = basket + 1;
  return baskets;
}

void purchase_spans(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                    std::vector<PurchaseSpan>& out, std::vector<std::int32_t>& slot) {
  purchase_spans(block, h, std::span<const std::int32_t>(&as_of, 1),
                 std::span<std::vector<PurchaseSpan>>(&out, 1), slot);
}

void purchase_spans(const HistoryBlock& block, std::int64_t h, std::span<const std::int32_t> days,
                    std::span<std::vector<PurchaseSpan>> spans, std::vector<std::int32_t>& slot) {
  if (days.empty()) return;
  // The spans grow in the last day's vector; an earlier day's are a copy of them taken when
  // the rows pass that day (rows are in day order).
  const std::size_t last = days.size() - 1;
  std::vector<PurchaseSpan>& out = spans[last];
  out.clear();
  std::size_t next = 0;  // the next earlier day to copy
  block.for_each_run(h, [&](const HistoryBlock::DayRun& rows) {
    const std::int32_t day = rows.day;
    for (; next < last && day > days[next]; ++next) spans[next] = out;
    if (day > days[last]) return false;
    for (std::int64_t r = rows.begin; r < rows.end; ++r) {
      const std::int32_t product = block.product(r);
      if (static_cast<std::size_t>(product) >= slot.size())
        slot.resize(static_cast<std::size_t>(product) + 1, -1);
      std::int32_t& index = slot[product];
      if (index < 0) {
        index = static_cast<std::int32_t>(out.size());
        out.push_back({product, day, day, 1});
        continue;
      }
      PurchaseSpan& p = out[static_cast<std::size_t>(index)];
      if (day != p.last_day) ++p.purchase_days;
      p.last_day = day;
    }
    return true;
  });
  for (; next < last; ++next) spans[next] = out;
  for (const PurchaseSpan& p : out) slot[p.product] = -1;
}

CycleSums::Terms CycleSums::terms(const PurchaseSpan& p) {
  // Intervals between purchase days (like the personal cycle): two baskets on
  // one day are one purchase day, not a zero-day interval.
  if (p.purchase_days < 2) return {};
  return {p.last_day - p.first_day, p.purchase_days - 1};
}

void CycleSums::add(const PurchaseSpan& p) {
  ++buyers[p.product];
  const Terms t = terms(p);
  gap_days[p.product] += t.gap_days;
  gap_count[p.product] += t.gap_count;
}

double CycleSums::cycle(std::int32_t product) const {
  const auto n = gap_count[product];
  return n > 0 ? static_cast<double>(gap_days[product]) / n : -1;
}

std::vector<double> CycleSums::repeat_rates() const {
  constexpr double kPriorDays = 5;  // weight of the overall share, in purchase days
  std::int64_t repeats = 0, days = 0;
  for (std::size_t p = 0; p < gap_count.size(); ++p) {
    repeats += gap_count[p];
    days += gap_count[p] + buyers[p];
  }
  const double overall = days > 0 ? static_cast<double>(repeats) / days : 0;
  std::vector<double> rates(gap_count.size());
  for (std::size_t p = 0; p < rates.size(); ++p)
    rates[p] = (gap_count[p] + kPriorDays * overall) / (gap_count[p] + buyers[p] + kPriorDays);
  return rates;
}

namespace {
double normal_cdf(double z) { return 0.5 * std::erfc(-z / std::sqrt(2.0)); }

// The normal next interval of due_probability: mean and spread (spread 0: no cycle).
struct NextInterval {
  double mean = 0, spread = 0;
};

NextInterval next_interval(const ProductHistory& p, double population_cycle) {
  double mean = 0, spread = 0;
  if (p.personal_cycle > 0) {
    // Shrink the observed variance towards (cycle / 2)^2 with the weight of two intervals.
    constexpr double kPriorIntervals = 2, kPriorVariation = 0.5;
    const double intervals = p.purchase_days - 1;
    mean = p.personal_cycle;
    const double observed = std::max(0.0, p.gap_square_sum / intervals - mean * mean);
    const double prior = kPriorVariation * mean * kPriorVariation * mean;
    spread = std::sqrt((intervals * observed + kPriorIntervals * prior) / (intervals + kPriorIntervals));
  } else if (population_cycle > 0) {
    mean = population_cycle;
    spread = population_cycle;
  } else {
    return {};
  }
  return {mean, std::max(spread, 1.0)};
}
}  // namespace

double due_probability(const ProductHistory& p, std::int32_t as_of, double population_cycle, int horizon) {
  const auto [mean, spread] = next_interval(p, population_cycle);
  if (spread == 0) return 0;
  const double elapsed = as_of - p.last_day;
  return normal_cdf((elapsed + horizon - mean) / spread) - normal_cdf((elapsed - mean) / spread);
}

double due_probability_bound(const ProductHistory& p, double population_cycle, int horizon) {
  const auto [mean, spread] = next_interval(p, population_cycle);
  if (spread == 0) return 0;
  constexpr double kSqrtTwoPi = 2.5066282746310002;
  return std::min(1.0, std::max(horizon, 0) / (spread * kSqrtTwoPi)) + 1e-12;
}

}  // namespace basketgap::engine
