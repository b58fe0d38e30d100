// Boosted regression trees over the candidate features, evaluated here (not by the library that
// fitted them) so that scoring is plain, fast and the same bits on every rank: a candidate's
// margin is the sum, in tree order, of the leaf it reaches in each tree. A node sends a feature
// value below its threshold to `yes`, anything else (also NaN) to `no`; features are compared
// as floats, as they were when the trees were fitted.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/features.hpp"

namespace basketgap::engine {

struct TreeNode {
  std::int32_t feature = -1;       // -1: a leaf
  float threshold = 0;             // split value; the leaf value for a leaf
  std::int32_t yes = -1, no = -1;  // children, as indices into TreeEnsemble::nodes
};

struct TreeEnsemble {
  std::vector<std::int32_t> roots;  // first node of each tree
  std::vector<TreeNode> nodes;

  bool empty() const { return roots.empty(); }
  double margin(const Features& f) const;
  // Why not a valid ensemble (a child outside the nodes, a cycle, a feature out of range), or
  // empty when it is: checked after a fit and when a checkpoint is read back.
  std::string problem() const;
};

}  // namespace basketgap::engine
