#include "engine/synth/catalog.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace basketgap::engine::synth {

namespace {

constexpr std::uint64_t kCatalogStream = 0xC0FFEE;
// Zipf exponent of popularity inside a commodity: with it the top 10% of products carry
// roughly half of the lines, as in the real data.
constexpr double kZipfExponent = 0.9;
constexpr double kLaunchedShare = 0.10;      // launched during the history
constexpr double kDiscontinuedShare = 0.06;  // taken off the shelves during the history

// Products per commodity proportional to its line share (variety follows volume), at least 2.
std::vector<std::int64_t> allocate(std::int64_t total) {
  const auto specs = commodity_specs();
  const std::int64_t n = static_cast<std::int64_t>(specs.size());
  double share_sum = 0.0;
  for (const auto& s : specs) share_sum += s.line_share;
  std::vector<std::int64_t> count(n);
  std::int64_t used = 0;
  for (std::int64_t c = 0; c < n; ++c) {
    count[c] = std::max<std::int64_t>(2, static_cast<std::int64_t>(total * specs[c].line_share / share_sum));
    used += count[c];
  }
  // Hand out (or take back) the rounding difference round-robin over the big commodities.
  for (std::int64_t c = 0; used != total; c = (c + 1) % n) {
    if (used < total) {
      ++count[c];
      ++used;
    } else if (count[c] > 2) {
      --count[c];
      --used;
    }
  }
  return count;
}

// Prices end in 9 cents, like shelf prices do.
std::int32_t shelf_price(double dollars) {
  const auto cents = static_cast<std::int32_t>(std::lround(std::max(0.29, dollars) * 10.0)) * 10 - 1;
  return std::max<std::int32_t>(19, cents);
}

}  // namespace

std::int64_t min_product_count() { return 2 * static_cast<std::int64_t>(commodity_specs().size()); }

std::int64_t default_product_count(std::int64_t households) {
  return std::clamp<std::int64_t>(households * 10, 2000, 100000);
}

Catalog::Catalog(std::uint64_t seed, std::int64_t total, int days) : days_(days) {
  if (total < min_product_count()) throw std::invalid_argument("catalogue too small for the taxonomy");
  Rng rng(stream_seed(seed, kCatalogStream, 0));
  const auto specs = commodity_specs();
  const auto counts = allocate(total);
  products_.reserve(total);
  commodities_.resize(specs.size());
  std::vector<double> weights;
  for (std::size_t c = 0; c < specs.size(); ++c) {
    const CommoditySpec& spec = specs[c];
    CommodityProducts& cp = commodities_[c];
    cp.first = static_cast<std::int64_t>(products_.size());
    cp.count = counts[c];
    weights.assign(cp.count, 0.0);
    const std::size_t subs = count_fields(spec.sub_commodities), sizes = count_fields(spec.sizes);
    for (std::int64_t r = 0; r < cp.count; ++r) {
      Product p;
      p.id = kFirstProductId + static_cast<std::int64_t>(products_.size());
      p.commodity = static_cast<std::int32_t>(c);
      p.rank = static_cast<std::int32_t>(r);
      // Best sellers lean national-brand; store brands are cheaper.
      p.private_label = r > 0 && rng.chance(0.3);
      p.price_cents = shelf_price(rng.lognormal(spec.price, 0.3) * (p.private_label ? 0.8 : 1.0));
      p.manufacturer = p.private_label ? 69 : static_cast<std::int32_t>(1 + rng.below(6000));
      p.sub_commodity = static_cast<std::uint16_t>(rng.below(subs));
      p.size = static_cast<std::uint16_t>(rng.below(sizes));
      p.launch_day = 1;
      p.end_day = days;
      if (r > 0 && rng.chance(kLaunchedShare)) {
        p.launch_day = static_cast<std::int32_t>(days * rng.uniform(0.15, 0.85));
      } else if (r > 0 && rng.chance(kDiscontinuedShare / (1.0 - kLaunchedShare))) {
        p.end_day = static_cast<std::int32_t>(days * rng.uniform(0.3, 0.95));
      }
      weights[r] = 1.0 / std::pow(r + 1.0, kZipfExponent);
      products_.push_back(p);
    }
    cp.by_popularity.reset(weights);
  }
}

std::int64_t Catalog::draw_product(int c, int day, Rng& rng) const {
  const CommodityProducts& cp = commodities_[c];
  for (int attempt = 0; attempt < 8; ++attempt) {
    const std::int64_t i = cp.first + static_cast<std::int64_t>(cp.by_popularity.draw(rng));
    if (products_[i].available(day)) return i;
  }
  return cp.first;  // rank 0: always on sale
}

}  // namespace basketgap::engine::synth
