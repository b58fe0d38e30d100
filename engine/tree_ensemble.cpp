#include "engine/tree_ensemble.hpp"

#include <array>
#include <string>

namespace basketgap::engine {

double TreeEnsemble::margin(const Features& f) const {
  std::array<float, kFeatureCount> x;
  for (int i = 0; i < kFeatureCount; ++i) x[i] = static_cast<float>(f[i]);
  double sum = 0;
  for (std::int32_t node : roots) {
    const TreeNode* n = &nodes[static_cast<std::size_t>(node)];
    while (n->feature >= 0)
      n = &nodes[static_cast<std::size_t>(x[n->feature] < n->threshold ? n->yes : n->no)];
    sum += n->threshold;
  }
  return sum;
}

std::string TreeEnsemble::problem() const {
  const auto size = static_cast<std::int64_t>(nodes.size());
  for (std::size_t t = 0; t < roots.size(); ++t)
    if (roots[t] < 0 || roots[t] >= size) return "tree " + std::to_string(t) + " starts outside the nodes";
  for (std::int64_t i = 0; i < size; ++i) {
    const TreeNode& n = nodes[static_cast<std::size_t>(i)];
    if (n.feature < 0) continue;
    if (n.feature >= kFeatureCount) return "node " + std::to_string(i) + " splits on an unknown feature";
    // Children come after their parent (as the fit writes them): no cycles, every walk ends.
    if (n.yes <= i || n.no <= i || n.yes >= size || n.no >= size)
      return "node " + std::to_string(i) + " has a child outside the tree";
  }
  return {};
}

}  // namespace basketgap::engine
