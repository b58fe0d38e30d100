// The pairwise re-rank (ranker = "pairwise_linear"): its fit on hand-checkable pairs, pairs only
// within a household, the blend's order as the starting point, the optimum's gradient, and the
// re-rank of only the blend's best when scoring.
#include <gtest/gtest.h>

#include <cmath>
#include <random>
#include <stdexcept>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/pairwise_rerank.hpp"
#include "tests/engine/second_stage_case.hpp"

using namespace basketgap::engine;

namespace {
// Samples built row by row: features set by name, the others 0.
struct Rows {
  std::vector<float> features;
  std::vector<std::uint8_t> labels;
  std::vector<double> logits;
  std::vector<std::size_t> group_end;

  void add(std::uint8_t label, double blend_logit, Features f) {
    for (int i = 0; i < kFeatureCount; ++i) features.push_back(static_cast<float>(f[i]));
    labels.push_back(label);
    logits.push_back(blend_logit);
  }
  void end_household() { group_end.push_back(labels.size()); }
  PairwiseSamples view() const { return {features, labels, group_end, logits}; }
};

Features with(Feature name, double value) {
  Features f{};
  f[Feature::bias] = 1;
  f[name] = value;
  return f;
}
}  // namespace

TEST(PairwiseRerank, OnePairSolvesTheRidgeEquationByHand) {
  // One household, bought (bought = 1) against not bought (bought = 0), the blend level (z = 0):
  // minimise log(1 + e^-w) + w^2 / 2, whose minimum solves w = 1 / (1 + e^w): w = 0.401058...
  Rows r;
  r.add(1, 0.0, with(Feature::bought, 1));
  r.add(0, 0.0, with(Feature::bought, 0));
  r.end_household();
  const PairwiseFit fit = fit_pairwise_rerank(r.view(), 1.0);
  ASSERT_TRUE(fit.rerank.fitted);
  EXPECT_EQ(fit.pairs, 1);
  EXPECT_NEAR(fit.rerank.weights[Feature::bought], 0.401058137541547, 1e-9);
  for (int i = 0; i < kFeatureCount; ++i) {
    if (i == static_cast<int>(index_of(Feature::bought))) continue;
    EXPECT_EQ(fit.rerank.weights[i], 0.0) << i;
  }
}

TEST(PairwiseRerank, TheBlendsOrderIsTheStartAndTheRidgeHoldsToIt) {
  // The blend already orders the pair by 20 logits: the re-rank has nothing left to learn.
  Rows r;
  r.add(1, 10.0, with(Feature::bought, 1));
  r.add(0, -10.0, with(Feature::bought, 0));
  r.end_household();
  EXPECT_LT(std::abs(fit_pairwise_rerank(r.view(), 1.0).rerank.weights[Feature::bought]), 1e-8);
  // The blend orders it the wrong way by 2: the re-rank must overcome it (w > 2 would order it
  // right), and a stronger ridge keeps it nearer the blend.
  Rows wrong;
  wrong.add(1, -1.0, with(Feature::bought, 1));
  wrong.add(0, 1.0, with(Feature::bought, 0));
  wrong.end_household();
  const double weak = fit_pairwise_rerank(wrong.view(), 0.01).rerank.weights[Feature::bought];
  const double strong = fit_pairwise_rerank(wrong.view(), 100.0).rerank.weights[Feature::bought];
  EXPECT_GT(weak, 2.0);
  EXPECT_GT(strong, 0.0);
  EXPECT_LT(strong, 0.1);
}

TEST(PairwiseRerank, PairsAreFormedWithinAHouseholdOnly) {
  // Household 1: one bought, two not (2 pairs). Household 2: two bought, one not (2 pairs).
  // Across households there would be 3 x 3 more.
  Rows r;
  r.add(1, 0, with(Feature::repeat_rate, 0.9));
  r.add(0, 0, with(Feature::repeat_rate, 0.1));
  r.add(0, 0, with(Feature::repeat_rate, 0.2));
  r.end_household();
  r.add(1, 0, with(Feature::repeat_rate, 0.5));
  r.add(1, 0, with(Feature::repeat_rate, 0.6));
  r.add(0, 0, with(Feature::repeat_rate, 0.7));
  r.end_household();
  const PairwiseFit fit = fit_pairwise_rerank(r.view(), 1.0);
  EXPECT_EQ(fit.pairs, 4);
  // Differences +0.8, +0.7, -0.2, -0.1: the bought ones have the higher rate on balance.
  EXPECT_GT(fit.rerank.weights[Feature::repeat_rate], 0.0);
}

TEST(PairwiseRerank, NoPairsIsNotFittedAndAddsNothing) {
  Rows r;
  r.add(1, 0.5, with(Feature::bought, 1));  // a household with only a bought candidate
  r.end_household();
  r.add(0, 0.5, with(Feature::bought, 1));  // one with only a not-bought one
  r.end_household();
  const PairwiseFit fit = fit_pairwise_rerank(r.view(), 1.0);
  EXPECT_FALSE(fit.rerank.fitted);
  EXPECT_EQ(fit.pairs, 0);
  EXPECT_EQ(fit.rerank.margin(with(Feature::bought, 1)), 0.0);
  BlendModel m;
  m.rerank = fit.rerank;
  EXPECT_FALSE(m.has_second_stage());
}

