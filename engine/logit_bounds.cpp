// Compiled with reassociation allowed (engine/CMakeLists.txt): the two reductions vectorise.
#include "engine/logit_bounds.hpp"

#include <cmath>

namespace basketgap::engine {

LogitSums logit_sums(const Features& weights, const Features& features) {
  double sum = 0, magnitude = 0;
  for (int i = 0; i < kFeatureCount; ++i) {
    const double term = weights[i] * features[i];
    sum += term;
    magnitude += std::abs(term);
  }
  return {sum, magnitude};
}

}  // namespace basketgap::engine
