// Boosted regression trees over the candidate features, evaluated here (not by the library that
// fitted them) so that scoring is plain, fast and the same bits on every rank: a candidate's
// margin is the sum, in tree order, of the leaf it reaches in each tree. A node sends a feature
// value below its threshold to `yes`, anything else (also NaN) to `no`; features are compared
// as floats, as they were when the trees were fitted.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "engine/features.hpp"

namespace basketgap::engine {

struct TreeNode {
  std::int32_t feature = -1;       // -1: a leaf
  float threshold = 0;             // split value; the leaf value for a leaf
  std::int32_t yes = -1, no = -1;  // children, as indices into TreeEnsemble::nodes
};

// The same trees for scoring many candidates: each padded to the ensemble's depth and stored
// level by level (a node's children at 2i + 1 and 2i + 2), so a walk is `depth` steps without a
// branch and several candidates' walks overlap. A leaf above that depth is repeated in every
// slot below it, so each walk ends at the leaf the node walk ends at: the same margin, bit for bit.
struct CompleteTrees {
  int depth = 0;
  std::size_t inner = 0;              // internal slots per tree: 2^depth - 1
  std::vector<std::uint8_t> feature;  // [tree][inner]
  std::vector<float> threshold;       // [tree][inner]
  std::vector<float> leaf;            // [tree][inner + 1]
  std::size_t trees = 0, nodes = 0;   // the ensemble's sizes when laid out (a cheap staleness check)
};

// A candidate's features as the trees compare them.
using TreeInput = std::array<float, kFeatureCount>;
TreeInput tree_input(const Features& f);

struct TreeEnsemble {
  std::vector<std::int32_t> roots;  // first node of each tree
  std::vector<TreeNode> nodes;
  // Set by prepare() for scoring (never saved): the trees laid out complete.
  std::shared_ptr<const CompleteTrees> complete;

  bool empty() const { return roots.empty(); }
  double margin(const Features& f) const;
  // Lays the trees out complete (when no deeper than 10 levels: deeper ones keep the node walk).
  // Call again after changing `roots` or `nodes`.
  void prepare();
  // Adds each tree's leaf for inputs[i] to sums[i], tree by tree: from sums of 0, the bits of
  // margin() for each (from other values, not their sum with margin()); faster for many.
  void add_margins(std::span<const TreeInput> inputs, std::span<double> sums) const;
  // Why not a valid ensemble (a child outside the nodes, a cycle, a feature out of range), or
  // empty when it is: checked after a fit and when a checkpoint is read back.
  std::string problem() const;
};

}  // namespace basketgap::engine
