// What `evaluate` measured, as plain data: built on rank 0, printed as a table, written as
// JSON and rendered as the HTML report.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "engine/intervals.hpp"
#include "engine/metrics.hpp"
#include "engine/rolling_stats.hpp"
#include "jobs/evaluate/lift.hpp"

namespace basketgap::evaluate {

// One household segment: a dimension ("activity", "basket_size"), a level and its value range.
struct Segment {
  std::string dimension;
  std::string name;
  double lower = 0, upper = 0;  // the segment holds values in (lower, upper] (lower: -inf for "low")
  std::int64_t households = 0;
};

// Judging a coupons file: every system on the households the file gives a list; the
// evaluated households left out, by reason (docs/EVALUATE.md, "Same households").
struct Comparison {
  bool same_households = false;  // false: engine mode, every evaluated household has a list
  std::int64_t left_out_control = 0, left_out_no_list = 0;
};

// The four averaged metrics, each with its 95 % interval (engine/intervals.hpp).
struct MetricIntervals {
  engine::Difference recall, precision, hit_rate, ndcg;
};

// The four metrics in the order every output lists them: JSON key, label (shown "@K"), member.
struct MetricField {
  const char* key;
  const char* label;
  engine::Difference MetricIntervals::*member;
};
inline constexpr std::array<MetricField, 4> kMetricFields{
    {{"recall", "recall", &MetricIntervals::recall},
     {"precision", "precision", &MetricIntervals::precision},
     {"hit_rate", "hit", &MetricIntervals::hit_rate},
     {"ndcg", "NDCG", &MetricIntervals::ndcg}}};

// The system under test minus one baseline, paired per household.
struct Versus {
  std::string baseline;
  MetricIntervals difference;
};

struct SystemResult {
  std::string name;  // "coupons", "engine", "personal_top_frequency" ...
  engine::SystemMetrics overall;
  MetricIntervals intervals;                      // of overall's means
  std::int64_t coverage = 0;                      // distinct products listed to evaluated households
  std::vector<engine::SystemMetrics> by_segment;  // aligned with Result::segments
};

// Counts over the recommended lists of one system (the coupons file when given), for plots.
struct ListSummary {
  std::string system;
  std::vector<std::int64_t> by_reason;        // indexed by engine::Reason
  std::vector<std::string> department_names;  // empty: the store has no hierarchy
  std::vector<std::int64_t> by_department;    // aligned with department_names (+1: unknown)
  double score_min = 0, score_max = 0;
  std::vector<std::int64_t> score_histogram;  // equal-width bins over [score_min, score_max]
  std::int64_t coupons = 0;
};

// `--windows N` (docs/EVALUATE.md, "Rolling backtest"): the metrics of each of N consecutive
// windows, their mean over the windows with a Student t interval, and the system under test
// minus each baseline paired over the windows. The rest of Result is the last window's.
inline constexpr std::array<const char*, 6> kRollingMetrics{
    "recall", "precision", "hit_rate", "ndcg", "repeat_hits_per_household", "explore_hits_per_household"};
inline constexpr std::array<const char*, 6> kRollingLabels{"recall", "precision",      "hit",
                                                           "NDCG",   "repeat hits/hh", "explore hits/hh"};
using RollingValues = std::array<double, kRollingMetrics.size()>;  // one system in one window

struct RollingWindow {
  std::int32_t as_of = 0;  // truth: days as_of + 1 .. as_of + window
  std::int64_t evaluated = 0;
  std::string engine_config;           // --tune: what this window's validation chose
  std::string engine_model;            // which model ranked (Result::engine_model)
  std::vector<RollingValues> systems;  // aligned with Rolling::systems
};

struct RollingComparison {
  std::string baseline;
  std::array<engine::WindowComparison, kRollingMetrics.size()> metrics;
};

struct Rolling {
  std::vector<RollingWindow> windows;  // earliest first; empty without --windows (N = 1)
  std::vector<std::string> systems;    // the system under test first
  std::vector<std::array<engine::Difference, kRollingMetrics.size()>> means;  // per system
  std::vector<RollingComparison> versus;  // systems[0] minus each baseline
  bool present() const { return !windows.empty(); }
};

struct Result {
  // Configuration and provenance.
  std::string store, store_fingerprint, coupons_path, coupons_run_id;
  std::string engine_config;   // the engine's effective [score] config when it was run
  std::string tuned_config;    // --tune: the same with the --config file's k (what --tuned-config writes)
  bool default_blend = false;  // the engine ran with the default blend (--allow-default-blend)
  std::string engine_model;    // which model ranked, as the fit chose it (BlendModel::summary)
  std::vector<std::int32_t> tune_default_blend_days;  // --tune's validation as-of days, the same
  std::int32_t as_of = 0, window = 0, k = 0;
  std::int64_t store_version = 1;  // the store batches 1..V judged (evaluate --store-version, else the last)
  std::int64_t store_min_day = 0, store_max_day = 0, store_households = 0, store_products = 0;
  int ranks = 1;
  // The split.
  std::int64_t evaluated = 0;             // households judged (every system on the same ones)
  double mean_truth = 0;                  // distinct products per evaluated household in the window
  double truth_bought_before = 0;         // per household, the share of those bought on or before T; mean
  double truth_bought_before_pooled = 0;  // the same over all truth products pooled
  std::vector<Segment> segments;
  Comparison compared;
  std::vector<SystemResult> systems;
  std::vector<Versus> versus;  // systems[0] minus each baseline, in systems' order
  ListSummary lists;
  LiftResult lift;                 // --lift: treated vs control (present = false otherwise)
  Rolling rolling;                 // --windows N > 1
  std::vector<std::string> notes;  // e.g. "no scoring engine yet: baselines only"
};

}  // namespace basketgap::evaluate
