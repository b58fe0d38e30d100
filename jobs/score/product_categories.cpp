#include "jobs/score/product_categories.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace basketgap {
namespace {

bool any_code(const io::CodedColumn& column) {
  return std::any_of(column.codes.begin(), column.codes.end(), [](std::int32_t c) { return c >= 0; });
}

}  // namespace

ProductCategories product_categories(const io::ProductTable& products, engine::CategoryLevel level) {
  ProductCategories out;
  const io::CodedColumn* column = nullptr;
  if (level == engine::CategoryLevel::sub_commodity && any_code(products.sub_commodity)) {
    column = &products.sub_commodity;
    out.level = level;
  } else if (level != engine::CategoryLevel::none && any_code(products.commodity)) {
    column = &products.commodity;
    out.level = engine::CategoryLevel::commodity;
  }
  if (column == nullptr) return out;
  out.of_product.assign(products.id.size(), -1);
  std::copy_n(column->codes.begin(), std::min(out.of_product.size(), column->codes.size()),
              out.of_product.begin());
  return out;
}

std::string ProductCategories::describe() const {
  if (of_product.empty()) return "none (no products file with a commodity, or category_level = \"none\")";
  std::set<std::int32_t> distinct;
  std::int64_t with = 0;
  for (const std::int32_t c : of_product)
    if (c >= 0) {
      distinct.insert(c);
      ++with;
    }
  return fmt::format("{}: {} categories over {} of {} products", engine::category_level_name(level),
                     distinct.size(), with, of_product.size());
}

}  // namespace basketgap
