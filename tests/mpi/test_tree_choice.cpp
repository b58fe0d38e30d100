// The fit's out-of-sample judgement of boosted trees (jobs/score/tree_choice.hpp): where the
// purchase depends on a feature in a way a linear blend cannot draw (bought only in a band of
// it, as a promotion calendar's "every 4 weeks, never between"), the trees fitted on one half
// of the households rank the other half clearly better and are chosen; where the linear model
// already ranks every purchase first they are not; too few households are not judged. The same
// verdict, to the bit, on every rank for any rank count (each rank holds its share), and for a
// verdict that pays the same trees as one fit of the whole set on rank 0, whichever rank fitted
// them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/blend_model.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/household_sample.hpp"
#include "jobs/score/tree_choice.hpp"
#include "jobs/score/tree_fit.hpp"

using basketgap::Comm;
using basketgap::TrainingSet;
using basketgap::engine::BlendModel;
using basketgap::engine::Feature;
using basketgap::engine::kFeatureCount;

namespace {

constexpr int kCandidates = 20;

// Household h (external id `id`) with kCandidates candidates: candidate c's `bought` feature is
// (c * 7 + h) % kCandidates / kCandidates, a spread of values in every household; `label(x)`
// says whether it is bought.
template <typename Label>
void add_household(TrainingSet& set, int h, std::int64_t id, Label label) {
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
  set.group_id.push_back(id);
  set.group_truth.push_back(truth);
}

// `households` households, every size-th on this rank, ids 1000 + h (or ids[h]).
template <typename Label>
TrainingSet shop(int households, Label label, const Comm& comm, const std::vector<std::int64_t>& ids = {}) {
  TrainingSet set;
  for (int h = comm.rank(); h < households; h += comm.size())
    add_household(set, h, ids.empty() ? 1000 + h : ids[static_cast<std::size_t>(h)], label);
  return set;
}

BlendModel linear_by_bought(double weight) {
  BlendModel m;
  m.learned = true;
  m.weights[Feature::bought] = weight;
  return m;
}

basketgap::engine::ScoreConfig k3() {
  basketgap::engine::ScoreConfig config;
  config.k = 3;
  return config;
}

// The trial on `set` (its first `latest` groups judged on each rank: every group by default)
// for K = 3 and a linear model that ranks by `bought`, highest first.
basketgap::TreeTrial tried(const TrainingSet& set, const Comm& comm, std::size_t latest = SIZE_MAX) {
  return basketgap::try_trees(set, std::min(latest, set.group_end.size()), linear_by_bought(1.0), k3(), comm);
}

basketgap::TreeJudgement judged(const TrainingSet& set, const Comm& comm, std::size_t latest = SIZE_MAX) {
  basketgap::TreeTrial trial = tried(set, comm, latest);
  EXPECT_EQ(trial.trees.has_value(), trial.verdict.pays);  // trees exactly when they are chosen
  return trial.verdict;
}

}  // namespace

TEST(TreeChoice, TreesAreChosenWhereThePurchaseLiesInABandTheBlendCannotDraw) {
  const Comm comm;
  // Bought when x is in [0.40, 0.55): 3 of 20 candidates; the blend ranks by x, highest first,
  // so they come 9th to 11th (NDCG@3 0).
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.40 && x < 0.55; }, comm);
  const auto verdict = judged(set, comm);
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

TEST(TreeChoice, TheChosenTreesAreOneFitOfTheWholeSetWhicheverRankFitsThem) {
  // With 2 ranks or more rank 1 fits the whole set while the halves are fitted; with 1 rank the
  // fit follows the verdict. Either way: the trees fit_trees gives on rank 0, node for node.
  const Comm comm;
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.40 && x < 0.55; }, comm);
  basketgap::TreeTrial trial = tried(set, comm);
  ASSERT_TRUE(trial.verdict.pays);
  ASSERT_TRUE(trial.trees.has_value());
  const basketgap::engine::TreeEnsemble whole =
      basketgap::fit_trees(basketgap::view_of(set), linear_by_bought(1.0), k3(), comm);
  ASSERT_FALSE(whole.empty());
  EXPECT_EQ(trial.trees->roots, whole.roots);
  ASSERT_EQ(trial.trees->nodes.size(), whole.nodes.size());
  for (std::size_t i = 0; i < whole.nodes.size(); ++i) {
    EXPECT_EQ(trial.trees->nodes[i].feature, whole.nodes[i].feature) << i;
    EXPECT_EQ(trial.trees->nodes[i].threshold, whole.nodes[i].threshold) << i;
    EXPECT_EQ(trial.trees->nodes[i].yes, whole.nodes[i].yes) << i;
    EXPECT_EQ(trial.trees->nodes[i].no, whole.nodes[i].no) << i;
  }
}

