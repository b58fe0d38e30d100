#include "jobs/evaluate/result_header.hpp"

#include <fmt/format.h>

#include "jobs/jobs.hpp"

namespace basketgap::evaluate {

Result start_result(const EvaluateOptions& o, const io::StoreSummary& summary, int ranks) {
  Result result;
  result.store = o.store;
  result.store_fingerprint = summary.fingerprint;
  result.store_version = summary.store_version;
  result.as_of = o.as_of;
  result.window = o.window;
  result.k = o.k;
  result.store_min_day = summary.min_day;
  result.store_max_day = summary.max_day;
  result.store_households = summary.households;
  result.store_products = summary.products;
  result.ranks = ranks;
  if (static_cast<std::int64_t>(o.as_of) + o.window > summary.max_day)
    result.notes.push_back(
        fmt::format("the window ends on day {}, after the store's last day {}: "
                    "the truth is cut short",
                    o.as_of + o.window, summary.max_day));
  return result;
}

std::vector<std::string> departments_in_use(const io::ProductTable& products) {
  for (auto code : products.department.codes)
    if (code >= 0) return products.department.names;
  return {};
}

}  // namespace basketgap::evaluate
