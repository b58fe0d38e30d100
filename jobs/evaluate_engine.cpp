#include "jobs/evaluate_engine.hpp"

#include "jobs/comm.hpp"

namespace basketgap::evaluate {

engine::CouponTable score_with_engine(const engine::HistoryBlock& history_up_to_t, int k,
                                      const Comm& comm) {
  // TODO(score): call the scoring engine here (purchase gap + similarity + blend) and return
  // its table for history_up_to_t's households. Empty = "no engine yet".
  (void)history_up_to_t;
  (void)comm;
  return engine::CouponTable(k, 0);
}

}  // namespace basketgap::evaluate