TEST(TreeChoice, TreesAreJudgedOnTheOtherHalfNotOnTheirOwn) {
  // The first half's households buy in the band [0.40, 0.55), the second half's in [0.10, 0.25):
  // trees fitted on one half rank the other half's purchases no better than the blend (both
  // NDCG@3 0), though each half's own trees would rank its purchases first (NDCG 1).
  const Comm comm;
  TrainingSet set;
  for (int h = comm.rank(); h < 400; h += comm.size()) {
    const double low = basketgap::tree_choice_half(1000 + h) == 0 ? 0.40 : 0.10;
    add_household(set, h, 1000 + h, [&](double x) { return x >= low && x < low + 0.15; });
  }
  const auto verdict = judged(set, comm);
  EXPECT_EQ(verdict.households, 400);
  EXPECT_EQ(verdict.linear_ndcg, 0.0);
  EXPECT_LT(verdict.trees_ndcg, 0.05);
  EXPECT_FALSE(verdict.pays);
}

TEST(TreeChoice, TreesAreNotChosenOnNoise) {
  // Purchases at random (a fixed hash of household and candidate), unrelated to the feature:
  // trees fitted on one half learn nothing that ranks the other half better.
  const Comm comm;
  TrainingSet set;
  for (int h = comm.rank(); h < 600; h += comm.size()) {
    int c = 0;
    add_household(set, h, 1000 + h,
                  [&](double) { return basketgap::household_hash(h * 100 + c++, 7) % 5 == 0; });
  }
  const auto verdict = judged(set, comm);
  EXPECT_GT(verdict.households, 500);
  EXPECT_FALSE(verdict.pays) << verdict.gain.estimate << " " << verdict.gain.ci_low;
}

TEST(TreeChoice, OnlyTheLatestFoldIsJudgedAndTooFewHouseholdsAreNot) {
  const Comm comm;
  const auto band = [](double x) { return x >= 0.40 && x < 0.55; };
  // 150 households: fewer than the 100 a half a verdict needs.
  const TrainingSet few = shop(150, band, comm);
  const auto none = judged(few, comm);
  EXPECT_EQ(none.households, 150);
  EXPECT_FALSE(none.pays);
  // The latest fold's 400 households first on each rank, then an older fold of 300 (fitted on,
  // never judged): 400 judged, whatever the rank count.
  TrainingSet set = shop(400, band, comm);
  const std::size_t latest = set.group_end.size();
  basketgap::append(set, shop(
                             300, [](double x) { return x >= 0.85; }, comm));
  const auto verdict = judged(set, comm, latest);
  EXPECT_EQ(verdict.households, 400);
}

TEST(TreeChoice, HouseholdsAllInOneHalfAreNotJudged) {
  // 400 households whose ids all fall in the first half: no trees fitted on the second half
  // could rank them out of sample, so the trees are not tried, however well they would fit.
  const Comm comm;
  std::vector<std::int64_t> ids;
  for (std::int64_t id = 0; ids.size() < 400; ++id)
    if (basketgap::tree_choice_half(id) == 0) ids.push_back(id);
  const TrainingSet set = shop(
      400, [](double x) { return x >= 0.40 && x < 0.55; }, comm, ids);
  const auto verdict = judged(set, comm);
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

TEST(TreeChoice, AFitNotNeededFailsWithoutFailingTheJob) {
  // A label XGBoost's logistic objective refuses (2) makes its fit fail, on the rank that fits it.
  const Comm comm;
  TrainingSet good = shop(
      200, [](double x) { return x >= 0.40 && x < 0.55; }, comm);
  TrainingSet bad = good;
  if (!bad.labels.empty()) bad.labels[0] = 2;
  basketgap::engine::ScoreConfig config = k3();
  config.tree_objective = basketgap::engine::TreeObjective::logistic;
  const int last = comm.size() - 1;
  const std::vector<basketgap::TreeFitJob> jobs{{basketgap::view_of(good), "good", 0},
                                                {basketgap::view_of(bad), "bad", last, false}};
  const std::vector<basketgap::FittedTrees> fitted =
      basketgap::fit_trees_on_ranks(jobs, linear_by_bought(1.0), config, comm);
  EXPECT_FALSE(fitted[0].trees.empty());
  EXPECT_TRUE(fitted[0].failure.empty());
  // Every rank knows why the job not needed failed, and has no trees of it.
  EXPECT_NE(fitted[1].failure.find("bad: XGBoost"), std::string::npos) << fitted[1].failure;
  EXPECT_TRUE(fitted[1].trees.empty());
  // Needed, the same failure ends the call on every rank.
  const std::vector<basketgap::TreeFitJob> needed{{basketgap::view_of(bad), "bad", last}};
  EXPECT_THROW(basketgap::fit_trees_on_ranks(needed, linear_by_bought(1.0), config, comm),
               std::runtime_error);
}
