#include "jobs/evaluate/rolling.hpp"

namespace basketgap::evaluate {
namespace {

// One metric of one system over the windows, in window order.
std::vector<double> over_windows(const std::vector<RollingWindow>& windows, std::size_t system,
                                 std::size_t metric) {
  std::vector<double> v;
  for (const RollingWindow& w : windows) v.push_back(w.systems[system][metric]);
  return v;
}

}  // namespace

RollingValues rolling_values(const engine::SystemMetrics& m) {
  const double n = m.households > 0 ? static_cast<double>(m.households) : 1.0;  // 0 hits / 0 households = 0
  return {m.recall,
          m.precision,
          m.hit_rate,
          m.ndcg,
          static_cast<double>(m.repeat_hits) / n,
          static_cast<double>(m.explore_hits) / n};
}

RollingWindow window_figures(const Result& r) {
  RollingWindow w;
  w.as_of = r.as_of;
  w.evaluated = r.evaluated;
  w.engine_config = r.engine_config;
  w.engine_model = r.engine_model;
  for (const SystemResult& s : r.systems) w.systems.push_back(rolling_values(s.overall));
  return w;
}

Rolling summarise_windows(std::vector<RollingWindow> windows, std::vector<std::string> systems) {
  Rolling r;
  r.windows = std::move(windows);
  r.systems = std::move(systems);
  for (std::size_t s = 0; s < r.systems.size(); ++s) {
    auto& means = r.means.emplace_back();
    for (std::size_t m = 0; m < kRollingMetrics.size(); ++m)
      means[m] = engine::mean_over_windows(over_windows(r.windows, s, m));
  }
  for (std::size_t s = 1; s < r.systems.size(); ++s) {
    RollingComparison& c = r.versus.emplace_back();
    c.baseline = r.systems[s];
    for (std::size_t m = 0; m < kRollingMetrics.size(); ++m)
      c.metrics[m] =
          engine::paired_over_windows(over_windows(r.windows, 0, m), over_windows(r.windows, s, m));
  }
  return r;
}

}  // namespace basketgap::evaluate
