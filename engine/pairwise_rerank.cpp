#include "engine/pairwise_rerank.hpp"

#include <algorithm>
#include <armadillo>
#include <array>
#include <cmath>
#include <stdexcept>
#include <vector>

namespace basketgap::engine {
namespace {

constexpr int kMaxSteps = 30;
constexpr double kStepTolerance = 1e-7;  // largest weight change that ends the fit

// Calls visit(difference, offset) for every household's (bought, not bought) pair, in sample
// order: the feature difference x_i - x_j and the blend's z_i - z_j. Built on the fly (a
// million pairs would be 170 MB stored).
template <typename Visit>
void for_each_pair(const PairwiseSamples& s, Visit&& visit) {
  std::array<double, kFeatureCount> difference;
  std::size_t begin = 0;
  for (const std::size_t end : s.group_end) {
    for (std::size_t i = begin; i < end; ++i) {
      if (s.labels[i] == 0) continue;
      for (std::size_t j = begin; j < end; ++j) {
        if (s.labels[j] != 0) continue;
        for (int f = 0; f < kFeatureCount; ++f)
          difference[f] = static_cast<double>(s.features[i * kFeatureCount + f]) -
                          static_cast<double>(s.features[j * kFeatureCount + f]);
        visit(difference, s.blend_logit[i] - s.blend_logit[j]);
      }
    }
    begin = end;
  }
}

double margin_of(const std::array<double, kFeatureCount>& difference, double offset, const arma::vec& w) {
  const double* weight = w.memptr();  // unchecked: called per pair
  double m = offset;
  for (int f = 0; f < kFeatureCount; ++f) m += weight[f] * difference[f];
  return m;
}

// log(1 + e^-m), without overflow for large |m|.
double pair_loss(double m) { return m > 0 ? std::log1p(std::exp(-m)) : -m + std::log1p(std::exp(m)); }

double loss(const PairwiseSamples& s, const arma::vec& w, double l2) {
  double sum = 0.5 * l2 * arma::dot(w, w);
  for_each_pair(s, [&](const auto& d, double offset) { sum += pair_loss(margin_of(d, offset, w)); });
  return sum;
}

}  // namespace

double PairwiseRerank::margin(const Features& f) const { return fitted ? dot(weights, f) : 0; }

PairwiseFit fit_pairwise_rerank(const PairwiseSamples& samples, double l2) {
  if (samples.labels.size() != samples.blend_logit.size() ||
      samples.features.size() != samples.labels.size() * kFeatureCount ||
      (!samples.group_end.empty() && samples.group_end.back() != samples.labels.size()))
    throw std::invalid_argument("fit_pairwise_rerank: samples, logits and groups do not match");
  PairwiseFit out;
  std::size_t begin = 0;
  for (const std::size_t end : samples.group_end) {
    const auto bought = std::count_if(samples.labels.begin() + begin, samples.labels.begin() + end,
                                      [](std::uint8_t y) { return y != 0; });
    out.pairs += bought * (static_cast<std::int64_t>(end - begin) - bought);
    begin = end;
  }
  if (out.pairs == 0) return out;

  // A feature that never differs within a pair (the bias) would make the Hessian singular
  // without a ridge: a tiny one keeps it at 0 then.
  const double ridge = std::max(l2, 1e-9);
  arma::vec w(kFeatureCount, arma::fill::zeros);
  double current = loss(samples, w, ridge);
  for (int step = 0; step < kMaxSteps; ++step) {
    // Summed in plain arrays (the lower triangle), not through Armadillo's checked indexing:
    // at a million households this loop is most of the fit.
    std::array<double, kFeatureCount> gradient_sum{};
    std::array<double, kFeatureCount * kFeatureCount> hessian_sum{};
    for_each_pair(samples, [&](const auto& d, double offset) {
      const double p = 1.0 / (1.0 + std::exp(-margin_of(d, offset, w)));
      const double curvature = p * (1.0 - p);
      for (int a = 0; a < kFeatureCount; ++a) {
        gradient_sum[a] += (p - 1.0) * d[a];
        const double scaled = curvature * d[a];
        double* row = &hessian_sum[static_cast<std::size_t>(a) * kFeatureCount];
        for (int b = 0; b <= a; ++b) row[b] += scaled * d[b];
      }
    });
    arma::vec gradient = ridge * w;
    arma::mat hessian = ridge * arma::eye(kFeatureCount, kFeatureCount);
    for (int a = 0; a < kFeatureCount; ++a) {
      gradient[a] += gradient_sum[a];
      for (int b = 0; b <= a; ++b) {
        hessian(a, b) += hessian_sum[static_cast<std::size_t>(a) * kFeatureCount + b];
        if (b != a) hessian(b, a) = hessian(a, b);
      }
    }
    arma::vec direction;
    if (!arma::solve(direction, hessian, gradient, arma::solve_opts::likely_sympd))
      direction = arma::pinv(hessian) * gradient;
    // Backtracking: a full Newton step can overshoot on separable pairs.
    double t = 1.0, next = loss(samples, w - direction, ridge);
    while (next > current && t > 1e-4) {
      t /= 2;
      next = loss(samples, w - t * direction, ridge);
    }
    out.steps = step + 1;
    if (next > current) break;  // no decrease in any step length: at the minimum
    w -= t * direction;
    current = next;
    if (arma::abs(t * direction).max() < kStepTolerance) break;
  }
  for (int f = 0; f < kFeatureCount; ++f) out.rerank.weights[f] = w[f];
  out.rerank.fitted = true;
  return out;
}

}  // namespace basketgap::engine
