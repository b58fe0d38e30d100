// The one order of products by popularity: most buyers first, ties by the lower product index.
// The engine's popular candidates, the campaign's fallback list and evaluate's popularity
// baseline all rank by it, so that a change of the tie rule keeps them comparable.
#pragma once

#include <cstdint>
#include <span>

namespace basketgap::engine {

struct MoreBuyersFirst {
  std::span<const std::int64_t> buyers;
  bool operator()(std::int32_t a, std::int32_t b) const {
    return buyers[a] != buyers[b] ? buyers[a] > buyers[b] : a < b;
  }
};

}  // namespace basketgap::engine
