#include "jobs/score/product_categories.hpp"

#include <fmt/format.h>
#include <xxhash.h>

#include <algorithm>
#include <set>

namespace basketgap {
namespace {

bool any_code(const io::CodedColumn& column) {
  return std::any_of(column.codes.begin(), column.codes.end(), [](std::int32_t c) { return c >= 0; });
}

// Sub-commodity names repeat under different commodities (dunnhumby's "MISC" under soup, snacks
// and drinks): a sub-commodity is the pair (commodity, sub-commodity), and the products of a
// commodity without a sub-commodity share the pair (commodity, none). The pairs are numbered in
// their codes' order — the names' order, which later names do not change — so that ties between
// categories break the same way after an append that adds names.
std::vector<std::int32_t> sub_commodity_pairs(const io::ProductTable& products) {
  const std::size_t n = products.id.size();
  const auto code = [](const io::CodedColumn& column, std::size_t p) {
    return p < column.codes.size() ? column.codes[p] : -1;
  };
  std::vector<std::pair<std::int32_t, std::int32_t>> pairs;
  pairs.reserve(n);
  for (std::size_t p = 0; p < n; ++p)
    pairs.emplace_back(code(products.commodity, p), code(products.sub_commodity, p));
  std::vector<std::pair<std::int32_t, std::int32_t>> distinct = pairs;
  std::sort(distinct.begin(), distinct.end());
  distinct.erase(std::unique(distinct.begin(), distinct.end()), distinct.end());
  std::vector<std::int32_t> out(n, -1);
  for (std::size_t p = 0; p < n; ++p) {
    if (pairs[p].first < 0 && pairs[p].second < 0) continue;
    out[p] = static_cast<std::int32_t>(std::lower_bound(distinct.begin(), distinct.end(), pairs[p]) -
                                       distinct.begin());
  }
  return out;
}

}  // namespace

engine::CategoryLevel resolved_category_level(const io::ProductTable& products, engine::CategoryLevel level) {
  if (level == engine::CategoryLevel::sub_commodity && any_code(products.sub_commodity))
    return engine::CategoryLevel::sub_commodity;
  if (level != engine::CategoryLevel::none && any_code(products.commodity))
    return engine::CategoryLevel::commodity;
  return engine::CategoryLevel::none;
}

ProductCategories product_categories(const io::ProductTable& products, engine::CategoryLevel level) {
  ProductCategories out;
  out.level = resolved_category_level(products, level);
  if (out.level == engine::CategoryLevel::sub_commodity) {
    out.of_product = sub_commodity_pairs(products);
  } else if (out.level == engine::CategoryLevel::commodity) {
    out.of_product.assign(products.id.size(), -1);
    std::copy_n(products.commodity.codes.begin(),
                std::min(out.of_product.size(), products.commodity.codes.size()), out.of_product.begin());
  }
  return out;
}

std::size_t ProductCategories::count() const {
  std::set<std::int32_t> distinct;
  for (const std::int32_t c : of_product)
    if (c >= 0) distinct.insert(c);
  return distinct.size();
}

std::string ProductCategories::describe() const {
  if (of_product.empty()) return "none (no products file with a commodity, or category_level = \"none\")";
  const auto with =
      std::count_if(of_product.begin(), of_product.end(), [](std::int32_t c) { return c >= 0; });
  return fmt::format("{}: {} categories over {} of {} products", engine::category_level_name(level), count(),
                     with, of_product.size());
}

std::string ProductCategories::key() const {
  const XXH64_hash_t hash = XXH3_64bits(of_product.data(), of_product.size() * sizeof(std::int32_t));
  return fmt::format("categories = {} {:016x}", engine::category_level_name(level), hash);
}

}  // namespace basketgap
