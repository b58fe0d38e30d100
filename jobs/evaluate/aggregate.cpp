#include "jobs/evaluate/aggregate.hpp"

#include <limits>

#include "engine/segments.hpp"
#include "jobs/evaluate/uncertainty.hpp"

namespace basketgap::evaluate {

namespace {
double mean_basket_size(const HouseholdFact& f) {
  return f.baskets > 0 ? static_cast<double>(f.lines) / f.baskets : 0.0;
}

// Adds the three tertile segments of one dimension; returns each household's segment index.
std::vector<int> add_dimension(const std::string& dimension, const std::vector<double>& values,
                               std::vector<Segment>& segments) {
  const engine::Tertiles t = engine::tertiles(values);
  const std::size_t first = segments.size();
  const double bounds[4] = {-std::numeric_limits<double>::infinity(), t.low_max, t.mid_max,
                            std::numeric_limits<double>::infinity()};
  for (int s = 0; s < 3; ++s)
    segments.push_back({dimension, engine::kTertileNames[s], bounds[s], bounds[s + 1], 0});
  std::vector<int> of(values.size());
  for (std::size_t h = 0; h < values.size(); ++h) {
    of[h] = static_cast<int>(first) + engine::tertile_of(values[h], t);
    ++segments[of[h]].households;
  }
  return of;
}
}  // namespace

void aggregate(const std::vector<HouseholdFact>& facts,
               const std::vector<std::vector<OutcomeRecord>>& outcomes,
               const std::vector<std::string>& systems, const std::vector<std::int64_t>& coverage, int k,
               Result& result) {
  const std::size_t n = facts.size();
  result.evaluated = static_cast<std::int64_t>(n);
  std::int64_t truth = 0, before = 0;
  double before_share = 0;  // summed in household order: the same bytes for any rank count
  std::vector<double> activity(n), basket_size(n);
  for (std::size_t h = 0; h < n; ++h) {
    truth += facts[h].truth;
    before += facts[h].truth_before;
    before_share += static_cast<double>(facts[h].truth_before) / facts[h].truth;
    activity[h] = facts[h].baskets;
    basket_size[h] = mean_basket_size(facts[h]);
  }
  result.mean_truth = n ? static_cast<double>(truth) / static_cast<double>(n) : 0.0;
  result.truth_bought_before = n ? before_share / static_cast<double>(n) : 0.0;
  result.truth_bought_before_pooled = truth ? static_cast<double>(before) / static_cast<double>(truth) : 0.0;

  result.segments.clear();
  const std::vector<int> by_activity = add_dimension("activity", activity, result.segments);
  const std::vector<int> by_size = add_dimension("basket_size", basket_size, result.segments);

  result.systems.clear();
  for (std::size_t s = 0; s < systems.size(); ++s) {
    engine::MetricsSum overall(k);
    std::vector<engine::MetricsSum> segment(result.segments.size(), engine::MetricsSum(k));
    for (std::size_t h = 0; h < n; ++h) {  // household order: the same sums for any rank count
      const engine::ListOutcome o = outcomes[s][h].outcome();
      overall.add(o, facts[h].truth);
      segment[by_activity[h]].add(o, facts[h].truth);
      segment[by_size[h]].add(o, facts[h].truth);
    }
    SystemResult r;
    r.name = systems[s];
    r.overall = overall.result();
    r.coverage = coverage[s];
    for (const auto& m : segment) r.by_segment.push_back(m.result());
    result.systems.push_back(std::move(r));
  }
  add_intervals(facts, outcomes, k, result);
}

}  // namespace basketgap::evaluate
