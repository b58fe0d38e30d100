// The part of evaluate's Result that describes the run itself: store, days, K, ranks, and a
// note when the window runs past the store's last day.
#pragma once

#include <string>
#include <vector>

#include "io/store/reader.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap {
struct EvaluateOptions;
}

namespace basketgap::evaluate {

Result start_result(const EvaluateOptions& o, const io::StoreSummary& summary, int ranks);

// The department dictionary, or nothing when no product carries a department.
std::vector<std::string> departments_in_use(const io::ProductTable& products);

}  // namespace basketgap::evaluate
