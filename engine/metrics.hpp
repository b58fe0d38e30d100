// Backtest metrics of one ranked list against a household's next-window purchases, and their
// average over households (docs/EVALUATE.md, ../shared/docs/EVALUATION.md). Pure and
// deterministic: sums run in the order households are added, never in a thread-dependent one.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace basketgap::engine {

// What one household's list achieved. A household without a list keeps the zeros.
struct ListOutcome {
  std::int32_t hits = 0;         // distinct listed products bought in the window
  std::int32_t repeat_hits = 0;  // hits on products the household bought on or before T
  std::int32_t listed = 0;       // distinct products in the list (-1 slots and duplicates skipped)
  double ndcg = 0.0;             // binary-relevance NDCG@K
  bool full(int k) const { return listed >= k; }
};

// Scores `ranked` (K slots of dense product ids, -1 = empty, < -1 = a product unknown to the
// catalogue; a duplicate counts once, at its first position). `truth` and `before` are sorted and distinct:
// the products bought in (T, T+W] and on or before T. `truth` must not be empty (the household is not
// evaluated).
ListOutcome score_list(std::span<const std::int32_t> ranked, std::span<const std::int32_t> truth,
                       std::span<const std::int32_t> before);

// 1 / log2(i + 1) summed over positions 1..n: the DCG of n hits at the top.
double ideal_dcg(int n);

// One household's values of the four averaged metrics (recall, precision and hit rate @K, NDCG):
// the per-household values behind the averages and their intervals.
struct HouseholdMetrics {
  double recall = 0, precision = 0, hit_rate = 0, ndcg = 0;
};
HouseholdMetrics household_metrics(const ListOutcome& outcome, std::int32_t truth_size, int k);

// Averages over evaluated households; add() in a fixed (household) order for identical bytes.
struct SystemMetrics {
  std::int64_t households = 0;
  double recall = 0, precision = 0, hit_rate = 0, ndcg = 0;
  std::int64_t hits = 0, repeat_hits = 0, explore_hits = 0;
  double full_share = 0;  // share of households with K distinct products listed
};

class MetricsSum {
 public:
  explicit MetricsSum(int k) : k_(k) {}
  void add(const ListOutcome& outcome, std::int32_t truth_size);
  SystemMetrics result() const;

 private:
  int k_;
  std::int64_t households_ = 0, hits_ = 0, repeat_ = 0, full_ = 0, any_hit_ = 0;
  double recall_ = 0, ndcg_ = 0;
};

// Marks the products of `ranked` in `seen` (size = catalogue); catalogue coverage is the
// number of marked products.
void mark_listed(std::span<const std::int32_t> ranked, std::vector<std::uint8_t>& seen);
std::int64_t count_marked(std::span<const std::uint8_t> seen);

}  // namespace basketgap::engine
