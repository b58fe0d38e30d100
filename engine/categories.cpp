#include "engine/categories.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace basketgap::engine {

CategoryTable category_table(std::span<const std::int32_t> category_of_product,
                             const std::vector<std::int64_t>& recent_buyers) {
  CategoryTable table;
  const std::int32_t largest =
      category_of_product.empty() ? -1
                                  : *std::max_element(category_of_product.begin(), category_of_product.end());
  if (largest < 0) return table;
  const std::size_t products = recent_buyers.size();
  table.of_product.assign(products, -1);
  std::copy_n(category_of_product.begin(), std::min(products, category_of_product.size()),
              table.of_product.begin());
  // Counting sort by category, then each category's products by recent buyers.
  table.offsets.assign(static_cast<std::size_t>(largest) + 2, 0);
  for (std::size_t p = 0; p < products; ++p)
    if (table.of_product[p] >= 0 && recent_buyers[p] > 0) ++table.offsets[table.of_product[p] + 1];
  for (std::size_t c = 1; c < table.offsets.size(); ++c) table.offsets[c] += table.offsets[c - 1];
  table.members.resize(static_cast<std::size_t>(table.offsets.back()));
  std::vector<std::int64_t> next(table.offsets.begin(), table.offsets.end() - 1);
  for (std::size_t p = 0; p < products; ++p)
    if (table.of_product[p] >= 0 && recent_buyers[p] > 0)
      table.members[next[table.of_product[p]]++] = static_cast<std::int32_t>(p);
  for (std::int32_t c = 0; c < table.categories(); ++c)
    std::stable_sort(table.members.begin() + table.offsets[c], table.members.begin() + table.offsets[c + 1],
                     [&](std::int32_t a, std::int32_t b) { return recent_buyers[a] > recent_buyers[b]; });
  return table;
}

void HouseholdCategories::summarize(const CategoryTable& table, std::span<const ProductHistory> history) {
  for (const std::int32_t c : bought_) {
    long_sum_[c] = short_sum_[c] = 0;
    seen_[c] = 0;
  }
  bought_.clear();
  largest_log_long_ = largest_log_short_ = 0;
  if (table.empty()) return;
  const auto categories = static_cast<std::size_t>(table.categories());
  if (long_sum_.size() < categories) {
    long_sum_.resize(categories, 0.0);
    short_sum_.resize(categories, 0.0);
    log_long_.resize(categories, 0.0);
    log_short_.resize(categories, 0.0);
    seen_.resize(categories, 0);
    strongest_.resize(categories, -1);
  }
  for (const ProductHistory& p : history) {
    const std::int32_t c = table.of_product[p.product];
    if (c < 0) continue;
    if (!seen_[c]) {
      seen_[c] = 1;
      bought_.push_back(c);
      strongest_[c] = static_cast<std::int32_t>(&p - history.data());
    } else if (p.decayed_long > history[static_cast<std::size_t>(strongest_[c])].decayed_long) {
      strongest_[c] = static_cast<std::int32_t>(&p - history.data());  // ties: the earlier in `history`
    }
    long_sum_[c] += p.decayed_long;
    short_sum_[c] += p.decayed_short;
  }
  // The logs once per category, not once per candidate (a household has a few categories
  // for every hundred products).
  for (const std::int32_t c : bought_) {
    log_long_[c] = std::log1p(long_sum_[c]);
    log_short_[c] = std::log1p(short_sum_[c]);
    largest_log_long_ = std::max(largest_log_long_, log_long_[c]);
    largest_log_short_ = std::max(largest_log_short_, log_short_[c]);
  }
}

double HouseholdCategories::largest_with(std::span<const double> product_terms, double w_long,
                                         double w_short) const {
  double largest = -std::numeric_limits<double>::infinity();
  for (const std::int32_t c : bought_)
    largest = std::max(largest, product_terms[static_cast<std::size_t>(c)] + w_long * log_long_[c] +
                                    w_short * log_short_[c]);
  return largest;
}

void HouseholdCategories::fill(const CategoryTable& table, std::int32_t product, double decayed_long,
                               Features& f) const {
  if (table.empty()) return;
  const std::int32_t c = table.of_product[product];
  if (c < 0 || static_cast<std::size_t>(c) >= long_sum_.size()) return;
  if (!seen_[c]) return;
  const double sum = long_sum_[c];
  f[Feature::log_category_long] = log_long_[c];
  f[Feature::log_category_short] = log_short_[c];
  if (sum > 0) f[Feature::category_share] = decayed_long / sum;
}

void HouseholdCategories::popular_untaken(const CategoryTable& table, std::span<const std::int32_t> taken,
                                          std::int32_t taken_mark, int count, int per_category,
                                          std::span<const ProductHistory> history,
                                          std::vector<CategoryCandidate>& out) {
  if (table.empty() || count <= 0) return;
  const auto stronger = [&](std::int32_t a, std::int32_t b) {
    if (long_sum_[a] != long_sum_[b]) return long_sum_[a] > long_sum_[b];
    return a < b;
  };
  // Each category gives a candidate unless the household has its every popular product: the
  // strongest `count` first, the rest ordered only if the walk reaches them.
  std::size_t ordered = std::min(bought_.size(), static_cast<std::size_t>(count));
  std::partial_sort(bought_.begin(), bought_.begin() + static_cast<std::ptrdiff_t>(ordered), bought_.end(),
                    stronger);
  int added = 0;
  for (std::size_t i = 0; i < bought_.size(); ++i) {
    if (i == ordered) {
      std::sort(bought_.begin() + static_cast<std::ptrdiff_t>(ordered), bought_.end(), stronger);
      ordered = bought_.size();
    }
    const std::int32_t c = bought_[i];
    int from_category = 0;
    for (const std::int32_t p : table.members_of(c)) {
      if (added >= count || from_category >= per_category) break;
      if (taken[p] == taken_mark) continue;
      out.push_back({p, history[static_cast<std::size_t>(strongest_[c])].product});
      ++added;
      ++from_category;
    }
    if (added >= count) break;
  }
}

}  // namespace basketgap::engine
