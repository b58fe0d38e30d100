// Drawing an index with probability proportional to a weight, by binary search over the
// cumulative weights: O(n) memory, O(log n) per draw, and exactly reproducible.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/synth/rng.hpp"

namespace basketgap::engine::synth {

class WeightedSampler {
 public:
  WeightedSampler() = default;
  explicit WeightedSampler(std::span<const double> weights) { reset(weights); }

  void reset(std::span<const double> weights) {
    cumulative_.resize(weights.size());
    double total = 0.0;
    for (std::size_t i = 0; i < weights.size(); ++i) cumulative_[i] = (total += weights[i]);
  }
  bool empty() const { return cumulative_.empty() || cumulative_.back() <= 0.0; }
  std::size_t size() const { return cumulative_.size(); }

  // An index in [0, size()); requires !empty().
  std::size_t draw(Rng& rng) const {
    const double target = rng.uniform() * cumulative_.back();
    const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), target);
    return std::min<std::size_t>(it - cumulative_.begin(), cumulative_.size() - 1);
  }

 private:
  std::vector<double> cumulative_;
};

}  // namespace basketgap::engine::synth
