// Sums for bounding a blend logit: the sum of weight x feature and of their magnitudes, in
// whatever order the vector unit likes. Only for bounds — a score is always the blend's own
// sum in feature order (BlendModel::linear_logit), to the last bit.
#pragma once

#include "engine/features.hpp"

namespace basketgap::engine {

struct LogitSums {
  double sum = 0;        // within ~21 x 2^-53 x magnitude of the exact sum
  double magnitude = 0;  // sum of |weight x feature|
};

LogitSums logit_sums(const Features& weights, const Features& features);

}  // namespace basketgap::engine
