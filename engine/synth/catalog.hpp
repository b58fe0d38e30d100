// The synthetic product catalogue: every product belongs to one commodity of the taxonomy,
// has a Zipf-like popularity rank inside it, a price, a brand and a life span (launch and
// discontinuation day) so that new and disappearing products exist. Built once from the seed.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "engine/synth/rng.hpp"
#include "engine/synth/sampler.hpp"
#include "engine/synth/taxonomy.hpp"

namespace basketgap::engine::synth {

struct Product {
  std::int64_t id = 0;
  std::int32_t commodity = 0;  // index into commodity_specs()
  std::int32_t rank = 0;       // popularity rank inside the commodity (0 = best seller)
  std::int32_t price_cents = 0;
  std::int32_t manufacturer = 0;
  std::int32_t launch_day = 1;  // first day it can be bought
  std::int32_t end_day = 0;     // last day it can be bought
  std::uint16_t sub_commodity = 0;
  std::uint16_t size = 0;
  bool private_label = false;

  bool available(int day) const { return day >= launch_day && day <= end_day; }
};

struct CommodityProducts {
  std::int64_t first = 0;  // products of a commodity are contiguous in the catalogue
  std::int64_t count = 0;
  WeightedSampler by_popularity;  // over the commodity's products, Zipf in rank
};

class Catalog {
 public:
  // `products` >= number of commodities; `days` is the length of the history.
  Catalog(std::uint64_t seed, std::int64_t products, int days);

  const std::vector<Product>& products() const { return products_; }
  const Product& product(std::int64_t index) const { return products_[index]; }
  const CommodityProducts& commodity(int c) const { return commodities_[c]; }
  int commodity_count() const { return static_cast<int>(commodities_.size()); }
  int days() const { return days_; }

  // A product of commodity `c` on sale on `day`, drawn by popularity (the best seller of a
  // commodity is always on sale, so this always succeeds). Returns the catalogue index.
  std::int64_t draw_product(int c, int day, Rng& rng) const;

  static constexpr std::int64_t kFirstProductId = 100001;

 private:
  std::vector<Product> products_;
  std::vector<CommodityProducts> commodities_;
  int days_;
};

// Default catalogue size for a number of households (see docs/GENERATOR.md).
std::int64_t default_product_count(std::int64_t households);
std::int64_t min_product_count();

}  // namespace basketgap::engine::synth
