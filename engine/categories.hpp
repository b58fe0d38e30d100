// Categories (the products file's commodity or sub-commodity): what a household buys of a
// candidate's category, and the category's popular products it never bought. Where shoppers
// switch between the variants of a product, one variant's history is a fraction of what the
// household buys of its kind; the category holds the rest (docs/SCORING.md "Categories").
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "engine/features.hpp"
#include "engine/purchase_gap.hpp"

namespace basketgap::engine {

// Every product's category and each category's products by popularity. Empty (no category
// features, no category candidates) when the store has no products file or the level is none.
struct CategoryTable {
  std::vector<std::int32_t> of_product;  // per product: its category, -1 none
  std::vector<std::int64_t> offsets;     // per category, into `members` (categories + 1 entries)
  // Per category its products with a recent buyer, most recent buyers first (ties: lower index).
  std::vector<std::int32_t> members;

  bool empty() const { return of_product.empty(); }
  std::int32_t categories() const {
    return offsets.empty() ? 0 : static_cast<std::int32_t>(offsets.size() - 1);
  }
  std::span<const std::int32_t> members_of(std::int32_t category) const {
    return std::span<const std::int32_t>(members).subspan(
        static_cast<std::size_t>(offsets[category]),
        static_cast<std::size_t>(offsets[category + 1] - offsets[category]));
  }
};

// The table for products whose categories are `category_of_product` (codes 0..n-1, -1 none;
// shorter than `recent_buyers`: the rest have none). Empty when no product has a category.
CategoryTable category_table(std::span<const std::int32_t> category_of_product,
                             const std::vector<std::int64_t>& recent_buyers);

// A product new to the household from one of its categories, and the household's strongest
// product of that category (the coupon's source, as a cross-sell's trigger).
struct CategoryCandidate {
  std::int32_t product;
  std::int32_t source;
};

// One household's purchases per category: the sums of its products' decayed frequencies.
// Reused from household to household (one per thread): summarize clears only what the last
// household touched.
class HouseholdCategories {
 public:
  void summarize(const CategoryTable& table, std::span<const ProductHistory> history);

  // The category features of a candidate for `product`, whose own decayed frequency is
  // `decayed_long` (0 for a product the household never bought: its share is 0).
  void fill(const CategoryTable& table, std::int32_t product, double decayed_long, Features& f) const;

  // Appends to `out` at most `count` products never taken (taken[p] == taken_mark means taken):
  // the most popular of each of the household's categories in turn, strongest category first
  // (by decayed purchases, ties: lower category), at most `per_category` from each. `history`
  // is the one summarize was given.
  void popular_untaken(const CategoryTable& table, std::span<const std::int32_t> taken,
                       std::int32_t taken_mark, int count, int per_category,
                       std::span<const ProductHistory> history, std::vector<CategoryCandidate>& out);

  // The largest log_category_long / log_category_short of any category of the household (0
  // without one): the bound of an explore candidate's (engine/explore_bound.hpp).
  double largest_log_long() const { return largest_log_long_; }
  double largest_log_short() const { return largest_log_short_; }

  // The largest over the household's categories c of product_terms[c] + w_long x
  // log_category_long(c) + w_short x log_category_short(c); -infinity without a category. With
  // product_terms[c] the best popularity and repeat-rate terms of c's products, it bounds those
  // terms and the category's of an explore candidate of one of the household's categories
  // (engine/explore_bound.hpp).
  double largest_with(std::span<const double> product_terms, double w_long, double w_short) const;

 private:
  std::vector<double> long_sum_, short_sum_;  // per category
  std::vector<double> log_long_, log_short_;  // their log1p, for the categories bought
  std::vector<std::uint8_t> seen_;            // per category: in bought_
  std::vector<std::int32_t> bought_;          // the categories with a purchase
  std::vector<std::int32_t> strongest_;       // per category: index in the history of its strongest product
  double largest_log_long_ = 0, largest_log_short_ = 0;
};

}  // namespace basketgap::engine
