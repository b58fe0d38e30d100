#include "engine/intervals.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <vector>

#include "engine/student_t.hpp"

namespace basketgap::engine {
namespace {

Difference interval_of(double estimate, double standard_error, double quantile) {
  Difference d;
  d.estimate = estimate;
  if (!std::isfinite(standard_error)) return d;
  d.standard_error = standard_error;
  d.ci_low = estimate - quantile * standard_error;
  d.ci_high = estimate + quantile * standard_error;
  return d;
}

Difference normal_interval(double estimate, double standard_error) {
  return interval_of(estimate, standard_error, kZ95);
}

}  // namespace

MeanVariance mean_variance(std::span<const double> values) {
  MeanVariance m;
  m.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return m;
  double sum = 0;
  for (double v : values) sum += v;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double squares = 0;
  for (double v : values) squares += (v - m.mean) * (v - m.mean);
  m.variance = squares / static_cast<double>(m.n - 1);
  return m;
}

Difference mean_interval(const MeanVariance& m) {
  if (m.n < 2) return normal_interval(m.mean, std::numeric_limits<double>::quiet_NaN());
  return normal_interval(m.mean, std::sqrt(m.variance / static_cast<double>(m.n)));
}

Difference t_interval(const MeanVariance& m) {
  if (m.n < 2) return normal_interval(m.mean, std::numeric_limits<double>::quiet_NaN());
  return interval_of(m.mean, std::sqrt(m.variance / static_cast<double>(m.n)), student_t95(m.n - 1));
}

Difference t_interval_of_sums(double sum, double sum_of_squares, std::int64_t n) {
  const auto count = static_cast<double>(n);
  MeanVariance m;
  m.n = n;
  m.mean = sum / count;
  if (n >= 2) m.variance = std::max(0.0, (sum_of_squares - count * m.mean * m.mean) / (count - 1));
  return t_interval(m);
}

Difference paired_difference(std::span<const double> a, std::span<const double> b) {
  assert(a.size() == b.size());
  std::vector<double> d(a.size());
  for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
  return mean_interval(mean_variance(d));
}

Difference welch_difference(const MeanVariance& a, const MeanVariance& b) {
  if (a.n < 2 || b.n < 2) return normal_interval(a.mean - b.mean, std::numeric_limits<double>::quiet_NaN());
  return normal_interval(a.mean - b.mean, std::sqrt(a.variance / static_cast<double>(a.n) +
                                                    b.variance / static_cast<double>(b.n)));
}

Verdict verdict_of(const Difference& d) {
  if (d.ci_low > 0) return Verdict::better;  // NaN bounds compare false: unclear
  if (d.ci_high < 0) return Verdict::worse;
  return Verdict::unclear;
}

const char* verdict_name(Verdict v) {
  switch (v) {
    case Verdict::better:
      return "better";
    case Verdict::worse:
      return "worse";
    case Verdict::unclear:
      break;
  }
  return "no clear difference";
}

}  // namespace basketgap::engine
