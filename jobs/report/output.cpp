#include "jobs/report/output.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>

#include "engine/history.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/day_span.hpp"
#include "jobs/report/headline.hpp"
#include "jobs/report/rolling_report.hpp"

namespace basketgap::evaluate {

namespace {
nlohmann::ordered_json metrics_json(const engine::SystemMetrics& m) {
  nlohmann::ordered_json j;
  j["households"] = m.households;
  j["recall"] = m.recall;
  j["precision"] = m.precision;
  j["hit_rate"] = m.hit_rate;
  j["ndcg"] = m.ndcg;
  j["hits"] = m.hits;
  j["repeat_hits"] = m.repeat_hits;
  j["explore_hits"] = m.explore_hits;
  j["full_list_share"] = m.full_share;
  return j;
}

nlohmann::ordered_json bound(double v) {
  return std::isfinite(v) ? nlohmann::ordered_json(v) : nlohmann::ordered_json(nullptr);
}

std::string segment_label(const Segment& s) { return s.dimension + "/" + s.name; }

std::string number_or_na(double v) {
  return std::isfinite(v) ? fmt::format("{:+.4f}", v) : std::string("n/a");
}

std::string lift_table(const LiftResult& l) {
  std::string out = fmt::format("\nlift (days {})\n  treated = {}\n  control = {}\n",
                                day_span(l.first_day, l.last_day), kTreatedDefinition, kControlDefinition);
  out += fmt::format(
      "  of {} households in the coupons file, left out: {} without consent, {} without a coupon, {} control "
      "without a would-be list, {} not in the store\n",
      l.rows.file_households, l.rows.no_consent, l.rows.no_coupon, l.rows.control_without_list,
      l.rows.not_in_store);
  out += fmt::format("{:<30} {:>10} {:>9} {:>9} {:>11} {:>11}\n", "group", "households", "coupons", "bought",
                     "mean share", "buyer rate");
  for (const auto& [name, g] :
       {std::pair<const char*, const engine::LiftGroup*>{"treated", &l.treated}, {"control", &l.control}})
    out += fmt::format("{:<30} {:>10} {:>9} {:>9} {:>11.4f} {:>11.4f}\n", name, g->households, g->coupons,
                       g->bought, g->share.mean, g->buyer.mean);
  for (const auto& [name, d] :
       {std::pair<const char*, const engine::Difference*>{"share", &l.share}, {"buyer rate", &l.buyer_rate}})
    out +=
        fmt::format("{:<30} {:>+10.4f}  95% CI {} to {} (se {})\n", std::string("treated - control ") + name,
                    d->estimate, number_or_na(d->ci_low), number_or_na(d->ci_high),
                    std::isfinite(d->standard_error) ? fmt::format("{:.4f}", d->standard_error) : "n/a");
  return out;
}

nlohmann::ordered_json group_json(const engine::LiftGroup& g) {
  nlohmann::ordered_json j;
  j["households"] = g.households;
  j["coupons"] = g.coupons;
  j["bought"] = g.bought;
  j["mean_share"] = g.share.mean;
  j["share_sd"] = std::isfinite(g.share.variance) ? nlohmann::ordered_json(std::sqrt(g.share.variance))
                                                  : nlohmann::ordered_json(nullptr);
  j["buyer_rate"] = g.buyer.mean;
  return j;
}

nlohmann::ordered_json difference_json(const engine::Difference& d) {
  return interval_json(d, kHouseholdIntervalKeys);
}
nlohmann::ordered_json intervals_json(const MetricIntervals& m, bool with_verdict) {
  nlohmann::ordered_json j;
  for (const MetricField& f : kMetricFields) {
    j[f.key] = difference_json(m.*f.member);
    if (with_verdict) j[f.key]["verdict"] = engine::verdict_name(engine::verdict_of(m.*f.member));
  }
  return j;
}

nlohmann::ordered_json differences_json(const Result& r) {
  nlohmann::ordered_json j;
  j["system"] =
      r.systems.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.systems[0].name);
  nlohmann::ordered_json versus = nlohmann::ordered_json::object();
  for (const Versus& v : r.versus) versus[v.baseline] = intervals_json(v.difference, true);
  j["versus"] = versus;
  j["method"] =
      "system - baseline per household on the same households (paired); mean d -/+ 1.95996 sd(d)/sqrt(n); "
      "better/worse only when the interval excludes 0";
  return j;
}

nlohmann::ordered_json compared_json(const Result& r) {
  nlohmann::ordered_json j;
  j["rule"] = r.compared.same_households ? "the households the coupons file gives a list"
                                         : "every evaluated household (the engine lists them all)";
  j["households"] = r.evaluated;
  j["left_out"] = {{"control", r.compared.left_out_control},
                   {"no_list_in_file", r.compared.left_out_no_list}};
  return j;
}

// The intervals of each system's metrics, and the system under test minus each baseline.
std::string intervals_table(const Result& r) {
  const std::string at = fmt::format("@{}", r.k);
  std::string out = "\n95% intervals (mean -/+ 1.96 sd/sqrt(n) over the households)\n";
  out += fmt::format("{:<24}", "system");
  for (const MetricField& f : kMetricFields) out += fmt::format(" {:>17}", f.label + at);
  out += "\n";
  for (const auto& s : r.systems) {
    out += fmt::format("{:<24}", s.name);
    for (const MetricField& f : kMetricFields)
      out += fmt::format(" {:>17}", interval_text(s.intervals.*f.member, 4));
    out += "\n";
  }
  if (r.versus.empty()) return out;
  out += fmt::format("\n{} - baseline (paired per household)\n{:<24} {:<12} {:>9} {:>22}  {}\n",
                     r.systems[0].name, "baseline", "metric", "estimate", "95% CI", "verdict");
  for (const Versus& v : r.versus)
    for (const MetricField& f : kMetricFields) {
      const engine::Difference& d = v.difference.*f.member;
      out += fmt::format("{:<24} {:<12} {:>+9.4f} {:>22}  {}\n", v.baseline, f.label + at, d.estimate,
                         difference_interval_text(d, 4), engine::verdict_name(engine::verdict_of(d)));
    }
  return out;
}
}  // namespace

