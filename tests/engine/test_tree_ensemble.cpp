// The tree ranker's evaluation on hand-built trees: the margin is the sum of the leaves
// reached, a value equal to the threshold goes to `no` (XGBoost's `<` rule), the margin adds
// to the linear blend's logit; malformed ensembles are named.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/select.hpp"
#include "engine/tree_ensemble.hpp"
#include "tests/engine/second_stage_case.hpp"

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
  // The tree adds +3 to products with a repeat rate of at least 0.3.
  BlendModel m = second_stage::blend_by_bought();
  const auto rate = static_cast<std::int32_t>(index_of(Feature::repeat_rate));
  m.trees.roots = {0};
  m.trees.nodes = {{rate, 0.3f, 1, 2}, {-1, 0.0f}, {-1, 3.0f}};
  std::vector<Candidate> cs = second_stage::two_bought_two_not();
  score_candidates(m, 2, cs);
  EXPECT_DOUBLE_EQ(cs[0].score, sigmoid(1.0));
  EXPECT_DOUBLE_EQ(cs[1].score, sigmoid(4.0));
  second_stage::expect_best_two_reranked(cs);
  // Without trees every candidate is one tier, scored by the blend alone.
  m.trees = {};
  score_candidates(m, 2, cs);
  for (const Candidate& c : cs) EXPECT_EQ(c.tier, 0);
  EXPECT_DOUBLE_EQ(cs[1].score, sigmoid(1.0));
}

namespace {
// A random tree of at most `depth` levels whose leaves sit at every level (some splits stop
// early), thresholds and leaves drawn from a fixed sequence.
std::int32_t random_tree(std::vector<TreeNode>& nodes, std::uint64_t& state, int depth) {
  const auto next = [&] {
    state = state * 6364136223846793005ull + 1442695040888963407ull;
    return static_cast<double>(state >> 11) / 9007199254740992.0;
  };
  const auto at = static_cast<std::int32_t>(nodes.size());
  nodes.push_back({});
  if (depth == 0 || next() < 0.25) {
    nodes[static_cast<std::size_t>(at)] = {-1, static_cast<float>(next() * 2 - 1)};
    return at;
  }
  const auto feature = static_cast<std::int32_t>(next() * kFeatureCount) % kFeatureCount;
  const auto threshold = static_cast<float>(next());
  const std::int32_t yes = random_tree(nodes, state, depth - 1);
  const std::int32_t no = random_tree(nodes, state, depth - 1);
  nodes[static_cast<std::size_t>(at)] = {feature, threshold, yes, no};
  return at;
}
}  // namespace

TEST(TreeEnsemble, TheCompleteLayoutGivesTheNodeWalksBits) {
  // Trees of 1..7 levels with leaves above their depth, inputs at, around and off the
  // thresholds (and NaN, which goes `no`): prepare()'s layout and add_margins give the node
  // walk's margin to the bit, one candidate or many.
  for (int depth = 1; depth <= 7; ++depth) {
    TreeEnsemble trees;
    std::uint64_t state = 17 + static_cast<std::uint64_t>(depth);
    for (int t = 0; t < 40; ++t) trees.roots.push_back(random_tree(trees.nodes, state, depth));
    ASSERT_EQ(trees.problem(), "");
    std::vector<Features> inputs;
    for (int i = 0; i < 300; ++i) {
      Features f{};
      for (int j = 0; j < kFeatureCount; ++j) f[j] = ((i * 7 + j * 13) % 23) / 22.0;
      if (i % 50 == 0) f[i % kFeatureCount] = std::nan("");
      inputs.push_back(f);
    }
    for (const TreeNode& n : trees.nodes)  // exactly at a threshold: `no`
      if (n.feature >= 0 && inputs.size() < 400) {
        Features f = inputs.back();
        f[n.feature] = n.threshold;
        inputs.push_back(f);
      }
    TreeEnsemble prepared = trees;
    prepared.prepare();
    ASSERT_TRUE(prepared.complete) << depth;
    std::vector<TreeInput> batch;
    for (const Features& f : inputs) batch.push_back(tree_input(f));
    std::vector<double> sums(batch.size(), 0.0);
    prepared.add_margins(batch, sums);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const double walked = trees.margin(inputs[i]);
      ASSERT_EQ(prepared.margin(inputs[i]), walked) << "depth " << depth << ", input " << i;
      ASSERT_EQ(sums[i], walked) << "depth " << depth << ", input " << i;
    }
  }
  // Deeper than 10 levels: no layout, the node walk.
  TreeEnsemble deep;
  for (int level = 0; level < 11; ++level)
    deep.nodes.push_back({0, 0.5f, level + 1, static_cast<std::int32_t>(11 + 1 + level)});
  deep.nodes.push_back({-1, 1.0f});
  for (int level = 0; level < 11; ++level) deep.nodes.push_back({-1, -1.0f});
  deep.roots = {0};
  ASSERT_EQ(deep.problem(), "");
  deep.prepare();
  EXPECT_FALSE(deep.complete);
  Features low{};
  EXPECT_EQ(deep.margin(low), 1.0);
}

TEST(TreeEnsemble, TreesChangedAfterTheLayoutAreRefused) {
  TreeEnsemble t = two_trees();
  t.prepare();
  t.roots.pop_back();  // one tree fewer than laid out
  Features f{};
  EXPECT_THROW(t.margin(f), std::logic_error);
  t.prepare();
  EXPECT_DOUBLE_EQ(t.margin(f), -1.0);
}
