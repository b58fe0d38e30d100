#include "engine/lift_stats.hpp"

#include <cmath>
#include <vector>

namespace basketgap::engine {

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

Difference welch_difference(const MeanVariance& a, const MeanVariance& b) {
  Difference d;
  d.estimate = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return d;
  d.standard_error = std::sqrt(a.variance / static_cast<double>(a.n) + b.variance / static_cast<double>(b.n));
  d.ci_low = d.estimate - kZ95 * d.standard_error;
  d.ci_high = d.estimate + kZ95 * d.standard_error;
  return d;
}

LiftSummary summarise_lift(std::span<const LiftRecord> records) {
  LiftSummary out;
  std::vector<double> share[2], buyer[2];
  LiftGroup* groups[2] = {&out.treated, &out.control};
  for (const LiftRecord& r : records) {
    const int g = r.group == 1 ? 1 : 0;
    share[g].push_back(static_cast<double>(r.bought) / r.coupons);
    buyer[g].push_back(r.bought > 0 ? 1.0 : 0.0);
    groups[g]->households += 1;
    groups[g]->coupons += r.coupons;
    groups[g]->bought += r.bought;
  }
  for (int g = 0; g < 2; ++g) {
    groups[g]->share = mean_variance(share[g]);
    groups[g]->buyer = mean_variance(buyer[g]);
  }
  out.share = welch_difference(out.treated.share, out.control.share);
  out.buyer_rate = welch_difference(out.treated.buyer, out.control.buyer);
  return out;
}

}  // namespace basketgap::engine
