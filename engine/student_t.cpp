#include "engine/student_t.hpp"

#include <cassert>
#include <cmath>
#include <numbers>

namespace basketgap::engine {

double student_t_central(double t, std::int64_t df) {
  assert(df >= 1);
  if (t <= 0) return 0;
  const double theta = std::atan(t / std::sqrt(static_cast<double>(df)));
  const double s = std::sin(theta), c2 = std::cos(theta) * std::cos(theta);
  if (df % 2 == 0) {
    // sin(theta) * (1 + 1/2 c^2 + 1*3/(2*4) c^4 + ... + 1*3..(df-3)/(2*4..(df-2)) c^(df-2))
    double term = 1, sum = 1;
    for (std::int64_t j = 2; j <= df - 2; j += 2) {
      term *= c2 * static_cast<double>(j - 1) / static_cast<double>(j);
      sum += term;
    }
    return s * sum;
  }
  // 2/pi * (theta + sin(theta) cos(theta) (1 + 2/3 c^2 + ... + 2*4..(df-3)/(3*5..(df-2)) c^(df-3)))
  double series = 0;
  if (df > 1) {
    double term = 1;
    series = 1;
    for (std::int64_t j = 3; j <= df - 2; j += 2) {
      term *= c2 * static_cast<double>(j - 1) / static_cast<double>(j);
      series += term;
    }
  }
  return 2 / std::numbers::pi * (theta + s * std::cos(theta) * series);
}

double student_t95(std::int64_t df) {
  assert(df >= 1);
  // P(|T| <= t) grows with t; the root lies in (0, 13) for every df >= 1 (12.706 at df = 1).
  double lo = 0, hi = 13;
  while (hi - lo > 1e-13) {
    const double mid = 0.5 * (lo + hi);
    (student_t_central(mid, df) < 0.95 ? lo : hi) = mid;
  }
  return 0.5 * (lo + hi);
}

}  // namespace basketgap::engine
