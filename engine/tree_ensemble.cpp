#include "engine/tree_ensemble.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <string>

namespace basketgap::engine {

namespace {

constexpr int kDeepestComplete = 10;  // 2^10 leaves a tree: deeper ones keep the node walk

int depth_below(const std::vector<TreeNode>& nodes, std::int32_t node) {
  const TreeNode& n = nodes[static_cast<std::size_t>(node)];
  if (n.feature < 0) return 0;
  return 1 + std::max(depth_below(nodes, n.yes), depth_below(nodes, n.no));
}

// Writes the subtree under `node` at slot `slot` (level `level`) of one complete tree.
void lay_out(const std::vector<TreeNode>& nodes, std::int32_t node, std::size_t slot, int level, int depth,
             std::uint8_t* feature, float* threshold, float* leaf, std::size_t inner) {
  const TreeNode& n = nodes[static_cast<std::size_t>(node)];
  if (level == depth) {  // a leaf (the walk ended above or here)
    leaf[slot - inner] = n.threshold;
    return;
  }
  if (n.feature < 0) {
    // A leaf above the depth: both sides lead to it, whatever the comparison says.
    feature[slot] = 0;
    threshold[slot] = 0;
    lay_out(nodes, node, 2 * slot + 1, level + 1, depth, feature, threshold, leaf, inner);
    lay_out(nodes, node, 2 * slot + 2, level + 1, depth, feature, threshold, leaf, inner);
    return;
  }
  feature[slot] = static_cast<std::uint8_t>(n.feature);
  threshold[slot] = n.threshold;
  lay_out(nodes, n.yes, 2 * slot + 1, level + 1, depth, feature, threshold, leaf, inner);
  lay_out(nodes, n.no, 2 * slot + 2, level + 1, depth, feature, threshold, leaf, inner);
}

// Tree by tree, every candidate's walk: the walks are independent, so the processor overlaps
// them; each candidate still sums its leaves in tree order (the node walk's bits). `Depth` 0:
// the depth read at run time.
template <int Depth>
void walk_complete(const CompleteTrees& c, std::span<const TreeInput> inputs, std::span<double> sums) {
  const int depth = Depth > 0 ? Depth : c.depth;
  const std::size_t trees = c.trees;
  for (std::size_t t = 0; t < trees; ++t) {
    const std::uint8_t* feature = c.feature.data() + t * c.inner;
    const float* threshold = c.threshold.data() + t * c.inner;
    const float* leaf = c.leaf.data() + t * (c.inner + 1);
    for (std::size_t i = 0; i < inputs.size(); ++i) {
      const float* x = inputs[i].data();
      std::size_t slot = 0;
      for (int level = 0; level < depth; ++level)
        slot = 2 * slot + 1 + static_cast<std::size_t>(!(x[feature[slot]] < threshold[slot]));
      sums[i] += leaf[slot - c.inner];
    }
  }
}

// The node walk: each tree from its root to a leaf, the leaves summed in tree order.
double walk_nodes(const std::vector<std::int32_t>& roots, const std::vector<TreeNode>& nodes,
                  const TreeInput& x) {
  double sum = 0;
  for (std::int32_t node : roots) {
    const TreeNode* n = &nodes[static_cast<std::size_t>(node)];
    while (n->feature >= 0)
      n = &nodes[static_cast<std::size_t>(x[static_cast<std::size_t>(n->feature)] < n->threshold ? n->yes
                                                                                                 : n->no)];
    sum += n->threshold;
  }
  return sum;
}

}  // namespace

TreeInput tree_input(const Features& f) {
  TreeInput x;
  for (int i = 0; i < kFeatureCount; ++i) x[static_cast<std::size_t>(i)] = static_cast<float>(f[i]);
  return x;
}

double TreeEnsemble::margin(const Features& f) const {
  const TreeInput x = tree_input(f);
  if (!complete) return walk_nodes(roots, nodes, x);
  double sum = 0;
  add_margins(std::span(&x, 1), std::span(&sum, 1));
  return sum;
}

void TreeEnsemble::prepare() {
  complete.reset();
  int depth = 0;
  for (std::int32_t root : roots) depth = std::max(depth, depth_below(nodes, root));
  if (roots.empty() || depth > kDeepestComplete) return;
  auto c = std::make_shared<CompleteTrees>();
  c->depth = depth;
  c->inner = (std::size_t{1} << depth) - 1;
  c->feature.assign(roots.size() * c->inner, 0);
  c->threshold.assign(roots.size() * c->inner, 0.0f);
  c->leaf.assign(roots.size() * (c->inner + 1), 0.0f);
  c->trees = roots.size();
  c->nodes = nodes.size();
  for (std::size_t t = 0; t < roots.size(); ++t)
    lay_out(nodes, roots[t], 0, 0, depth, c->feature.data() + t * c->inner,
            c->threshold.data() + t * c->inner, c->leaf.data() + t * (c->inner + 1), c->inner);
  complete = std::move(c);
}

void TreeEnsemble::add_margins(std::span<const TreeInput> inputs, std::span<double> sums) const {
  if (!complete) {
    for (std::size_t i = 0; i < inputs.size(); ++i) sums[i] += walk_nodes(roots, nodes, inputs[i]);
    return;
  }
  // A layout of other trees would score silently wrong: trees changed after prepare() are a bug.
  if (complete->trees != roots.size() || complete->nodes != nodes.size())
    throw std::logic_error("TreeEnsemble: the trees changed since prepare() laid them out");
  // The default depth (`tree_depth` = 4) unrolled; others read it at run time.
  if (complete->depth == 4)
    walk_complete<4>(*complete, inputs, sums);
  else
    walk_complete<0>(*complete, inputs, sums);
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
