#include "jobs/append/foreign_night.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace basketgap::append {

std::optional<std::string> foreign_products_reason(const std::string& file,
                                                   const std::vector<std::int64_t>& night,
                                                   const std::vector<std::int64_t>& known) {
  const auto products = static_cast<std::int64_t>(night.size());
  if (products < kFewestNightProducts || static_cast<std::int64_t>(known.size()) < kFewestStoreProducts)
    return std::nullopt;
  const auto unknown = std::count_if(night.begin(), night.end(), [&](std::int64_t id) {
    return !std::binary_search(known.begin(), known.end(), id);
  });
  if (unknown * 2 <= products) return std::nullopt;
  return fmt::format(
      "{}: {} of its {} products ({:.0f} %) are not in the store, which knows {}: another shop's file, or "
      "another "
      "product numbering? (a night's new products are a few percent); nothing was written",
      file, unknown, products, 100.0 * static_cast<double>(unknown) / static_cast<double>(products),
      known.size());
}

}  // namespace basketgap::append
