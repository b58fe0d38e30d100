// Normal-approximation 95 % intervals over per-household values (docs/EVALUATE.md,
// "Uncertainty"): a mean, a paired difference (the same households judged by two systems) and
// the Welch difference of two independent groups (the lift view); and the Student t interval
// of a mean over a few values (the windows of a rolling backtest). Values are summed in the
// order given, so a fixed (household) order gives the same bytes every time.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace basketgap::engine {

// The two-sided 95 % quantile of the standard normal distribution.
inline constexpr double kZ95 = 1.959963984540054;

struct MeanVariance {
  std::int64_t n = 0;
  double mean = 0;
  double variance = std::numeric_limits<double>::quiet_NaN();  // sample variance (n - 1); NaN when n < 2
};

// Two passes in the given order (deterministic for a fixed order).
MeanVariance mean_variance(std::span<const double> values);

// An estimate with its standard error and the normal 95 % interval estimate -/+ kZ95 * se.
// se and the bounds are NaN when there are too few values (< 2 per group).
struct Difference {
  double estimate = 0;
  double standard_error = std::numeric_limits<double>::quiet_NaN();
  double ci_low = std::numeric_limits<double>::quiet_NaN();
  double ci_high = std::numeric_limits<double>::quiet_NaN();
};

// The mean of the values with se = sd / sqrt(n).
Difference mean_interval(const MeanVariance& m);

// The same with the Student t quantile of n - 1 degrees of freedom instead of kZ95: the
// interval of a mean over a few values (n = 4 windows: 3.18 se, not 1.96 se).
Difference t_interval(const MeanVariance& m);

// The same from sums alone (what a fit's fixed-point collectives give): the sum of n paired
// differences and the sum of their squares; the mean gain with its t interval.
Difference t_interval_of_sums(double sum, double sum_of_squares, std::int64_t n);

// The mean of a[i] - b[i] with se = sd(a - b) / sqrt(n): a and b are the same households
// (same length, same order) judged twice, so what they share cancels out.
Difference paired_difference(std::span<const double> a, std::span<const double> b);

// a.mean - b.mean with the Welch (unpooled) standard error sqrt(va/na + vb/nb).
Difference welch_difference(const MeanVariance& a, const MeanVariance& b);

// Whether an interval for a difference excludes 0; unclear when it holds 0 or is missing.
enum class Verdict { better, worse, unclear };
Verdict verdict_of(const Difference& d);
const char* verdict_name(Verdict v);  // "better", "worse", "no clear difference"

}  // namespace basketgap::engine
