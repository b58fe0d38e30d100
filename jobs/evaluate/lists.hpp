// Counts over one system's recommended lists (all of this rank's households, summed over the
// ranks): coupons by reason, by department, and a score histogram. Collective.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/history.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::evaluate {

inline constexpr int kScoreBins = 40;

// `department` holds each product's department code (-1 unknown); `department_names` is empty
// when the store has no product hierarchy. Every rank gets the same summary.
ListSummary summarise_lists(const std::string& system, const engine::CouponTable& table,
                            const std::vector<std::int32_t>& department,
                            const std::vector<std::string>& department_names, const Comm& comm);

}  // namespace basketgap::evaluate
