// The learned blend: a ridge logistic regression over the candidate features that predicts a
// purchase in the coming window. Fitted by Newton steps whose sums are accumulated in fixed
// point, so they are exact and identical whatever the rank or thread count.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string>

#include "engine/candidates.hpp"
#include "engine/tree_ensemble.hpp"

namespace basketgap::engine {

struct BlendModel {
  Features weights{};
  bool learned = false;
  // With [score] ranker = "trees": boosted trees fitted on top of the linear blend (their
  // margin is added to its logit), capturing the interactions a linear model cannot.
  TreeEnsemble trees;

  // Hand-set weights used when the blend is not learned (recency-weighted frequency first).
  static BlendModel defaults();
  double linear_logit(const Features& f) const;  // the blend alone
  double logit(const Features& f) const;         // the blend plus the trees, if any
  double probability(const Features& f) const;
  std::string describe() const;  // "name = weight" lines (and the trees' size), for the coupons file
};

// Scores a household's candidates: the blend's probability for each; with trees, the
// `tree_candidates` best by the blend (ties: lower product) are re-scored with blend + trees
// and rank above the rest (Candidate::tier). The trees cost per candidate: this bounds it.
void score_candidates(const BlendModel& model, int tree_candidates, std::vector<Candidate>& candidates);

// Scores like score_candidates for a blend without trees, except the candidates whose due
// probability is pending (build_candidates with DueProbability::deferred): their `logit` is an
// upper bound (the due probability at its largest, plus a margin for rounding) and their score
// is left to `BlendCompletion`, which select_coupons calls only for those the bound cannot
// place below the coupons it picks. Most of a household's candidates never need the two erfc
// and the exp; the coupons are the same bits.
void score_candidates_bounded(const BlendModel& model, std::span<Candidate> candidates);

// Completes a pending candidate of the household last built into `scratch`: the same feature,
// logit and score as build_candidates + score_candidates would give it.
class BlendCompletion final : public CandidateCompletion {
 public:
  BlendCompletion(const BlendModel& model, const CandidateScratch& scratch, const ScoringContext& context,
                  const ScoreConfig& config)
      : model_(model), scratch_(scratch), context_(context), config_(config) {}
  void complete(Candidate& c) const override;

 private:
  const BlendModel& model_;
  const CandidateScratch& scratch_;
  const ScoringContext& context_;
  const ScoreConfig& config_;
};

// The indices of the `count` best of `logits` (ties: lower `products`), in no particular order.
std::vector<std::size_t> best_by_logit(std::span<const double> logits, std::span<const std::int32_t> products,
                                       std::size_t count);

// Bit i is set when feature i of the sample (kFeatureCount floats) is not zero.
std::uint32_t nonzero_features(const float* sample);

// Appends the sample's non-zero features to `values` in feature order and returns their mask
// (nonzero_features): a training sample kept packed takes 12 of 21 floats on average.
std::uint32_t pack_features(const float* sample, std::vector<float>& values);

inline constexpr int kHessianCells = kFeatureCount * (kFeatureCount + 1) / 2;

// Sums of one Newton step over samples: gradient and Hessian of the log-loss at the current
// weights, in fixed point (2^-20 units) so that addition is associative.
struct LogisticSums {
  std::array<std::int64_t, kFeatureCount> gradient{};
  std::array<std::int64_t, kHessianCells> hessian{};
  std::int64_t samples = 0;
  std::int64_t positives = 0;
  std::int64_t log_loss = 0;  // fixed point, for progress logs

  void add(const Features& f, bool label, double probability);
  // Adds one household's samples (row-major features): summed in double in sample order, then
  // rounded to fixed point once, so totals do not depend on how households are spread over
  // ranks and threads — and rounding happens once per household, not per sample.
  void add_group(std::span<const float> features, std::span<const std::uint8_t> labels,
                 const BlendModel& model);
  // The same sums, faster, from packed samples: `packed` holds each sample's non-zero features
  // in order, `nonzero` their masks (pack_features), and the log-loss is summed only when
  // `with_loss` (it is for logs).
  void add_group(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                 std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  // add_group's two ways, the same bits where both apply. Tiled: the household's samples
  // unpacked into dense rows, each Hessian cell summed over the samples in registers, a tile of
  // cells at a time — for a linear blend and finite features. Sparse: sample by sample, each
  // non-zero feature's row of the Hessian updated in memory — any blend, any feature.
  void add_group_tiled(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                       std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  void add_group_sparse(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                        std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  void merge(const LogisticSums& other);
};

// One Newton step of the ridge-penalised fit (bias not penalised), solved with Armadillo.
BlendModel newton_step(const BlendModel& current, const LogisticSums& sums, double l2);

double fixed_to_double(std::int64_t v);

}  // namespace basketgap::engine