TEST(PairwiseRerank, MismatchedSamplesAreRefused) {
  Rows r;
  r.add(1, 0.0, with(Feature::bought, 1));
  r.end_household();
  r.logits.push_back(0.0);  // one logit too many
  EXPECT_THROW(fit_pairwise_rerank(r.view(), 1.0), std::invalid_argument);
}

TEST(PairwiseRerank, TheFitIsTheMinimumAndTheSameBitsEveryTime) {
  // 200 households of 12 candidates with three noisy features: at the fitted weights the
  // gradient of the loss (pairs' log-loss + ridge) is zero.
  std::mt19937_64 random(7);
  std::normal_distribution<double> normal;
  Rows r;
  for (int h = 0; h < 200; ++h) {
    for (int c = 0; c < 12; ++c) {
      Features f{};
      f[Feature::bias] = 1;
      f[Feature::log_decayed_long] = normal(random);
      f[Feature::repeat_rate] = normal(random);
      f[Feature::popularity] = normal(random);
      const double truth = 1.5 * f[Feature::log_decayed_long] - f[Feature::repeat_rate] + normal(random);
      r.add(truth > 1.0 ? 1 : 0, 0.3 * f[Feature::popularity], f);
    }
    r.end_household();
  }
  const double l2 = 5.0;
  const PairwiseFit fit = fit_pairwise_rerank(r.view(), l2);
  ASSERT_TRUE(fit.rerank.fitted);
  const Features& w = fit.rerank.weights;
  EXPECT_GT(w[Feature::log_decayed_long], 0.5);
  EXPECT_LT(w[Feature::repeat_rate], -0.3);
  EXPECT_LT(w[Feature::popularity], 0.0);  // undoes the blend's useless popularity
  Features gradient{};
  for (int i = 0; i < kFeatureCount; ++i) gradient[i] = l2 * w[i];
  std::size_t begin = 0;
  for (const std::size_t end : r.group_end) {
    for (std::size_t i = begin; i < end; ++i)
      for (std::size_t j = begin; j < end; ++j) {
        if (r.labels[i] == 0 || r.labels[j] != 0) continue;
        double m = r.logits[i] - r.logits[j], d[kFeatureCount];
        for (int f = 0; f < kFeatureCount; ++f) {
          d[f] = double(r.features[i * kFeatureCount + f]) - double(r.features[j * kFeatureCount + f]);
          m += w[f] * d[f];
        }
        for (int f = 0; f < kFeatureCount; ++f) gradient[f] -= d[f] / (1 + std::exp(m));
      }
    begin = end;
  }
  for (int i = 0; i < kFeatureCount; ++i) EXPECT_NEAR(gradient[i], 0.0, 1e-6) << feature_name(Feature(i));
  const PairwiseFit again = fit_pairwise_rerank(r.view(), l2);
  for (int i = 0; i < kFeatureCount; ++i) EXPECT_EQ(again.rerank.weights[i], w[i]);
}

TEST(PairwiseRerank, IsAddedToTheBlendsWeightsAndRanksEveryCandidate) {
  // The re-rank adds 3 x repeat_rate to the blend (logit 2 x bought - 1). Fitted on the order
  // of the blend's best, it scores every candidate: one linear model, no tiers.
  BlendModel m = second_stage::blend_by_bought();
  m.rerank.weights[Feature::repeat_rate] = 3;
  m.rerank.fitted = true;
  const BlendModel scoring = m.scoring();
  EXPECT_FALSE(scoring.has_second_stage());
  EXPECT_FALSE(scoring.rerank.fitted);
  EXPECT_EQ(scoring.weights[Feature::repeat_rate], 3.0);
  EXPECT_EQ(scoring.weights[Feature::bought], 2.0);
  EXPECT_EQ(scoring.weights[Feature::bias], -1.0);
  std::vector<Candidate> cs = second_stage::two_bought_two_not();
  score_candidates(scoring, 2, cs);
  const double expected[] = {1.0 + 0.3, 1.0 + 1.5, -1.0 + 0.3, -1.0 + 1.5};
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(cs[i].tier, 0) << i;
    EXPECT_DOUBLE_EQ(cs[i].score, sigmoid(expected[i])) << i;
  }
  // Product 2 overtakes 1, and 4 (not bought, a high repeat rate) overtakes 3.
  EXPECT_EQ(second_stage::three_coupons(cs), (std::vector<std::int32_t>{2, 1, 4}));
  // The coupons file lists the blend as fitted and the re-rank added to it.
  EXPECT_NE(m.describe().find("bought = 2\n"), std::string::npos) << m.describe();
  EXPECT_NE(m.describe().find("[pairwise_rerank]\nbias = 0\nbought = 0\n"), std::string::npos)
      << m.describe();
  // A model whose re-rank is not added is refused, not scored without it.
  std::vector<Candidate> again = second_stage::two_bought_two_not();
  EXPECT_THROW(score_candidates(m, 2, again), std::logic_error);
  EXPECT_THROW(score_candidates_bounded(m, again), std::logic_error);
  // Without a fitted re-rank (no pairs), the blend scores as it is.
  EXPECT_EQ(second_stage::blend_by_bought().scoring().weights, second_stage::blend_by_bought().weights);
}
