#include "engine/blend_model.hpp"

#include "engine/logit_bounds.hpp"

#include <algorithm>
#include <cmath>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace basketgap::engine {
BlendModel BlendModel::defaults() {
  BlendModel m;
  Features& w = m.weights;
  w[Feature::bias] = -4.0;
  w[Feature::bought] = 1.0;
  w[Feature::log_decayed_long] = 1.6;
  w[Feature::log_decayed_short] = 0.6;
  w[Feature::log_baskets] = 0.2;
  w[Feature::log_elapsed] = -0.2;
  w[Feature::popularity] = 1.0;
  w[Feature::cross_sell] = 1.0;
  return m;
}

double BlendModel::linear_logit(const Features& f) const { return dot(weights, f); }

double BlendModel::logit(const Features& f) const {
  double z = linear_logit(f);
  if (!trees.empty()) z += trees.margin(f);
  return z;
}

BlendModel BlendModel::scoring() const {
  BlendModel m = *this;
  m.trees.prepare();
  if (!rerank.fitted) return m;
  for (int f = 0; f < kFeatureCount; ++f) m.weights[f] += rerank.weights[f];
  m.rerank = PairwiseRerank{};
  return m;
}

namespace {

void require_scoring_model(const BlendModel& model, const char* where) {
  if (model.rerank.fitted)
    throw std::logic_error(std::string(where) +
                           ": the re-rank is not added to the blend (BlendModel::scoring)");
}

}  // namespace

std::vector<std::size_t> best_by_logit(std::span<const double> logits, std::span<const std::int32_t> products,
                                       std::size_t count) {
  std::vector<std::size_t> order(logits.size());
  for (std::size_t i = 0; i < order.size(); ++i) order[i] = i;
  const std::size_t keep = std::min(count, order.size());
  std::nth_element(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(keep == 0 ? 0 : keep - 1),
                   order.end(), [&](std::size_t a, std::size_t b) {
                     if (logits[a] != logits[b]) return logits[a] > logits[b];
                     return products[a] < products[b];
                   });
  order.resize(keep);
  return order;
}

void score_candidates(const BlendModel& model, int tree_candidates, std::vector<Candidate>& candidates) {
  require_scoring_model(model, "score_candidates");
  if (!model.has_second_stage()) {
    for (Candidate& c : candidates) {
      c.logit = model.linear_logit(c.features);
      c.score = sigmoid(c.logit);
      c.tier = 0;
    }
    return;
  }
  std::vector<double> logits(candidates.size());
  std::vector<std::int32_t> products(candidates.size());
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    logits[i] = model.linear_logit(candidates[i].features);
    products[i] = candidates[i].product;
    candidates[i].score = sigmoid(logits[i]);
    candidates[i].tier = 1;
  }
  // The best by the blend get the trees' margin too, all at once (TreeEnsemble::add_margins:
  // the bits of model.logit, one candidate at a time).
  const std::vector<std::size_t> best =
      best_by_logit(logits, products, static_cast<std::size_t>(std::max(tree_candidates, 0)));
  std::vector<TreeInput> inputs(best.size());
  std::vector<double> margins(best.size(), 0.0);
  for (std::size_t k = 0; k < best.size(); ++k) inputs[k] = tree_input(candidates[best[k]].features);
  model.trees.add_margins(inputs, margins);
  for (std::size_t k = 0; k < best.size(); ++k) {
    Candidate& c = candidates[best[k]];
    c.score = sigmoid(logits[best[k]] + margins[k]);
    c.tier = 0;
  }
}

void score_candidates_bounded(const BlendModel& model, std::span<Candidate> candidates) {
  if (model.has_second_stage())
    throw std::logic_error("score_candidates_bounded: the blend has a second stage");
  require_scoring_model(model, "score_candidates_bounded");
  // However its terms are summed, the logit is within ~21 x 2^-53 x the sum of their
  // magnitudes of the exact sum: the margin is millions of times that. So the bounds may sum
  // in any order (logit_sums vectorises).
  constexpr double kMargin = 1e-9;
  const double due_weight = model.weights[Feature::due_probability];
  for (Candidate& c : candidates) {
    c.tier = 0;
    if (c.pending_history < 0) {
      c.logit = model.linear_logit(c.features);
      c.score = sigmoid(c.logit);
      continue;
    }
    // The pending feature is 0 here: the sums are the logit without it.
    const LogitSums sums = logit_sums(model.weights, c.features);
    const double logit = sums.sum;
    const double margin = kMargin * (1.0 + sums.magnitude + std::abs(due_weight));
    // The probability lies in [0, due_bound] (a difference of two normal CDFs: at worst a few
    // ulps below 0, which the margin covers).
    const double due_term = due_weight * c.due_bound;
    c.logit = logit + std::max(due_term, 0.0) + margin;
    c.logit_floor = logit + std::min(due_term, 0.0) - margin;
    c.score = 0;
  }
}

void BlendCompletion::complete(Candidate& c) const {
  compute_due_probability(c, scratch_, context_, config_);
  c.logit = model_.linear_logit(c.features);
  c.score = sigmoid(c.logit);
}

double BlendModel::probability(const Features& f) const { return sigmoid(logit(f)); }

std::string BlendModel::summary() const {
  std::string s = learned ? "the learned blend" : "the hand-set blend";
  if (!trees.empty())
    s += " and " + std::to_string(trees.roots.size()) + " trees";
  else if (rerank.fitted)
    s += " and the re-rank";
  if (!popular_candidates) s += ", without popular candidates";
  return s;
}

std::string BlendModel::describe() const {
  std::ostringstream s;
  s << "[blend]\nlearned = " << (learned ? "true" : "false") << "\n";
  for (const auto& [feature, name] : kFeatureNames) s << name << " = " << weights[feature] << "\n";
  if (!trees.empty())
    s << "trees = " << trees.roots.size() << "\ntree_nodes = " << trees.nodes.size() << "\n";
  if (!popular_candidates) s << "popular_candidates = false\n";
  if (rerank.fitted) {
    // Added to the blend's weights above when scoring.
    s << "[pairwise_rerank]\n";
    for (const auto& [feature, name] : kFeatureNames) s << name << " = " << rerank.weights[feature] << "\n";
  }
  return s.str();
}

}  // namespace basketgap::engine
