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
  const std::int64_t shared = products - unknown;
  if (static_cast<double>(shared) >= kFewestKnownShare * static_cast<double>(products)) return std::nullopt;
  return fmt::format(
      "{}: only {} of its {} products are in the store, which knows {}: another shop's file, or another "
      "product numbering? (even a young store shares a quarter of a night's products); nothing was written",
      file, shared, products, known.size());
}

}  // namespace basketgap::append
