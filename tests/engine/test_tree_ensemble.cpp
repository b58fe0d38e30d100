// The tree ranker's evaluation on hand-built trees: the margin is the sum of the leaves
// reached, a value equal to the threshold goes to `no` (XGBoost's `<` rule), the margin adds
// to the linear blend's logit; malformed ensembles are named.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/select.hpp"
#include "engine/tree_ensemble.hpp"

using namespace basketgap::engine;

namespace {
// Tree 1: repeat_rate < 0.3 ? (bought < 0.5 ? -1 : 0.5) : 2.   Tree 2: a single leaf 0.125.
TreeEnsemble two_trees() {
  TreeEnsemble t;
  const auto rate = static_cast<std::int32_t>(index_of(Feature::repeat_rate));
  const auto bought = static_cast<std::int32_t>(index_of(Feature::bought));
  t.roots = {0, 5};
  t.nodes = {{rate, 0.3f, 1, 2}, {bought, 0.5f, 3, 4}, {-1, 2.0f}, {-1, -1.0f}, {-1, 0.5f}, {-1, 0.125f}};
  return t;
}
}  // namespace

TEST(TreeEnsemble, MarginIsTheSumOfTheLeavesReached) {
  const TreeEnsemble t = two_trees();
  ASSERT_EQ(t.problem(), "");
  Features f{};
  f[Feature::repeat_rate] = 0.1;
  EXPECT_DOUBLE_EQ(t.margin(f), -1.0 + 0.125);
  f[Feature::bought] = 1.0;
  EXPECT_DOUBLE_EQ(t.margin(f), 0.5 + 0.125);
  f[Feature::repeat_rate] = 0.3;  // equal to the threshold (as a float): `no`
  EXPECT_DOUBLE_EQ(t.margin(f), 2.0 + 0.125);
  f[Feature::repeat_rate] = 0.29999998;  // just below, as a float
  EXPECT_DOUBLE_EQ(t.margin(f), 0.5 + 0.125);
}

TEST(TreeEnsemble, AddsToTheLinearLogit) {
  BlendModel m;
  m.weights[Feature::bias] = 0.25;
  Features f{};
  f[Feature::bias] = 1.0;
  EXPECT_DOUBLE_EQ(m.logit(f), 0.25);
  m.trees = two_trees();
  EXPECT_DOUBLE_EQ(m.logit(f), 0.25 - 1.0 + 0.125);
  EXPECT_NE(m.describe().find("trees = 2\ntree_nodes = 6\n"), std::string::npos);
}

TEST(TreeEnsemble, ProblemsAreNamed) {
  TreeEnsemble t = two_trees();
  t.nodes[1].no = 1;  // a cycle back to itself
  EXPECT_NE(t.problem().find("node 1 has a child outside the tree"), std::string::npos) << t.problem();
  t = two_trees();
  t.nodes[0].feature = kFeatureCount;
  EXPECT_NE(t.problem().find("unknown feature"), std::string::npos);
  t = two_trees();
  t.roots.push_back(99);
  EXPECT_NE(t.problem().find("tree 2 starts outside"), std::string::npos);
  EXPECT_EQ(TreeEnsemble{}.problem(), "");
  EXPECT_TRUE(TreeEnsemble{}.empty());
}

TEST(TreeEnsemble, TreesReRankOnlyTheBlendsBestAndTheseComeFirst) {
  // The blend ranks by `bought` (logit = 2 * bought - 1); the tree adds +3 to products with a
  // repeat rate of at least 0.3. Candidates: 1 and 2 bought, 3 and 4 not; 2 and 4 have the rate.
  BlendModel m;
  m.weights[Feature::bias] = -1;
  m.weights[Feature::bought] = 2;
  const auto rate = static_cast<std::int32_t>(index_of(Feature::repeat_rate));
  m.trees.roots = {0};
  m.trees.nodes = {{rate, 0.3f, 1, 2}, {-1, 0.0f}, {-1, 3.0f}};
  std::vector<Candidate> cs(4);
  for (int i = 0; i < 4; ++i) {
    cs[i].product = i + 1;
    cs[i].features[Feature::bias] = 1;
    cs[i].features[Feature::bought] = i < 2 ? 1 : 0;
    cs[i].features[Feature::repeat_rate] = i % 2 == 1 ? 0.5 : 0.1;
  }
  const auto sigmoid = [](double z) { return 1 / (1 + std::exp(-z)); };
  // The trees re-rank the best two by the blend (products 1 and 2): 2 overtakes 1; product 4
  // would gain most from the trees but is not re-ranked, and ranks below both.
  score_candidates(m, 2, cs);
  EXPECT_EQ(cs[0].tier, 0);
  EXPECT_EQ(cs[1].tier, 0);
  EXPECT_EQ(cs[2].tier, 1);
  EXPECT_EQ(cs[3].tier, 1);
  EXPECT_DOUBLE_EQ(cs[0].score, sigmoid(1.0));
  EXPECT_DOUBLE_EQ(cs[1].score, sigmoid(4.0));
  EXPECT_DOUBLE_EQ(cs[3].score, sigmoid(-1.0));  // the blend's, without the trees
  ScoringContext context;
  ScoreConfig config;
  config.k = 3;
  CouponTable table(3, 1);
  select_coupons(cs, context, config, table, 0);
  EXPECT_EQ(table.product[0], 2);
  EXPECT_EQ(table.product[1], 1);
  EXPECT_EQ(table.product[2], 3);  // tier 1: by the blend's score, ties by product (3 before 4)
  // Without trees every candidate is one tier, scored by the blend alone.
  m.trees = {};
  score_candidates(m, 2, cs);
  for (const Candidate& c : cs) EXPECT_EQ(c.tier, 0);
  EXPECT_DOUBLE_EQ(cs[1].score, sigmoid(1.0));
}
