// The learned blend: a ridge logistic regression over the candidate features that predicts a
// purchase in the coming window, and the scoring of candidates with it. Fitted by Newton steps
// whose sums (engine/logistic_sums.hpp) are exact and identical whatever the rank or thread count.
#pragma once

#include <array>
#include <cmath>
#include <cstdint>
#include <span>
#include <string>

#include "engine/candidates.hpp"
#include "engine/pairwise_rerank.hpp"
#include "engine/tree_ensemble.hpp"

namespace basketgap::engine {

struct BlendModel {
  Features weights{};
  bool learned = false;
  // With [score] ranker = "trees", or when the fit finds them clearly better (fit_tries_trees):
  // boosted trees fitted on top of the linear blend (their margin is added to its logit),
  // capturing the interactions a linear model cannot.
  TreeEnsemble trees;
  // With ranker = "pairwise_linear" (the default): a linear model fitted on the order of the
  // blend's best, added to the blend's weights when scoring (scoring()).
  PairwiseRerank rerank;
  // Whether the popular products a household never bought are candidates. The fit leaves them
  // out when they rank its own households worse (jobs/score/model_choice): in a shop where most
  // purchases are new products of a household's own tastes, the products popular over the whole
  // shop are other households' staples.
  bool popular_candidates = true;

  // A second stage re-ranks the blend's best candidates (the trees).
  bool has_second_stage() const { return !trees.empty(); }
  // The model that scores: the blend's weights plus the re-rank's, the trees kept. One linear
  // model, so the selection stays as lazy as the blend's alone; the candidate scoring functions
  // refuse a model whose re-rank is not added yet.
  BlendModel scoring() const;

  // Hand-set weights used when the blend is not learned (recency-weighted frequency first).
  static BlendModel defaults();
  double linear_logit(const Features& f) const;  // the linear weights alone
  double logit(const Features& f) const;         // the linear weights plus the trees, if any
  double probability(const Features& f) const;
  std::string describe() const;  // "name = weight" lines (and the trees' size), for the coupons file
  // Which model ranks, in words, for reports: "the learned blend and the re-rank", "the learned
  // blend and 100 trees, without popular candidates", "the hand-set blend".
  std::string summary() const;
};

// Scores a household's candidates: the blend's probability for each; with a second stage, the
// `tree_candidates` best by the blend (ties: lower product) are re-scored with the blend plus
// the second stage and rank above the rest (Candidate::tier). The trees cost per candidate,
// and the re-rank was fitted on those best only: this bounds both.
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

// 1 / (1 + e^-z): the blend's probability of a logit, here so that the fit's sums
// (engine/logistic_sums) compute exactly the same one.
inline double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }

// The indices of the `count` best of `logits` (ties: lower `products`), in no particular order.
std::vector<std::size_t> best_by_logit(std::span<const double> logits, std::span<const std::int32_t> products,
                                       std::size_t count);

}  // namespace basketgap::engine
