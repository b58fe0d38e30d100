#include "jobs/report/html_report.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>

#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/report/plots.hpp"

namespace fs = std::filesystem;

namespace basketgap::evaluate {

namespace {
std::string esc(const std::string& s) {
  std::string out;
  for (char c : s) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

constexpr const char* kStyle = R"(
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;margin:2em auto;max-width:1100px;color:#222;padding:0 1em}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ddd;padding-bottom:.2em}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:.6em 0;font-size:.92em}
th,td{padding:.3em .7em;border-bottom:1px solid #e5e5e5;text-align:right}
th{background:#f4f5f7}td:first-child,th:first-child{text-align:left}
td.best{font-weight:700;color:#145a32}
dl.config{display:grid;grid-template-columns:max-content auto;gap:.2em 1.2em}
dl.config dt{color:#666}dl.config dd{margin:0;font-family:ui-monospace,monospace}
.note{background:#fff8e1;border-left:4px solid #f0b400;padding:.5em .8em;margin:.6em 0}
figure{margin:1em 0}figure img{max-width:100%;border:1px solid #eee}figcaption{color:#666;font-size:.9em}
)";

std::string metric_cells(const engine::SystemMetrics& m, std::int64_t coverage,
                         const engine::SystemMetrics& best) {
  const auto cell = [](double v, double b) {
    return fmt::format("<td{}>{:.4f}</td>", v >= b && v > 0 ? " class=\"best\"" : "", v);
  };
  return cell(m.recall, best.recall) + cell(m.precision, best.precision) + cell(m.hit_rate, best.hit_rate) +
         cell(m.ndcg, best.ndcg) +
         fmt::format("<td>{}</td><td>{}</td><td>{}</td><td>{:.1f}%</td>", m.repeat_hits, m.explore_hits,
                     coverage, 100.0 * m.full_share);
}

// The best value of each metric over the systems (for bold cells).
engine::SystemMetrics best_of(const Result& r, int segment) {
  engine::SystemMetrics b;
  for (const auto& s : r.systems) {
    const auto& m = segment < 0 ? s.overall : s.by_segment[segment];
    b.recall = std::max(b.recall, m.recall);
    b.precision = std::max(b.precision, m.precision);
    b.hit_rate = std::max(b.hit_rate, m.hit_rate);
    b.ndcg = std::max(b.ndcg, m.ndcg);
  }
  return b;
}

std::string config_section(const Result& r) {
  std::string h = "<dl class=\"config\">";
  const auto row = [&](const std::string& k, const std::string& v) {
    h += "<dt>" + esc(k) + "</dt><dd>" + esc(v) + "</dd>";
  };
  row("store", r.store);
  row("store fingerprint", r.store_fingerprint);
  row("store days", fmt::format("{} - {}", r.store_min_day, r.store_max_day));
  row("store households / products", fmt::format("{} / {}", r.store_households, r.store_products));
  row("as-of day T", std::to_string(r.as_of));
  row("window", fmt::format("{} days (truth: days {} - {})", r.window, r.as_of + 1, r.as_of + r.window));
  row("K", std::to_string(r.k));
  row("coupons file", r.coupons_path.empty() ? "(none)" : r.coupons_path);
  if (!r.coupons_path.empty()) row("coupons run id", r.coupons_run_id.empty() ? "(none)" : r.coupons_run_id);
  if (!r.engine_config.empty()) row("engine configuration", r.engine_config);
  return h + "</dl>";
}

std::string metrics_section(const Result& r) {
  std::string h = fmt::format(
      "<p>{} evaluated households (at least one purchase up to day {} and one in the window); "
      "the truth holds {:.1f} distinct products on average, {:.1f}% of them bought before.</p>",
      r.evaluated, r.as_of, r.mean_truth, 100.0 * r.truth_bought_before);
  h += fmt::format(
      "<table><tr><th>system</th><th>recall@{0}</th><th>precision@{0}</th><th>hit@{0}</th>"
      "<th>NDCG@{0}</th><th>repeat hits</th><th>explore hits</th><th>coverage</th><th>full lists</th></tr>",
      r.k);
  const auto best = best_of(r, -1);
  for (const auto& s : r.systems)
    h += "<tr><td>" + esc(s.name) + "</td>" + metric_cells(s.overall, s.coverage, best) + "</tr>";
  return h + "</table>";
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
                                  : fmt::format("{:.4g} &ndash; {:.4g}", seg.lower, seg.upper);
    h += fmt::format("<tr><td>{} / {}</td><td>{}</td><td>{}</td>", esc(seg.dimension), esc(seg.name), range,
                     seg.households);
    const auto best = best_of(r, static_cast<int>(g));
    for (const auto& s : r.systems) {
      const auto& m = s.by_segment[g];
      h += fmt::format("<td{}>{:.4f} / {:.4f}</td>",
                       m.ndcg >= best.ndcg && m.ndcg > 0 ? " class=\"best\"" : "", m.ndcg, m.hit_rate);
    }
    h += "</tr>";
  }
  return h +
         "</table><p class=\"sub\">activity = baskets up to the as-of day; basket size = mean lines per "
         "basket; both cut at their tertiles over the evaluated households.</p>";
}

std::string lift_section(const LiftResult& l) {
  const auto num = [](double v) { return std::isfinite(v) ? fmt::format("{:+.4f}", v) : std::string("n/a"); };
  std::string h = fmt::format(
      "<p>Purchases in days {} &ndash; {} of the (would-be) coupon products: treated = "
      "households that were sent coupons, control = households held out, judged on the "
      "coupons they would have received.</p>",
      l.first_day, l.last_day);
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
  for (const auto& note : r.notes) h += "<div class=\"note\">" + esc(note) + "</div>\n";
  h += "<h2>Metrics against the baselines</h2>\n" + metrics_section(r) + "\n";
  h += "<h2>By household segment</h2>\n" + segments_section(r) + "\n";
  if (r.lift.present) h += "<h2>Lift: treated vs control</h2>\n" + lift_section(r.lift) + "\n";
  h += "<h2>Plots</h2>\n" + plots_section(r, plot_problem) + "\n";
  h += "<h2>Configuration and data</h2>\n" + config_section(r) + "\n";
  h += "<p class=\"sub\">Metric definitions: docs/EVALUATE.md. A household without a list scores 0.</p>\n";
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
    if (!out) throw Error(exit_io, tmp + "/index.html: cannot write");
  }
  folder.publish_here();
}

}  // namespace basketgap::evaluate
