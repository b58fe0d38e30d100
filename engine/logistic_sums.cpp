#include "engine/logistic_sums.hpp"

#include <algorithm>
#include <armadillo>
#include <bit>
#include <cmath>
#include <cstring>
#include <vector>

namespace basketgap::engine {
namespace {
constexpr double kScale = 1048576.0;  // 2^20

// Index of Hessian cell (i, j), i <= j, in the packed upper triangle.
constexpr auto kCell = [] {
  std::array<std::array<int, kFeatureCount>, kFeatureCount> cell{};
  int next = 0;
  for (int i = 0; i < kFeatureCount; ++i)
    for (int j = i; j < kFeatureCount; ++j) cell[i][j] = next++;
  return cell;
}();

// The Hessian's rows while a household is summed: dense and padded to a multiple of four
// doubles, so that a row's update is straight-line vector code. Only j >= i is read.
constexpr int kRowWidth = (kFeatureCount + 3) / 4 * 4;
}  // namespace

std::int64_t to_fixed(double v) { return std::llround(v * kScale); }
double fixed_to_double(std::int64_t v) { return static_cast<double>(v) / kScale; }

void LogisticSums::add(const Features& f, bool label, double p) {
  const double residual = p - (label ? 1.0 : 0.0);
  const double curvature = p * (1.0 - p);
  int cell = 0;
  for (int i = 0; i < kFeatureCount; ++i) {
    gradient[i] += to_fixed(residual * f[i]);
    for (int j = i; j < kFeatureCount; ++j) hessian[cell++] += to_fixed(curvature * f[i] * f[j]);
  }
  ++samples;
  positives += label;
  const double clipped = std::clamp(label ? p : 1.0 - p, 1e-12, 1.0);
  log_loss += to_fixed(-std::log(clipped));
}

std::uint32_t nonzero_features(const float* sample) {
  static_assert(kFeatureCount <= 32);
  std::uint32_t mask = 0;
  for (int i = 0; i < kFeatureCount; ++i) mask |= static_cast<std::uint32_t>(sample[i] != 0.0f) << i;
  return mask;
}

std::uint32_t pack_features(const float* sample, std::vector<float>& values) {
  const std::uint32_t mask = nonzero_features(sample);
  for (std::uint32_t m = mask; m != 0; m &= m - 1) values.push_back(sample[std::countr_zero(m)]);
  return mask;
}

void LogisticSums::add_group(std::span<const float> features, std::span<const std::uint8_t> labels,
                             const BlendModel& model) {
  std::vector<std::uint32_t> nonzero(labels.size());
  std::vector<float> packed;
  for (std::size_t s = 0; s < labels.size(); ++s)
    nonzero[s] = pack_features(&features[s * kFeatureCount], packed);
  add_group(packed, nonzero, labels, model, true);
}

void LogisticSums::add_group(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                             std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss) {
  // The tiled way adds products with zero features: they must be ±0, not NaN (0 x inf).
  const auto is_finite = [](auto v) { return std::isfinite(v); };
  const bool finite = std::all_of(packed.begin(), packed.end(), is_finite) &&
                      std::all_of(model.weights.begin(), model.weights.end(), is_finite);
  if (!model.has_second_stage() && finite)
    add_group_tiled(packed, nonzero, labels, model, with_loss);
  else
    add_group_sparse(packed, nonzero, labels, model, with_loss);
}

namespace {
using Vec4 = double __attribute__((vector_size(32)));

// Rows i0..i0+3, columns j0..j0+4V-1 of Σ_s cx[s][i] · x[s][j] over the n dense samples (rows of
// kRowWidth doubles), each cell's sum taken in sample order in registers, into `rows`.
template <int V>
__attribute__((always_inline)) inline void hessian_tile(const double* cx, const double* x, std::size_t n,
                                                        int i0, int j0, double (*rows)[kRowWidth]) {
  Vec4 acc[4][V] = {};
  for (std::size_t s = 0; s < n; ++s) {
    const double* xs = x + s * kRowWidth;
    const double* cs = cx + s * kRowWidth;
    Vec4 xj[V];
    for (int v = 0; v < V; ++v) std::memcpy(&xj[v], xs + j0 + 4 * v, sizeof(Vec4));
    for (int r = 0; r < 4; ++r) {
      const double c = cs[i0 + r];
      const Vec4 ci = {c, c, c, c};
      for (int v = 0; v < V; ++v) acc[r][v] += ci * xj[v];
    }
  }
  for (int r = 0; r < 4; ++r)
    for (int v = 0; v < V; ++v) std::memcpy(&rows[i0 + r][j0 + 4 * v], &acc[r][v], sizeof(Vec4));
}

// A household's sums in double, rounded to fixed point once and added (both ways of add_group):
// `g` the gradient's kFeatureCount sums, `rows` the Hessian's rows (cells j >= i read).
void add_rounded(LogisticSums& sums, const double* g, const double (*rows)[kRowWidth], double loss,
                 std::size_t samples) {
  for (int i = 0; i < kFeatureCount; ++i) sums.gradient[i] += to_fixed(g[i]);
  for (int i = 0; i < kFeatureCount; ++i)
    for (int j = i; j < kFeatureCount; ++j) sums.hessian[kCell[i][j]] += to_fixed(rows[i][j]);
  sums.log_loss += to_fixed(loss);
  sums.samples += static_cast<std::int64_t>(samples);
}

// The household's dense rows (features, and curvature x features), reused by a thread.
struct DenseGroup {
  std::vector<double> x, cx, z;
};
thread_local DenseGroup dense_group;
}  // namespace

// Every cell gets the sparse way's terms in the same order plus products with zero features,
// which add ±0 and leave a sum's value as it was (a sum never becomes -0 by them, and the
// fixed-point rounding maps ±0 to 0); finite features keep those products finite. Compiled for
// AVX2 and the baseline like the sparse way, without FMA.
__attribute__((target_clones("avx2", "default"))) void LogisticSums::add_group_tiled(
    std::span<const float> packed, std::span<const std::uint32_t> nonzero,
    std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss) {
  const std::size_t n = labels.size();
  DenseGroup& group = dense_group;
  group.x.assign(n * kRowWidth, 0.0);
  group.cx.resize(n * kRowWidth);
  group.z.resize(n);
  std::size_t next = 0;
  for (std::size_t s = 0; s < n; ++s) {
    double* x = &group.x[s * kRowWidth];
    for (std::uint32_t m = nonzero[s]; m != 0; m &= m - 1) x[std::countr_zero(m)] = packed[next++];
  }
  // The logits: linear_logit's sum in its order (a zero feature adds ±0, which changes
  // nothing), four samples side by side so that their chains of additions overlap.
  std::size_t s = 0;
  for (; s + 4 <= n; s += 4) {
    const double* x = &group.x[s * kRowWidth];
    Vec4 z = {};
    for (int i = 0; i < kFeatureCount; ++i) {
      const double w = model.weights[i];
      const Vec4 wi = {w, w, w, w};
      const Vec4 xi = {x[i], x[kRowWidth + i], x[2 * kRowWidth + i], x[3 * kRowWidth + i]};
      z += wi * xi;
    }
    std::memcpy(&group.z[s], &z, sizeof z);
  }
  for (; s < n; ++s) {
    const double* x = &group.x[s * kRowWidth];
    double z = 0;
    for (int i = 0; i < kFeatureCount; ++i) z += model.weights[i] * x[i];
    group.z[s] = z;
  }
  constexpr int kVectors = kRowWidth / 4;
  Vec4 g[kVectors] = {};  // the padding features are 0 and stay so
  double loss = 0;
  for (s = 0; s < n; ++s) {
    const double p = sigmoid(group.z[s]);
    const bool label = labels[s] != 0;
    const double residual = p - (label ? 1.0 : 0.0);
    const double curvature = p * (1.0 - p);
    const Vec4 r = {residual, residual, residual, residual}, c = {curvature, curvature, curvature, curvature};
    const double* x = &group.x[s * kRowWidth];
    double* cx = &group.cx[s * kRowWidth];
    for (int v = 0; v < kVectors; ++v) {
      Vec4 xv;
      std::memcpy(&xv, x + 4 * v, sizeof xv);
      g[v] += r * xv;
      const Vec4 cv = c * xv;
      std::memcpy(cx + 4 * v, &cv, sizeof cv);
    }
    if (with_loss) loss += -std::log(std::clamp(label ? p : 1.0 - p, 1e-12, 1.0));
    positives += label;
  }
  // The cells on and right of each block of four rows' diagonal block, in tiles of 4 x 8 (and
  // 4 x 4 at a row's end): 8 vector sums in registers while the samples stream past.
  alignas(32) double rows[kRowWidth][kRowWidth];
  for (int i0 = 0; i0 < kRowWidth; i0 += 4) {
    int j0 = i0;
    for (; j0 + 8 <= kRowWidth; j0 += 8) hessian_tile<2>(group.cx.data(), group.x.data(), n, i0, j0, rows);
    if (j0 < kRowWidth) hessian_tile<1>(group.cx.data(), group.x.data(), n, i0, j0, rows);
  }
  double gradient_sums[kRowWidth];
  std::memcpy(gradient_sums, g, sizeof gradient_sums);
  add_rounded(*this, gradient_sums, rows, loss, n);
}

// Compiled twice, for AVX2 and for the baseline, chosen at load time: the dense rows are twice
// as wide a vector with AVX2. Not FMA: a fused multiply-add would round differently.
__attribute__((target_clones("avx2", "default"))) void LogisticSums::add_group_sparse(
    std::span<const float> packed, std::span<const std::uint32_t> nonzero,
    std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss) {
  std::array<double, kFeatureCount> g{};
  alignas(32) double rows[kFeatureCount][kRowWidth] = {};
  double loss = 0;
  // The sample's features in the order of its mask (the zeros skipped), and the same features
  // dense (zeros included) for the row updates.
  int index[kFeatureCount];
  double value[kFeatureCount];
  alignas(32) double dense[kRowWidth] = {};
  std::size_t next = 0;  // the first packed value of sample s
  int n = 0;
  for (std::size_t s = 0; s < labels.size(); ++s) {
    // Zero again only the previous sample's features (a fill of the whole row compiled to
    // `rep stos`, whose start-up cost was an eighth of the function's samples).
    for (int a = 0; a < n; ++a) dense[index[a]] = 0.0;
    n = 0;
    for (std::uint32_t m = nonzero[s]; m != 0; m &= m - 1) {
      index[n] = std::countr_zero(m);
      value[n] = packed[next++];
      dense[index[n]] = value[n];
      ++n;
    }
    double p;
    if (!model.has_second_stage()) {
      double z = 0;  // linear_logit's sum in its order, without the zero terms
      for (int a = 0; a < n; ++a) z += model.weights[index[a]] * value[a];
      p = sigmoid(z);
    } else {
      Features f{};
      for (int a = 0; a < n; ++a) f[index[a]] = value[a];
      p = model.probability(f);
    }
    const bool label = labels[s] != 0;
    const double residual = p - (label ? 1.0 : 0.0);
    const double curvature = p * (1.0 - p);
    for (int a = 0; a < n; ++a) {
      const int i = index[a];
      g[i] += residual * value[a];
      const double ci = curvature * value[a];
      double* row = rows[i];
      if (std::isfinite(ci)) {
        // Every column: a zero feature adds ci x 0 = 0, which leaves each sum exactly as the
        // sparse update below would (a finite sum never becomes -0 by it), so the totals are
        // bit for bit those of visiting only the non-zero pairs — four times faster than that
        // on real samples (the indexed updates stalled). Only the columns from the row's own
        // block of four on: the cells left of the diagonal are never read.
        for (int j = i & ~3; j < kRowWidth; ++j) row[j] += ci * dense[j];
      } else {
        // ci x 0 would be NaN: only the non-zero pairs, so that a non-finite feature spoils
        // its own cells and not those of the features that are zero.
        for (int b = a; b < n; ++b) row[index[b]] += ci * value[b];
      }
    }
    if (with_loss) loss += -std::log(std::clamp(label ? p : 1.0 - p, 1e-12, 1.0));
    positives += label;
  }
  add_rounded(*this, g.data(), rows, loss, labels.size());
}

void LogisticSums::merge(const LogisticSums& o) {
  for (int i = 0; i < kFeatureCount; ++i) gradient[i] += o.gradient[i];
  for (int i = 0; i < kHessianCells; ++i) hessian[i] += o.hessian[i];
  samples += o.samples;
  positives += o.positives;
  log_loss += o.log_loss;
}

BlendModel newton_step(const BlendModel& current, const LogisticSums& sums, double l2) {
  arma::mat h(kFeatureCount, kFeatureCount);
  arma::vec g(kFeatureCount), w(kFeatureCount);
  int cell = 0;
  for (int i = 0; i < kFeatureCount; ++i) {
    for (int j = i; j < kFeatureCount; ++j) {
      h(i, j) = h(j, i) = fixed_to_double(sums.hessian[cell++]);
    }
    g(i) = fixed_to_double(sums.gradient[i]);
    w(i) = current.weights[i];
  }
  constexpr int kBias = static_cast<int>(Feature::bias);
  for (int i = 0; i < kFeatureCount; ++i) {  // ridge on all but the bias
    if (i == kBias) continue;
    h(i, i) += l2;
    g(i) += l2 * w(i);
  }
  h(kBias, kBias) += 1e-9;
  arma::vec step;
  if (!arma::solve(step, h, g, arma::solve_opts::likely_sympd)) step = arma::pinv(h) * g;
  BlendModel next;
  next.learned = true;
  for (int i = 0; i < kFeatureCount; ++i) next.weights[i] = w(i) - step(i);
  return next;
}

}  // namespace basketgap::engine
