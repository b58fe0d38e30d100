// The lists `evaluate` judges: the system under test first (a coupons file, or the scoring
// engine run here, optionally tuned), then the two baselines. Each holds this rank's households.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/history.hpp"
#include "engine/score_config.hpp"
#include "jobs/evaluate/coupon_lists.hpp"
#include "jobs/evaluate/inputs.hpp"
#include "jobs/evaluate/results.hpp"

namespace basketgap {
class Comm;
struct EvaluateOptions;
}  // namespace basketgap

namespace basketgap::evaluate {

struct System {
  std::string name;
  engine::CouponTable table;     // this rank's households
  std::vector<Listing> listing;  // a coupons file's, per household of this rank; empty: all listed
};

// The coupons file of --coupons, or the engine with `config` ([score] of --config; --tune
// searches from it). Notes what it finds about the lists (other K, unknown ids, the tuning
// steps) in `result`. Collective.
System system_under_test(const EvaluateOptions& o, const engine::ScoreConfig& config, const Inputs& in,
                         const engine::HistoryBlock& up_to, const Comm& comm, Result& result);

// Global popularity and personal top frequency, from the history up to T. Collective.
std::vector<System> baselines(const engine::HistoryBlock& up_to, std::int64_t products, int k,
                              const Comm& comm);

}  // namespace basketgap::evaluate
