// The fit's out-of-sample judgement of boosted trees (jobs/score/tree_choice.hpp): where the
// purchase depends on a feature in a way a linear blend cannot draw (bought only in a band of
// it, as a promotion calendar's "every 4 weeks, never between"), the trees fitted on one half
// of the households rank the other half clearly better and are chosen; where the linear model
// already ranks every purchase first they are not; too few households are not judged. The same
// verdict, to the bit, on every rank for any rank count (each rank holds its share).
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/blend_model.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/tree_choice.hpp"

using basketgap::Comm;
using basketgap::TrainingSet;
using basketgap::engine::BlendModel;
using basketgap::engine::Feature;
using basketgap::engine::kFeatureCount;

namespace {

constexpr int kCandidates = 20;

// `households` households (every size-th on this rank), kCandidates each; candidate c's
// `bought` feature is (c * 7 + h) % kCandidates / kCandidates, a spread of values in every
// household; `label(x)` says whether it is bought.
template <typename Label>
TrainingSet shop(int households, Label label, const Comm& comm, const std::vector<std::int64_t>& ids = {}) {
  TrainingSet set;
  for (int h = comm.rank(); h < households; h += comm.size()) {
    std::int32_t truth = 0;
    for (int c = 0; c < kCandidates; ++c) {
      const double x = static_cast<double>((c * 7 + h) % kCandidates) / kCandidates;
      std::vector<float> row(kFeatureCount, 0.0f);
      row[static_cast<std::size_t>(Feature::bias)] = 1;
      row[static_cast<std::size_t>(Feature::bought)] = static_cast<float>(x);
      set.features.insert(set.features.end(), row.begin(), row.end());
      const bool bought = label(x);
      set.labels.push_back(bought);
      truth += bought;
    }
    set.group_end.push_back(set.labels.size());
    set.group_id.push_back(ids.empty() ? 1000 + h : ids[static_cast<std::size_t>(h)]);
    set.group_truth.push_back(truth);
  }
  return set;
}

BlendModel linear_by_bought(double weight) {
  BlendModel m;
  m.learned = true;
  m.weights[Feature::bought] = weight;
  return m;
}

}  // namespace

TEST(TreeChoice, TreesAreChosenWhereThePurchaseLiesInABandTheBlendCannotDraw) {
  const Comm comm;
  basketgap::engine::ScoreConfig config;
  config.k = 3;
  // Bought when x is in [0.40, 0.55): 3 of 20 candidates; the blend ranks by x, highest first,
  // so they come 9th to 11th (NDCG@3 0).
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.40 && x < 0.55; }, comm);
  const auto verdict =
      basketgap::judge_trees_out_of_sample(set, set.group_end.size(), linear_by_bought(1.0), config, comm);
  EXPECT_EQ(verdict.households, 400);
  EXPECT_EQ(verdict.linear_ndcg, 0.0);
  EXPECT_GT(verdict.trees_ndcg, 0.95);
  EXPECT_TRUE(verdict.pays);
  EXPECT_GT(verdict.gain.ci_low, 0.9);
  // Every rank holds the same verdict, to the bit.
  std::vector<double> root{verdict.gain.estimate, verdict.trees_ndcg};
  comm.broadcast(root);
  EXPECT_EQ(root[0], verdict.gain.estimate);
  EXPECT_EQ(root[1], verdict.trees_ndcg);
}

TEST(TreeChoice, TreesAreNotChosenWhereTheBlendAlreadyRanksThePurchasesFirst) {
  const Comm comm;
  basketgap::engine::ScoreConfig config;
  config.k = 3;
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.85; }, comm);  // the 3 highest
  const auto verdict =
      basketgap::judge_trees_out_of_sample(set, set.group_end.size(), linear_by_bought(1.0), config, comm);
  EXPECT_EQ(verdict.households, 400);
  EXPECT_EQ(verdict.linear_ndcg, 1.0);
  EXPECT_FALSE(verdict.pays);
}

TEST(TreeChoice, OnlyTheLatestFoldIsJudgedAndTooFewHouseholdsAreNot) {
  const Comm comm;
  basketgap::engine::ScoreConfig config;
  config.k = 3;
  const auto band = [](double x) { return x >= 0.40 && x < 0.55; };
  // 150 households: fewer than the 100 a half a verdict needs.
  const TrainingSet few = shop(150, band, comm);
  const auto none =
      basketgap::judge_trees_out_of_sample(few, few.group_end.size(), linear_by_bought(1.0), config, comm);
  EXPECT_EQ(none.households, 150);
  EXPECT_FALSE(none.pays);
  // Of 400 households' groups, the first 150 on each rank count as the latest fold's.
  const TrainingSet set = shop(400, band, comm);
  const std::size_t latest = std::min<std::size_t>(set.group_end.size(), 150);
  const auto verdict = basketgap::judge_trees_out_of_sample(set, latest, linear_by_bought(1.0), config, comm);
  const auto expected =
      comm.allreduce<std::int64_t>(static_cast<std::int64_t>(latest), basketgap::ReduceOp::sum);
  EXPECT_EQ(verdict.households, expected);
}

TEST(TreeChoice, HouseholdsAllInOneHalfAreNotJudged) {
  // 400 households whose ids all fall in the first half: no trees fitted on the second half
  // could rank them out of sample, so the trees are not tried, however well they would fit.
  const Comm comm;
  basketgap::engine::ScoreConfig config;
  config.k = 3;
  std::vector<std::int64_t> ids;
  for (std::int64_t id = 0; ids.size() < 400; ++id)
    if (basketgap::tree_choice_half(id) == 0) ids.push_back(id);
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.40 && x < 0.55; }, comm, ids);
  const auto verdict =
      basketgap::judge_trees_out_of_sample(set, set.group_end.size(), linear_by_bought(1.0), config, comm);
  EXPECT_EQ(verdict.households, 400);
  EXPECT_FALSE(verdict.pays);
  EXPECT_EQ(verdict.trees_ndcg, 0.0);  // never judged
}

TEST(TreeChoice, HalvesAreAHashOfTheIdRoughlyEven) {
  int first = 0;
  for (std::int64_t id = 0; id < 10000; ++id) {
    const int half = basketgap::tree_choice_half(id);
    ASSERT_TRUE(half == 0 || half == 1);
    EXPECT_EQ(half, basketgap::tree_choice_half(id));
    first += half == 0;
  }
  EXPECT_GT(first, 4700);
  EXPECT_LT(first, 5300);
}
