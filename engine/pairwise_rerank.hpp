// The pairwise re-rank ([score] ranker = "pairwise_linear", the default): a linear model
// fitted on the order of each household's best candidates by the blend, then added to the
// blend's weights (BlendModel::scoring). The blend is a logistic model of "bought in the
// window" over every candidate, most of them hopeless; the coupons are only its top few.
// Fitted on the (bought, not bought) pairs among each household's best, the re-rank learns the
// order there (RankNet's loss). Applied to every candidate it ranks as it does on the best
// alone (8 dunnhumby windows: NDCG@12 0.2362 either way), so the selection stays the blend's.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "engine/features.hpp"

namespace basketgap::engine {

struct PairwiseRerank {
  Features weights{};
  bool fitted = false;

  // w·x, what it adds to the blend's logit; 0 when not fitted.
  double margin(const Features& f) const;
};

// Training samples grouped by household (each household's best candidates by the blend), with
// the blend's logit of each: the re-rank starts from the blend's order and learns what it misses.
struct PairwiseSamples {
  std::span<const float> features;         // row-major [samples x kFeatureCount]
  std::span<const std::uint8_t> labels;    // 1 = bought in the window
  std::span<const std::size_t> group_end;  // end sample of each household
  std::span<const double> blend_logit;     // one per sample
};

struct PairwiseFit {
  PairwiseRerank rerank;
  std::int64_t pairs = 0;  // (bought, not bought) pairs within a household
  int steps = 0;           // Newton steps taken
};

// Minimises  Σ_pairs log(1 + exp(-(z_i - z_j + w·(x_i - x_j)))) + l2/2 |w|²  over w, for every
// household's pairs (i bought, j not), z the blend's logit: Newton steps with backtracking, in
// one thread and in the samples' order, so the same samples give the same bits. The ridge pulls
// toward the blend's own order (w = 0). No pairs: not fitted (the blend ranks alone).
PairwiseFit fit_pairwise_rerank(const PairwiseSamples& samples, double l2);

}  // namespace basketgap::engine
