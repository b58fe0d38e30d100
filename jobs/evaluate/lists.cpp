#include "jobs/evaluate/lists.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "jobs/cluster/comm.hpp"

namespace basketgap::evaluate {

ListSummary summarise_lists(const std::string& system, const engine::CouponTable& table,
                            const std::vector<std::int32_t>& department,
                            const std::vector<std::string>& department_names, const Comm& comm) {
  ListSummary s;
  s.system = system;
  s.by_reason.assign(engine::kReasonCount, 0);
  s.department_names = department_names;
  s.by_department.assign(department_names.empty() ? 0 : department_names.size() + 1, 0);
  float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
  for (std::size_t cell = 0; cell < table.product.size(); ++cell) {
    const std::int32_t p = table.product[cell];
    if (p == -1) continue;
    ++s.coupons;
    const std::uint8_t r = table.reason[cell];
    ++s.by_reason[r < engine::kReasonCount ? r : 0];
    if (!s.by_department.empty()) {
      const std::int32_t d = p >= 0 ? department[p] : -1;
      ++s.by_department[d >= 0 ? static_cast<std::size_t>(d) : department_names.size()];
    }
    lo = std::min(lo, table.score[cell]);
    hi = std::max(hi, table.score[cell]);
  }
  // Integer sums and float min/max are exact: the same on every rank count.
  s.coupons = comm.allreduce<std::int64_t>(s.coupons, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(s.by_reason, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(s.by_department, ReduceOp::sum);
  lo = comm.allreduce(lo, ReduceOp::min);
  hi = comm.allreduce(hi, ReduceOp::max);
  s.score_histogram.assign(kScoreBins, 0);
  if (s.coupons == 0) return s;
  s.score_min = lo;
  s.score_max = hi;
  const double width = (static_cast<double>(hi) - lo) / kScoreBins;
  for (std::size_t cell = 0; cell < table.product.size(); ++cell) {
    if (table.product[cell] == -1) continue;
    int bin =
        width > 0 ? static_cast<int>(std::floor((table.score[cell] - static_cast<double>(lo)) / width)) : 0;
    ++s.score_histogram[std::clamp(bin, 0, kScoreBins - 1)];
  }
  comm.allreduce_inplace<std::int64_t>(s.score_histogram, ReduceOp::sum);
  return s;
}

}  // namespace basketgap::evaluate