nlohmann::ordered_json interval_json(const engine::Difference& d, const IntervalKeys& keys) {
  nlohmann::ordered_json j;
  j[keys.estimate] = d.estimate;
  j["standard_error"] = bound(d.standard_error);
  j[keys.low] = bound(d.ci_low);
  j[keys.high] = bound(d.ci_high);
  return j;
}

nlohmann::ordered_json lift_json(const LiftResult& l) {
  nlohmann::ordered_json j;
  j["window"] = {{"first_day", l.first_day}, {"last_day", l.last_day}};
  j["groups"] = {{"treated", kTreatedDefinition}, {"control", kControlDefinition}};
  j["file_households"] = l.rows.file_households;
  j["left_out"] = {{"no_consent", l.rows.no_consent},
                   {"no_coupon", l.rows.no_coupon},
                   {"control_without_list", l.rows.control_without_list},
                   {"not_in_store", l.rows.not_in_store}};
  j["treated"] = group_json(l.treated);
  j["control"] = group_json(l.control);
  j["share_difference"] = difference_json(l.share);
  j["buyer_rate_difference"] = difference_json(l.buyer_rate);
  j["method"] =
      "per-household values; treated - control; Welch standard error sqrt(s_t^2/n_t + s_c^2/n_c), "
      "normal 95% interval estimate -/+ 1.95996 se";
  return j;
}

std::string format_table(const Result& r) {
  std::string out = headline(r) + "\n\n";
  // A window past the store's last day is judged on the days the store holds: say which.
  const std::int64_t last = std::min<std::int64_t>(r.as_of + r.window, r.store_max_day);
  const std::string cut = last < r.as_of + r.window
                              ? fmt::format("; the store ends on day {}: the truth is cut short", last)
                              : "";
  out += fmt::format(
      "evaluate: as of day {}, window {} day(s) (days {}{}), K = {}\n"
      "{} {}; truth {:.1f} distinct products on average, {:.1f}% bought before (mean per "
      "household; {:.1f}% pooled)\n\n",
      r.as_of, r.window, day_span(r.as_of + 1, last), cut, r.k, r.evaluated, judged_households_noun(r),
      r.mean_truth, 100.0 * r.truth_bought_before, 100.0 * r.truth_bought_before_pooled);
  if (!r.engine_model.empty())
    out +=
        fmt::format("the engine ranked with {} (the fit's choice as of day {})\n\n", r.engine_model, r.as_of);
  if (r.compared.same_households) out += comparison_text(r) + "\n\n";
  const std::string at = fmt::format("@{}", r.k);
  out += fmt::format("{:<24} {:>10} {:>13} {:>7} {:>8} {:>7} {:>8} {:>9} {:>6}\n", "system", "recall" + at,
                     "precision" + at, "hit" + at, "NDCG" + at, "repeat", "explore", "coverage", "full");
  for (const auto& s : r.systems) {
    const auto& m = s.overall;
    out += fmt::format("{:<24} {:>10.4f} {:>13.4f} {:>7.4f} {:>8.4f} {:>7} {:>8} {:>9} {:>5.1f}%\n", s.name,
                       m.recall, m.precision, m.hit_rate, m.ndcg, m.repeat_hits, m.explore_hits, s.coverage,
                       100.0 * m.full_share);
  }
  out += intervals_table(r);
  out += fmt::format("\n{:<22} {:>10}", "segment (NDCG / hit)", "households");
  for (const auto& s : r.systems) out += fmt::format(" {:>24}", s.name);
  out += "\n";
  for (std::size_t g = 0; g < r.segments.size(); ++g) {
    out += fmt::format("{:<22} {:>10}", segment_label(r.segments[g]), r.segments[g].households);
    // Ties keep a tertile's households together, so a segment can be empty: n/a, not a 0 that
    // would read as a worthless system.
    for (const auto& s : r.systems)
      out += fmt::format(
          " {:>24}", r.segments[g].households == 0
                         ? std::string("n/a")
                         : fmt::format("{:.4f} / {:.4f}", s.by_segment[g].ndcg, s.by_segment[g].hit_rate));
    out += "\n";
  }
  if (r.lift.present) out += lift_table(r.lift);
  if (r.rolling.present()) out += rolling_text(r);
  for (const auto& note : r.notes) out += "note: " + note + "\n";
  return out;
}

