#include "jobs/evaluate/lift_view.hpp"

#include "jobs/cluster/comm.hpp"

namespace basketgap::evaluate {

LiftResult measure_lift(const std::string& coupons_path, const Inputs& in, const engine::BacktestSplit& split,
                        std::int32_t as_of, std::int32_t window, const Comm& comm) {
  const LiftLists lists = load_lift_lists(coupons_path, in.households.id, in.products.id, in.share.mine);
  const std::vector<engine::LiftRecord> records =
      comm.gatherv_to_root<engine::LiftRecord>(lift_records(lists, split.truth));
  if (!comm.is_root()) return {};
  return LiftResult{engine::summarise_lift(records), true, as_of + 1, as_of + window, lists.rows};
}

}  // namespace basketgap::evaluate
