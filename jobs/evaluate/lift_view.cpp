#include "jobs/evaluate/lift_view.hpp"

#include "jobs/cluster/comm.hpp"

namespace basketgap::evaluate {

LiftResult measure_lift(const std::string& coupons_path, const Inputs& in, const engine::BacktestSplit& split,
                        std::int32_t as_of, std::int32_t window, const Comm& comm) {
  const LiftLists lists = load_lift_lists(coupons_path, in.households.id, in.products.id, in.share.mine);
  const std::vector<LiftRecord> records = comm.gatherv_to_root<LiftRecord>(lift_records(lists, split.truth));
  LiftResult lift;
  if (!comm.is_root()) return lift;
  lift = summarise_lift(records);
  lift.first_day = as_of + 1;
  lift.last_day = as_of + window;
  return lift;
}

}  // namespace basketgap::evaluate