nlohmann::ordered_json to_json(const Result& r) {
  nlohmann::ordered_json j;
  nlohmann::ordered_json config;
  config["as_of"] = r.as_of;
  config["window"] = r.window;
  config["k"] = r.k;
  config["store"] = r.store;
  config["store_fingerprint"] = r.store_fingerprint;
  config["store_version"] = r.store_version;
  config["coupons"] =
      r.coupons_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.coupons_path);
  config["coupons_run_id"] =
      r.coupons_path.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.coupons_run_id);
  config["engine_config"] =
      r.engine_config.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.engine_config);
  config["engine_model"] =
      r.engine_model.empty() ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(r.engine_model);
  j["config"] = config;
  j["headline"] = headline(r);
  j["store"] = {{"min_day", r.store_min_day},
                {"max_day", r.store_max_day},
                {"households", r.store_households},
                {"products", r.store_products}};
  j["evaluated_households"] = r.evaluated;
  j["compared"] = compared_json(r);
  j["mean_truth_size"] = r.mean_truth;
  j["truth_bought_before_share"] = r.truth_bought_before;
  j["truth_bought_before_share_pooled"] = r.truth_bought_before_pooled;
  nlohmann::ordered_json systems = nlohmann::ordered_json::object();
  for (const auto& s : r.systems) {
    nlohmann::ordered_json m = metrics_json(s.overall);
    m["coverage"] = s.coverage;
    m["ci95"] = intervals_json(s.intervals, false);
    systems[s.name] = m;
  }
  j["systems"] = systems;
  j["differences"] = differences_json(r);
  nlohmann::ordered_json segments = nlohmann::ordered_json::array();
  for (std::size_t g = 0; g < r.segments.size(); ++g) {
    const Segment& seg = r.segments[g];
    nlohmann::ordered_json e;
    e["dimension"] = seg.dimension;
    e["segment"] = seg.name;
    e["above"] = bound(seg.lower);
    e["up_to"] = bound(seg.upper);
    e["households"] = seg.households;
    nlohmann::ordered_json per = nlohmann::ordered_json::object();
    for (const auto& s : r.systems)
      per[s.name] = seg.households == 0 ? nlohmann::ordered_json(nullptr) : metrics_json(s.by_segment[g]);
    e["systems"] = per;
    segments.push_back(e);
  }
  j["segments"] = segments;
  nlohmann::ordered_json lists;
  lists["system"] = r.lists.system;
  lists["coupons"] = r.lists.coupons;
  nlohmann::ordered_json reasons = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < r.lists.by_reason.size(); ++i)
    if (r.lists.by_reason[i] > 0)
      reasons[engine::reason_name(static_cast<engine::Reason>(i))] = r.lists.by_reason[i];
  lists["by_reason"] = reasons;
  nlohmann::ordered_json departments = nlohmann::ordered_json::object();
  for (std::size_t i = 0; i < r.lists.by_department.size(); ++i) {
    const std::string name = i < r.lists.department_names.size() ? r.lists.department_names[i] : "(unknown)";
    if (r.lists.by_department[i] > 0) departments[name] = r.lists.by_department[i];
  }
  lists["by_department"] = departments;
  lists["score_min"] = r.lists.score_min;
  lists["score_max"] = r.lists.score_max;
  lists["score_histogram"] = r.lists.score_histogram;
  j["lists"] = lists;
  if (r.lift.present) j["lift"] = lift_json(r.lift);
  if (r.rolling.present()) j["rolling"] = rolling_json(r);
  j["notes"] = r.notes;
  return j;
}

}  // namespace basketgap::evaluate
