// Products relaunched under a new id. A retailer replaces a product by another (a new pack, a new
// barcode, a renamed line): the old id stops selling, and its regular buyers take up the new one.
// The new id then looks new to them — no cycle, no due-ness, an explore candidate at best — and
// the old id keeps a history whose cycle says it is due, though nobody can buy it. The map old → new
// is learnt from the history alone: for each product that stopped selling, the product its regular
// buyers first bought after it stopped, when they took it up far more often than the households
// shopping then (a lift, judged by a Poisson tail at the base rate). A successor then inherits its
// predecessor's rows in each household's summary (engine/purchase_gap: the purchase days of both,
// as one product's), and the old id is nobody's candidate any more. In a shop that does not
// relaunch products nothing is found and the coupons do not change (the dunnhumby file: 9-11 pairs
// a day, real relaunches by their dates). docs/SCORING.md "Relaunched products".
//
// The job counts over a sample of households, sums the counts across ranks and decides on every
// rank alike: integer counts, so the same map for any rank or thread count.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/item_similarity.hpp"
#include "engine/missed_sales.hpp"
#include "engine/purchase_gap.hpp"

namespace basketgap::engine {

// What makes a product a predecessor, a household its regular buyer, and a pair a relaunch.
struct SuccessorRules {
  std::int32_t silent_selling_days = 7;  // the shop sold on this many days since its last sale
  std::int64_t min_purchase_days = 10;   // household-days with it: enough sales to call it silent
  std::int32_t regular_purchase_days = 3;
  std::int32_t adoption_lead_days = 3;  // a first purchase after (last sale - this many days)
  std::int32_t launch_lead_days = 28;   // the successor first sold at most this long before or after it
  std::int64_t min_adopters = 3;
  double min_lift = 2;         // regular buyers are keener shoppers: below this, their activity
  double pseudo_regulars = 5;  // shrinks the lift of a product with few regular buyers
  double max_chance = 1e-6;    // the adopters' Poisson tail at the base rate
};

inline constexpr std::int32_t kNotSilent = INT32_MIN;

// Per product: its last sale day when it went silent as of `as_of` (no sale on the shop's last
// `silent_selling_days` selling days, at least `min_purchase_days` sales before), else kNotSilent.
std::vector<std::int32_t> silent_products(const SaleDays& sales, const CycleSums& cycles,
                                          const SellingDays& selling, std::int32_t as_of,
                                          const SuccessorRules& rules);

// (predecessor, product) packed in one key, and a count.
struct PairTally {
  std::uint64_t key;
  std::int64_t count;
};
inline std::uint64_t pair_key(std::int32_t first, std::int32_t second) {
  return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(first)) << 32) |
         static_cast<std::uint32_t>(second);
}
inline std::int32_t pair_first_of(std::uint64_t key) { return static_cast<std::int32_t>(key >> 32); }
inline std::int32_t pair_second_of(std::uint64_t key) { return static_cast<std::int32_t>(key & 0xffffffffu); }

// The first pass's counts (summed over households, then across ranks).
struct AdoptionTally {
  std::vector<std::int64_t> regulars;   // per product: regular buyers still shopping after its last sale
  std::vector<std::int64_t> last_seen;  // per day from `first_day`: households whose last purchase day it is
  std::int32_t first_day = 0;
  std::vector<std::uint64_t> adoptions;  // one pair_key(predecessor, product) per regular buyer adopting it
  AdoptionTally(std::size_t products, std::int32_t first, std::int32_t as_of)
      : regulars(products, 0),
        last_seen(static_cast<std::size_t>(std::max(0, as_of - first + 1)), 0),
        first_day(first) {}
};

// What one household adds to the first pass: `spans` as of the day, `silent` and `first_sale` (per
// product: the day it was first sold anywhere) as above.
void count_adoptions(std::span<const PurchaseSpan> spans, std::span<const std::int32_t> silent,
                     std::span<const std::int32_t> first_sale, const SuccessorRules& rules,
                     AdoptionTally& tally);

// Sorted keys counted: one tally per distinct key, in key order.
std::vector<PairTally> count_keys(std::vector<std::uint64_t>& keys);
// Tallies of several parts (each in key order) summed per key, in key order.
std::vector<PairTally> merge_tallies(std::span<const PairTally> concatenated);

// The second pass: for each adopted pair (predecessor p, product q), the households whose first
// purchase of q came after p's last sale (less the lead) and who shopped after it — the base rate
// the adopters are judged against. The distinct (q, last sale) it counts, per product q.
struct BaseQuery {
  std::vector<std::int64_t> offsets;    // per product + 1: its range in `last_sale`
  std::vector<std::int32_t> last_sale;  // ascending within a product
  BaseQuery(std::span<const PairTally> adopted, std::span<const std::int32_t> silent, std::size_t products);
  std::size_t size() const { return last_sale.size(); }
  // The index of (product, last sale) in the counts.
  std::size_t index(std::int32_t product, std::int32_t last) const;
};
void count_bases(std::span<const PurchaseSpan> spans, const BaseQuery& query, const SuccessorRules& rules,
                 std::vector<std::int64_t>& counts);

// Each product's successor followed to the latest id (a successor relaunched again); a walk that
// loops (two products each found the other's successor) or is longer than kLongestChain + 1 hops
// leaves the product its own id (-1).
inline constexpr int kLongestChain = 16;
std::vector<std::int32_t> follow_chains(const std::vector<std::int32_t>& successor);

// The neighbour lists without the replaced products (successor >= 0): a product relaunched under a
// new id is not sold any more, and no household gets it as a cross-sell.
void drop_replaced_neighbours(NeighbourTable& table, std::span<const std::int32_t> successor);

// The chance of at least k events of a Poisson law of mean `mean`.
double poisson_tail(std::int64_t k, double mean);

// Per product its successor (-1: none), chains followed (a successor relaunched again leads to the
// latest). From the summed counts; the same on every rank.
std::vector<std::int32_t> choose_successors(std::span<const std::int32_t> silent, const AdoptionTally& summed,
                                            std::span<const PairTally> adopted, const BaseQuery& query,
                                            std::span<const std::int64_t> bases, const SuccessorRules& rules);

}  // namespace basketgap::engine
