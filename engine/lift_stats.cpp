#include "engine/lift_stats.hpp"

#include <vector>

namespace basketgap::engine {

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
