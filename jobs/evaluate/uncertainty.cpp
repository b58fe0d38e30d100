#include "jobs/evaluate/uncertainty.hpp"

#include <array>

#include "engine/intervals.hpp"
#include "engine/metrics.hpp"

namespace basketgap::evaluate {
namespace {

// One system's per-household values: recall, precision, hit rate, NDCG, in household order.
using Values = std::array<std::vector<double>, 4>;

Values values_of(const std::vector<HouseholdFact>& facts, const std::vector<OutcomeRecord>& outcomes, int k) {
  Values v;
  for (auto& column : v) column.reserve(facts.size());
  for (std::size_t h = 0; h < facts.size(); ++h) {
    const engine::HouseholdMetrics m = engine::household_metrics(outcomes[h].outcome(), facts[h].truth, k);
    v[0].push_back(m.recall);
    v[1].push_back(m.precision);
    v[2].push_back(m.hit_rate);
    v[3].push_back(m.ndcg);
  }
  return v;
}

template <typename F>
MetricIntervals per_metric(F&& interval) {
  return {interval(0), interval(1), interval(2), interval(3)};
}

}  // namespace

void add_intervals(const std::vector<HouseholdFact>& facts,
                   const std::vector<std::vector<OutcomeRecord>>& outcomes, int k, Result& result) {
  std::vector<Values> values;
  for (const auto& system : outcomes) values.push_back(values_of(facts, system, k));
  for (std::size_t s = 0; s < values.size(); ++s)
    result.systems[s].intervals =
        per_metric([&](int m) { return engine::mean_interval(engine::mean_variance(values[s][m])); });
  result.versus.clear();
  for (std::size_t s = 1; s < values.size(); ++s)
    result.versus.push_back({result.systems[s].name, per_metric([&](int m) {
                               return engine::paired_difference(values[0][m], values[s][m]);
                             })});
}

}  // namespace basketgap::evaluate
