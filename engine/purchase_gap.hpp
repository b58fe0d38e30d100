// Purchase-gap kernel: for one household, every product it bought on or before
// the as-of day with its decayed frequency, personal inter-purchase cycle, and
// days since the last purchase.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/history.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

struct ProductHistory {
  std::int32_t product = 0;
  std::int32_t baskets = 0;        // distinct baskets with the product
  std::int32_t purchase_days = 0;  // distinct days with the product
  std::int32_t first_day = 0;
  std::int32_t last_day = 0;
  double decayed_long = 0;         // sum over baskets of 0.5^(age / half_life_days)
  double decayed_short = 0;        // the same with short_half_life_days
  double personal_cycle = -1;      // mean days between purchase days; -1 with too few purchases
  double gap_square_sum = 0;       // sum of squared days between purchase days (the interval spread)
  std::int32_t baskets_since = 0;  // the household's baskets after the last one with the product
};

// Reusable buffers of summarize_household (one per thread): a product-indexed
// slot table and decay factors by age, so a household costs one pass over its
// rows and no exp() per row.
struct PurchaseGapScratch {
  std::vector<std::int32_t> slot;  // product -> index into the output, -1 when absent
  struct Run {
    std::int32_t last_basket, prev_day;
  };
  std::vector<Run> runs;  // per output entry, while scanning
  double long_half_life = 0, short_half_life = 0;
  std::vector<double> decay_long, decay_short;  // 0.5^(age / half-life) by age in days
  // The products whose rows went to their successor in the last summary (engine/successors.hpp).
  std::vector<std::int32_t> inherited;
};

// The household's baskets on or before as_of, and those of them in the popularity window
// (as_of - popularity_window_days, as_of].
struct HouseholdBaskets {
  std::int32_t total = 0, recent = 0;
};

// Rows of local household `h` with day <= as_of, summarised per product, in first-purchase
// order (deterministic; not sorted, which cost a third of the summary). Returns the basket
// counts, from the same pass. With `successor` (per product, -1: none) a relaunched product's
// rows count as its successor's — one product's history under the new id — and the old ids met
// are listed in scratch.inherited.
HouseholdBaskets summarize_household(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                                     const ScoreConfig& config, std::vector<ProductHistory>& out,
                                     PurchaseGapScratch& scratch,
                                     std::span<const std::int32_t> successor = {});

// What the population statistics need of one product a household bought on or before as_of.
struct PurchaseSpan {
  std::int32_t product, first_day, last_day, purchase_days;
};

// The purchase spans of household `h` in first-purchase order (not sorted: the callers only
// sum them). Much cheaper than summarize_household: no decay, no baskets, no sort.
// `slot` is product-indexed scratch, all -1 between calls.
void purchase_spans(const HistoryBlock& block, std::int64_t h, std::int32_t as_of,
                    std::vector<PurchaseSpan>& out, std::vector<std::int32_t>& slot);

// The same as of several days (ascending) in one pass over the rows: out[k] as of days[k],
// exactly what the single-day call gives. The blend's validation day and the scoring day share
// the pass.
void purchase_spans(const HistoryBlock& block, std::int64_t h, std::span<const std::int32_t> days,
                    std::span<std::vector<PurchaseSpan>> out, std::vector<std::int32_t>& slot);

// The cycle used for a product: the personal one when the household bought it
// often enough, else the product's population cycle (`population_cycle` <= 0:
// unknown). Inline, as due_ratio: both run for every repeat candidate.
inline double effective_cycle(const ProductHistory& p, double population_cycle, const ScoreConfig&) {
  if (p.personal_cycle > 0) return p.personal_cycle;
  return population_cycle > 0 ? population_cycle : -1;
}

// Elapsed days since the last purchase relative to the cycle (0 when the cycle
// is unknown).
inline double due_ratio(const ProductHistory& p, std::int32_t as_of, double cycle) {
  if (cycle <= 0) return 0;
  return (as_of - p.last_day) / std::max(cycle, 1.0);
}

// Per-product integer sums over households, reduced across ranks to population
// cycles: cycle = gap_days / gap_count (the mean interval between purchase
// days).
struct CycleSums {
  std::vector<std::int64_t> gap_days, gap_count;
  std::vector<std::int64_t> buyers;  // households with the product (for the repeat rate)
  explicit CycleSums(std::size_t products = 0)
      : gap_days(products, 0), gap_count(products, 0), buyers(products, 0) {}
  void add(const ProductHistory& p) {
    add(PurchaseSpan{p.product, p.first_day, p.last_day, p.purchase_days});
  }
  void add(const PurchaseSpan& p);
  // What one household's span adds to its product's gap sums: the days between its first and
  // last purchase days and the intervals between them (none with a single purchase day).
  struct Terms {
    std::int64_t gap_days = 0, gap_count = 0;
  };
  static Terms terms(const PurchaseSpan& p);
  double cycle(std::int32_t product) const;
  // Per product, the share of its purchase days that were repeats (a household buying it
  // again), shrunk towards the share over all products by a few purchase days' weight: a
  // product bought by two households says little on its own.
  std::vector<double> repeat_rates() const;
};

// Probability that the next purchase of `p` falls in the `horizon` days after as_of: the
// household's intervals modelled as normal around its personal cycle with their own spread
// (shrunk towards a coefficient of variation of one half while there are few of them); with
// no personal cycle, the population cycle with a spread of one cycle. 0 without a cycle.
double due_probability(const ProductHistory& p, std::int32_t as_of, double population_cycle, int horizon);

// An upper bound of due_probability without its two erfc: the mass of a normal over `horizon`
// days is at most horizon x its peak density, 1 / (spread sqrt(2 pi)), and at most 1; a margin
// covers the rounding of the computed value.
double due_probability_bound(const ProductHistory& p, double population_cycle, int horizon);

}  // namespace basketgap::engine
