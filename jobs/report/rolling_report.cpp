#include "jobs/report/rolling_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdint>

#include "engine/student_t.hpp"
#include "jobs/report/headline.hpp"
#include "jobs/report/html_parts.hpp"
#include "jobs/report/output.hpp"

namespace basketgap::evaluate {
namespace {

constexpr std::size_t kNdcg = 3;  // index of NDCG in kRollingMetrics

// The four list metrics are "@K"; hits per household are not.
std::string metric_label(std::size_t m, int k) {
  return m < 4 ? fmt::format("{}@{}", kRollingLabels[m], k) : std::string(kRollingLabels[m]);
}

// The t quantile the intervals use, described once for the reader.
std::string method_text(const Rolling& r) {
  const auto df = static_cast<std::int64_t>(r.windows.size()) - 1;
  return fmt::format(
      "95% t-interval over the {} window values: mean -/+ {:.3f} sd/sqrt({}) ({} degree{} of freedom)",
      r.windows.size(), engine::student_t95(df), r.windows.size(), df, df == 1 ? "" : "s");
}

std::string days_of(const Rolling& r) {
  std::string out;
  for (const RollingWindow& w : r.windows) out += (out.empty() ? "" : ", ") + std::to_string(w.as_of);
  return out;
}

// The comparison the headline names: the baseline of the highest mean NDCG (the first on a tie).
const RollingComparison* strongest(const Rolling& r) {
  const RollingComparison* best = nullptr;
  double best_ndcg = -1;
  for (std::size_t s = 1; s < r.systems.size(); ++s)
    if (r.means[s][kNdcg].estimate > best_ndcg) {
      best = &r.versus[s - 1];
      best_ndcg = r.means[s][kNdcg].estimate;
    }
  return best;
}

const char* verdict_text(const engine::Difference& d) { return engine::verdict_name(engine::verdict_of(d)); }

// "over 4 windows, the basketgap engine: NDCG@12 0.221 (95% CI 0.210–0.232), +0.015 over
// personal top frequency (95% CI +0.010 to +0.020), ahead in 4 of 4 windows": against the
// baseline of the highest mean NDCG, with the t interval over the windows.
std::string rolling_headline(const Result& result) {
  const Rolling& r = result.rolling;
  const engine::Difference& ndcg = r.means.front()[kNdcg];
  std::string out = fmt::format("over {} windows, {}: NDCG@{} {:.3f} (95% CI {})", r.windows.size(),
                                subject(r.systems.front()), result.k, ndcg.estimate, interval_text(ndcg, 3));
  if (const RollingComparison* c = strongest(r))
    out += fmt::format(", {}, ahead in {} of {} windows",
                       difference_phrase(c->metrics[kNdcg].difference, c->baseline), c->metrics[kNdcg].wins,
                       c->metrics[kNdcg].windows);
  return out;
}

}  // namespace

namespace {
// The fit chooses the engine's model in each window: when they differ, the mean mixes them and
// the reader is told which ("" when every window had the same).
std::string models_by_window(const Rolling& r) {
  bool differ = false;
  for (const RollingWindow& w : r.windows)
    differ = differ || w.engine_model != r.windows.front().engine_model;
  if (!differ) return "";
  std::string out = "the engine's model differs between windows:";
  for (const RollingWindow& w : r.windows)
    out += fmt::format("{} as of {}: {}", &w == &r.windows.front() ? "" : ";", w.as_of,
                       w.engine_model.empty() ? std::string("(not recorded)") : w.engine_model);
  return out;
}
}  // namespace

std::string rolling_text(const Result& result) {
  const Rolling& r = result.rolling;
  std::string out =
      fmt::format("\nRolling backtest over {} windows (as of days {}; {} days each, K = {})\n{}\n",
                  r.windows.size(), days_of(r), result.window, result.k, rolling_headline(result));
  out += "each window: the mean over its evaluated households; mean: over the windows, " + method_text(r) +
         "; the tables above are the last window's\n";
  if (const std::string models = models_by_window(r); !models.empty()) out += models + "\n";
  for (std::size_t m = 0; m < kRollingMetrics.size(); ++m) {
    out += fmt::format("\n{:<16} {:>10}", metric_label(m, result.k), "households");
    for (const auto& name : r.systems) out += fmt::format(" {:>24}", name);
    out += "\n";
    for (const RollingWindow& w : r.windows) {
      out += fmt::format("{:<16} {:>10}", fmt::format("as of {}", w.as_of), grouped(w.evaluated));
      for (const auto& v : w.systems) out += fmt::format(" {:>24.4f}", v[m]);
      out += "\n";
    }
    out += fmt::format("{:<16} {:>10}", "mean", "");
    for (const auto& means : r.means) out += fmt::format(" {:>24.4f}", means[m].estimate);
    out += fmt::format("\n{:<16} {:>10}", "95% CI", "");
    for (const auto& means : r.means) out += fmt::format(" {:>24}", interval_text(means[m], 4));
    out += "\n";
  }
  if (r.versus.empty()) return out;
  out += fmt::format("\n{} - baseline, paired over the windows\n{:<24} {:<16} {:>9} {:>22} {:>6}  {}\n",
                     r.systems.front(), "baseline", "metric", "mean", "95% CI", "wins", "verdict");
  for (const RollingComparison& c : r.versus)
    for (std::size_t m = 0; m < kRollingMetrics.size(); ++m) {
      const engine::WindowComparison& w = c.metrics[m];
      out += fmt::format("{:<24} {:<16} {:>+9.4f} {:>22} {:>6}  {}\n", c.baseline, metric_label(m, result.k),
                         w.difference.estimate, difference_interval_text(w.difference, 4),
                         fmt::format("{}/{}", w.wins, w.windows), verdict_text(w.difference));
    }
  return out;
}

nlohmann::ordered_json rolling_json(const Result& result) {
  const Rolling& r = result.rolling;
  nlohmann::ordered_json j;
  j["count"] = r.windows.size();
  j["window"] = result.window;
  j["headline"] = rolling_headline(result);
  nlohmann::ordered_json windows = nlohmann::ordered_json::array();
  for (const RollingWindow& w : r.windows) {
    nlohmann::ordered_json e;
    e["as_of"] = w.as_of;
    e["first_day"] = w.as_of + 1;
    // The days judged: a window past the store's last day holds only the days the store has.
    e["last_day"] = std::min<std::int64_t>(w.as_of + result.window, result.store_max_day);
    e["evaluated_households"] = w.evaluated;
    if (!w.engine_config.empty()) e["engine_config"] = w.engine_config;
    if (!w.engine_model.empty()) e["engine_model"] = w.engine_model;
    nlohmann::ordered_json systems = nlohmann::ordered_json::object();
    for (std::size_t s = 0; s < r.systems.size(); ++s) {
      nlohmann::ordered_json values;
      for (std::size_t m = 0; m < kRollingMetrics.size(); ++m) values[kRollingMetrics[m]] = w.systems[s][m];
      systems[r.systems[s]] = values;
    }
    e["systems"] = systems;
    windows.push_back(e);
  }
  j["windows"] = windows;
  nlohmann::ordered_json systems = nlohmann::ordered_json::object();
  for (std::size_t s = 0; s < r.systems.size(); ++s) {
    nlohmann::ordered_json per;
    for (std::size_t m = 0; m < kRollingMetrics.size(); ++m)
      per[kRollingMetrics[m]] = interval_json(r.means[s][m], kWindowIntervalKeys);
    systems[r.systems[s]] = per;
  }
  j["systems"] = systems;
  nlohmann::ordered_json versus = nlohmann::ordered_json::object();
  for (const RollingComparison& c : r.versus) {
    nlohmann::ordered_json per;
    for (std::size_t m = 0; m < kRollingMetrics.size(); ++m) {
      nlohmann::ordered_json e = interval_json(c.metrics[m].difference, kWindowIntervalKeys);
      e["wins"] = c.metrics[m].wins;
      e["windows"] = c.metrics[m].windows;
      e["verdict"] = verdict_text(c.metrics[m].difference);
      per[kRollingMetrics[m]] = e;
    }
    versus[c.baseline] = per;
  }
  j["differences"] = {{"system", r.systems.front()}, {"versus", versus}};
  j["method"] =
      "each window: the metric's mean over its evaluated households; mean, ci_low, ci_high: over the "
      "windows, mean -/+ t(0.975, N-1) sd/sqrt(N); differences: system - baseline per window (paired), "
      "the same interval; wins: windows where the difference is > 0; better/worse only when the "
      "interval excludes 0";
  return j;
}

std::string rolling_html(const Result& result) {
  const Rolling& r = result.rolling;
  std::string h = "<p class=\"headline\">" + esc(rolling_headline(result)) + "</p>";
  // Many windows make a wide table: it scrolls instead of stretching the page.
  h += "<div style=\"overflow-x:auto\"><table><tr><th>metric</th><th>system</th>";
  for (const RollingWindow& w : r.windows)
    h += fmt::format("<th>as of {}<br><small>{} hh</small></th>", w.as_of, grouped(w.evaluated));
  h += "<th>mean</th><th>95% CI</th></tr>";
  for (std::size_t m = 0; m < kRollingMetrics.size(); ++m)
    for (std::size_t s = 0; s < r.systems.size(); ++s) {
      h += fmt::format("<tr><td>{}</td><td>{}</td>", s == 0 ? esc(metric_label(m, result.k)) : "",
                       esc(r.systems[s]));
      for (const RollingWindow& w : r.windows) h += fmt::format("<td>{:.4f}</td>", w.systems[s][m]);
      h += fmt::format("<td>{:.4f}</td><td>{}</td></tr>", r.means[s][m].estimate,
                       interval_text(r.means[s][m], 4));
    }
  h += "</table></div>";
  if (!r.versus.empty()) {
    h += fmt::format(
        "<table><tr><th>{} &minus; baseline</th><th>metric</th><th>mean difference</th><th>95% CI</th>"
        "<th>windows won</th><th>verdict</th></tr>",
        esc(r.systems.front()));
    for (const RollingComparison& c : r.versus)
      for (std::size_t m = 0; m < kRollingMetrics.size(); ++m) {
        const engine::WindowComparison& w = c.metrics[m];
        const engine::Verdict verdict = engine::verdict_of(w.difference);
        const char* mark = verdict_class(verdict);
        h += fmt::format(
            "<tr><td>{}</td><td>{}</td><td{}>{:+.4f}</td><td>{}</td><td>{} of {}</td><td{}>{}</td></tr>",
            esc(c.baseline), esc(metric_label(m, result.k)), mark, w.difference.estimate,
            difference_interval_text(w.difference, 4), w.wins, w.windows, mark,
            engine::verdict_name(verdict));
      }
    h += "</table>";
  }
  if (const std::string models = models_by_window(r); !models.empty())
    h += "<p class=\"sub\">" + esc(models) + "</p>";
  return h + "<p class=\"sub\">Each window: the metric's mean over its evaluated households (hh); " +
         esc(method_text(r)) +
         ". Differences are paired per window. The other sections are the last window's (as of day " +
         std::to_string(result.as_of) + ").</p>";
}

}  // namespace basketgap::evaluate
