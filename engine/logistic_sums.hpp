// The blend's fit: the gradient and Hessian of the log-loss summed over the training samples,
// household by household, in fixed point, so that the sums — and the fitted weights — are the
// same bits whatever the rank or thread count; and the Newton step that solves them.
#pragma once

#include <array>
#include <bit>
#include <cstdint>
#include <span>
#include <vector>

#include "engine/blend_model.hpp"

namespace basketgap::engine {

// Bit i is set when feature i of the sample (kFeatureCount floats) is not zero.
std::uint32_t nonzero_features(const float* sample);

// Appends the sample's non-zero features to `values` in feature order and returns their mask
// (nonzero_features): a training sample kept packed takes 12 of 21 floats on average.
std::uint32_t pack_features(const float* sample, std::vector<float>& values);

// The sample packed at `values` with mask `nonzero`, as dense features; `values` is advanced past it.
inline Features unpack_features(std::uint32_t nonzero, const float*& values) {
  Features f{};
  for (std::uint32_t m = nonzero; m != 0; m &= m - 1) f[std::countr_zero(m)] = *values++;
  return f;
}

inline constexpr int kHessianCells = kFeatureCount * (kFeatureCount + 1) / 2;

// Sums of one Newton step over samples: gradient and Hessian of the log-loss at the current
// weights, in fixed point (2^-20 units) so that addition is associative.
struct LogisticSums {
  std::array<std::int64_t, kFeatureCount> gradient{};
  std::array<std::int64_t, kHessianCells> hessian{};
  std::int64_t samples = 0;
  std::int64_t positives = 0;
  std::int64_t log_loss = 0;  // fixed point, for progress logs

  void add(const Features& f, bool label, double probability);
  // Adds one household's samples (row-major features): summed in double in sample order, then
  // rounded to fixed point once, so totals do not depend on how households are spread over
  // ranks and threads — and rounding happens once per household, not per sample.
  void add_group(std::span<const float> features, std::span<const std::uint8_t> labels,
                 const BlendModel& model);
  // The same sums, faster, from packed samples: `packed` holds each sample's non-zero features
  // in order, `nonzero` their masks (pack_features), and the log-loss is summed only when
  // `with_loss` (it is for logs).
  void add_group(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                 std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  // add_group's two ways, the same bits where both apply. Tiled: the household's samples
  // unpacked into dense rows, each Hessian cell summed over the samples in registers, a tile of
  // cells at a time — for a linear blend and finite features. Sparse: sample by sample, each
  // non-zero feature's row of the Hessian updated in memory — any blend, any feature.
  void add_group_tiled(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                       std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  void add_group_sparse(std::span<const float> packed, std::span<const std::uint32_t> nonzero,
                        std::span<const std::uint8_t> labels, const BlendModel& model, bool with_loss);
  void merge(const LogisticSums& other);
};

// One Newton step of the ridge-penalised fit (bias not penalised), solved with Armadillo.
BlendModel newton_step(const BlendModel& current, const LogisticSums& sums, double l2);

// A value in units of 2^-20, and back: sums of such integers are exact, the same for any order.
std::int64_t to_fixed(double v);
double fixed_to_double(std::int64_t v);

}  // namespace basketgap::engine
