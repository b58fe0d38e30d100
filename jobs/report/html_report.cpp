#include "jobs/report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>

#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/report/headline.hpp"
#include "jobs/report/html_parts.hpp"
#include "jobs/report/plots.hpp"
#include "jobs/report/rolling_report.hpp"

namespace fs = std::filesystem;

namespace basketgap::evaluate {

namespace {
constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{padding:.3em .7em;border-bottom:1px solid #e5e5e5;text-align:right}
th{background:#f4f5f7}td:first-child,th:first-child{text-align:left}
td.best{font-weight:700;color:#145a32}td.worse{font-weight:700;color:#922b21}
.headline{font-size:1.15em;background:#f4f5f7;border-left:4px solid #145a32;padding:.6em .9em}
dl.config{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}
dl.config dt{color:#666}dl.config dd{margin:0;font-family:ui-monospace,monospace}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em;margin:.6em 0}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#666;font-size:.9em}
)";

// A metric with its 95 % interval below it (no "best" marks: differences have their own table).
std::string metric_cells(const SystemResult& s) {
  std::string h;
  for (const MetricField& f : kMetricFields) {
    const engine::Difference& d = s.intervals.*f.member;
    h += fmt::format("<td>{:.4f}<br><small>{}</small></td>", d.estimate, interval_text(d, 4));
  }
  const auto& m = s.overall;
  return h + fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{:.1f}%</td>", m.repeat_hits, m.explore_hits,
                         s.coverage, 100.0 * m.full_share);
}

std::string config_section(const Result& r) {
  std::string h = "<dl class=\"config\">";
  const auto row = [&](const std::string& k, const std::string& v) {
    h += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>";
  };
  row("store", r.store);
  row("store fingerprint", r.store_fingerprint);
  row("store version", std::to_string(r.store_version));
  row("store days", fmt::format("{} - {}", r.store_min_day, r.store_max_day));
  row("store households / products", fmt::format("{} / {}", r.store_households, r.store_products));
  row("as-of day T", std::to_string(r.as_of));
  const std::int64_t last = std::min<std::int64_t>(r.as_of + r.window, r.store_max_day);
  row("window", fmt::format("{} days (truth: days {} - {}{})", r.window, r.as_of + 1, last,
                            last < r.as_of + r.window ? ", where the store ends" : ""));
  row("K", std::to_string(r.k));
  row("coupons file", r.coupons_path.empty() ? "(none)" : r.coupons_path);
  if (!r.coupons_path.empty()) row("coupons run id", r.coupons_run_id.empty() ? "(none)" : r.coupons_run_id);
  if (!r.engine_config.empty()) row("engine configuration", r.engine_config);
  if (!r.engine_model.empty()) row("engine model (the fit's choice)", r.engine_model);
  return h + "</dl>";
}

std::string metrics_section(const Result& r) {
  std::string h = fmt::format(
      "<p>{} {} (at least one purchase up to day {} and one in the window{}); "
      "the truth holds {:.1f} distinct products on average, {:.1f}% of them bought before.</p>",
      r.evaluated, judged_households_noun(r), r.as_of, judged_households_clause(r), r.mean_truth,
      100.0 * r.truth_bought_before);
  h += fmt::format(
      "<table><tr><th>system</th><th>recall@{0}</th><th>precision@{0}</th><th>hit@{0}</th>"
      "<th>NDCG@{0}</th><th>repeat hits</th><th>explore hits</th><th>coverage</th><th>full lists</th></tr>",
      r.k);
  for (const auto& s : r.systems) h += "<tr><td>" + esc(s.name) + "</td>" + metric_cells(s) + "</tr>";
  h += "</table><p class=\"sub\">Below each mean: its 95% confidence interval over the households "
       "(mean &plusmn; 1.96&middot;sd/&radic;n).</p>";
  const std::string compared = comparison_text(r);
  return compared.empty() ? h : h + "<div class=\"note\">" + esc(compared) + "</div>";
}

// The system under test minus each baseline, paired per household; a verdict only when the
// interval excludes 0.
std::string differences_section(const Result& r) {
  std::string h = fmt::format(
      "<table><tr><th>{} &minus; baseline</th><th>metric</th><th>difference</th><th>95% CI</th>"
      "<th>verdict</th></tr>",
      esc(r.systems.front().name));
  for (const Versus& v : r.versus)
    for (const MetricField& f : kMetricFields) {
      const engine::Difference& d = v.difference.*f.member;
      const engine::Verdict verdict = engine::verdict_of(d);
      const char* mark = verdict_class(verdict);
      h += fmt::format("<tr><td>{}</td><td>{}@{}</td><td{}>{:+.4f}</td><td>{}</td><td{}>{}</td></tr>",
                       esc(v.baseline), f.label, r.k, mark, d.estimate, difference_interval_text(d, 4), mark,
                       engine::verdict_name(verdict));
    }
  return h +
         "</table><p class=\"sub\">Per household, the difference of the two systems' values on the same "
         "households; mean &plusmn; 1.96&middot;sd/&radic;n. Marked better or worse only when the interval "
         "excludes 0.</p>";
}

std::string segments_section(const Result& r) {
  std::string h = "<table><tr><th>segment</th><th>range</th><th>households</th>";
  for (const auto& s : r.systems) h += "<th>" + esc(s.name) + "<br>NDCG / hit</th>";
  h += "</tr>";
  for (std::size_t g = 0; g < r.segments.size(); ++g) {
    const Segment& seg = r.segments[g];
    const std::string range = seg.name == "low" ? fmt::format("&le; {:.4g}", seg.upper)
                              : seg.name == "high"
                                  ? fmt::format("&gt; {:.4g}", seg.lower)
                                  : fmt::format("&gt; {:.4g}, &le; {:.4g}", seg.lower, seg.upper);
    h += fmt::format("<tr><td>{} / {}</td><td>{}</td><td>{}</td>", esc(seg.dimension), esc(seg.name), range,
                     seg.households);
    for (const auto& s : r.systems)
      h += seg.households == 0
               ? std::string("<td>n/a</td>")
               : fmt::format("<td>{:.4f} / {:.4f}</td>", s.by_segment[g].ndcg, s.by_segment[g].hit_rate);
    h += "</tr>";
  }
  return h +
         "</table><p class=\"sub\">activity = baskets up to the as-of day; basket size = mean lines per "
         "basket; both cut at their tertiles over the judged households (the evaluated ones, less a coupons "
         "file's control group).</p>";
}

std::string lift_section(const LiftResult& l) {
  const auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:+.4f}", v) : std::string("n/a"); };
  std::string h = fmt::format(
      "<p>Purchases in days {} &ndash; {} of the (would-be) coupon products.</p><ul><li>treated = {}</li>"
      "<li>control = {}, judged on the coupons they would have received</li></ul>",
      l.first_day, l.last_day, esc(kTreatedDefinition), esc(kControlDefinition));
  h += fmt::format(
      "<p>Of {} households in the coupons file, left out: {} without consent, {} without a coupon, {} "
      "control without a would-be list, {} not in the store.</p>",
      l.rows.file_households, l.rows.no_consent, l.rows.no_coupon, l.rows.control_without_list,
      l.rows.not_in_store);
  h += "<table><tr><th>group</th><th>households</th><th>coupons</th><th>bought</th><th>mean share bought</th>"
       "<th>buyer rate</th></tr>";
  for (const auto& [name, g] :
       {std::pair<const char*, const engine::LiftGroup*>{"treated", &l.treated}, {"control", &l.control}})
    h += fmt::format("<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{:.4f}</td><td>{:.4f}</td></tr>",
                     name, g->households, g->coupons, g->bought, g->share.mean, g->buyer.mean);
  h += "</table><table><tr><th>treated &minus; control</th><th>estimate</th><th>95% CI</th><th>standard "
       "error</th></tr>";
  for (const auto& [name, d] :
       {std::pair<const char*, const engine::Difference*>{"mean share bought", &l.share},
        {"buyer rate", &l.buyer_rate}})
    h += fmt::format("<tr><td>{}</td><td>{:+.4f}</td><td>[{}, {}]</td><td>{}</td></tr>", name, d->estimate,
                     num(d->ci_low), num(d->ci_high),
                     std::isfinite(d->standard_error) ? fmt::format("{:.4f}", d->standard_error) : "n/a");
  return h +
         "</table><p class=\"sub\">Welch standard error on the per-household values, normal 95% interval. "
         "In a backtest nobody was mailed, so the lift is about 0 by construction.</p>";
}

std::string plots_section(const Result& r, const std::string& problem) {
  if (!problem.empty()) return "<div class=\"note\">" + esc(problem) + "</div>";
  std::string h;
  for (const Plot& p : plots_for(r))
    h += fmt::format("<figure><img src=\"{}\" alt=\"{}\"><figcaption>{}</figcaption></figure>", esc(p.file),
                     esc(p.title), esc(p.caption));
  if (r.lists.department_names.empty())
    h += "<p class=\"sub\">No coupons-by-department plot: the store has no product hierarchy "
         "(ingest with --products).</p>";
  return h;
}
}  // namespace

std::string report_html(const Result& r, const std::string& plot_problem) {
  std::string h =
      "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
      "<title>basketgap backtest, as of day " +
      std::to_string(r.as_of) + "</title><style>" + kStyle + "</style></head><body>\n";
  h += fmt::format("<h1>basketgap backtest</h1><p class=\"sub\">as of day {}, window {} days, K = {}</p>\n",
                   r.as_of, r.window, r.k);
  h += "<p class=\"headline\">" + esc(headline(r)) + "</p>\n";
  for (const auto& note : r.notes) h += "<div class=\"note\">" + esc(note) + "</div>\n";
  h += "<h2>Metrics against the baselines</h2>\n" + metrics_section(r) + "\n";
  if (!r.versus.empty()) h += "<h2>Differences against the baselines</h2>\n" + differences_section(r) + "\n";
  if (r.rolling.present())
    h += fmt::format("<h2>Rolling backtest over {} windows</h2>\n", r.rolling.windows.size()) +
         rolling_html(r) + "\n";
  h += "<h2>By household segment</h2>\n" + segments_section(r) + "\n";
  if (r.lift.present) h += "<h2>Lift: treated vs control</h2>\n" + lift_section(r.lift) + "\n";
  h += "<h2>Plots</h2>\n" + plots_section(r, plot_problem) + "\n";
  h += "<h2>Configuration and data</h2>\n" + config_section(r) + "\n";
  h += "<p class=\"sub\">Metric definitions: docs/EVALUATE.md. Judging a coupons file, every system is "
       "measured on the households the file gives a list.</p>\n";
  return h + "</body></html>\n";
}

void write_report(AtomicOutput& folder, const Result& r) {
  const std::string& tmp = folder.temporary();
  std::error_code ec;
  fs::create_directories(tmp, ec);
  if (ec) throw Error(exit_cant_create, tmp + ": cannot create: " + ec.message());
  const std::string problem = draw_plots(tmp, r);
  {
    std::ofstream out(tmp + "/index.html", std::ios::binary);
    out << report_html(r, problem);
    out.close();
    if (!out) throw Error(exit_io, tmp + "/index.html: cannot write: " + std::strerror(errno));
  }
}

}  // namespace basketgap::evaluate
