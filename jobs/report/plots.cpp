#include "jobs/report/plots.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <fstream>
#include <numeric>

#include "engine/history.hpp"
#include "io/errors.hpp"

namespace basketgap::evaluate {

namespace {
// A label safe inside a gnuplot data file's double quotes.
std::string label(std::string s) {
  std::replace(s.begin(), s.end(), '"', '\'');
  std::replace(s.begin(), s.end(), '_', ' ');  // names read better with spaces
  std::string quoted(1, '"');                  // appended, not operator+: GCC 12 warns (-Wrestrict) on that
  quoted.append(s).push_back('"');
  return quoted;
}

std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

void write_file(const std::string& path, const std::string& text) {
  std::ofstream out(path, std::ios::binary);
  out << text;
  out.close();
  if (!out) throw Error(exit_io, path + ": cannot write");
}

bool has_departments(const Result& r) {
  return !r.lists.department_names.empty() &&
         std::accumulate(r.lists.by_department.begin(), r.lists.by_department.end(), std::int64_t{0}) > 0;
}

// Data: one row per metric (or segment), one column per system.
std::string metrics_data(const Result& r) {
  std::string d = "metric";
  for (const auto& s : r.systems) d.append(" ").append(label(s.name));
  d += "\n";
  const char* names[] = {"recall", "precision", "hit rate", "NDCG"};
  for (int m = 0; m < 4; ++m) {
    d += label(fmt::format("{}@{}", names[m], r.k));
    for (const auto& s : r.systems) {
      const auto& o = s.overall;
      const double v[] = {o.recall, o.precision, o.hit_rate, o.ndcg};
      d += fmt::format(" {:.6f}", v[m]);
    }
    d += "\n";
  }
  return d;
}

std::string segments_data(const Result& r) {
  std::string d = "segment";
  for (const auto& s : r.systems) d.append(" ").append(label(s.name));
  d += "\n";
  for (std::size_t g = 0; g < r.segments.size(); ++g) {
    d += label(r.segments[g].dimension + " " + r.segments[g].name);
    for (const auto& s : r.systems)  // an empty segment: no bar (gnuplot skips NaN)
      d += r.segments[g].households == 0 ? std::string(" NaN")
                                         : fmt::format(" {:.6f}", s.by_segment[g].hit_rate);
    d += "\n";
  }
  return d;
}

std::string scores_data(const ListSummary& l) {
  std::string d;
  const double width = (l.score_max - l.score_min) / static_cast<double>(l.score_histogram.size());
  for (std::size_t b = 0; b < l.score_histogram.size(); ++b)
    d += fmt::format("{:.6g} {}\n", l.score_min + (b + 0.5) * width, l.score_histogram[b]);
  return d;
}

std::string reasons_data(const ListSummary& l) {
  std::string d;
  for (std::size_t i = 0; i < l.by_reason.size(); ++i)
    if (l.by_reason[i] > 0)
      d += fmt::format("{} {}\n", label(engine::reason_name(static_cast<engine::Reason>(i))), l.by_reason[i]);
  return d;
}

// The 20 departments with the most coupons, most first (ties by name order).
std::string departments_data(const ListSummary& l) {
  std::vector<std::size_t> order(l.by_department.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return l.by_department[a] > l.by_department[b]; });
  std::string d;
  for (std::size_t i = 0; i < std::min<std::size_t>(20, order.size()); ++i) {
    const std::size_t k = order[i];
    if (l.by_department[k] == 0) break;
    d += fmt::format("{} {}\n", label(k < l.department_names.size() ? l.department_names[k] : "(unknown)"),
                     l.by_department[k]);
  }
  return d;
}

double count_rows(const std::string& data) {
  return static_cast<double>(std::count(data.begin(), data.end(), '\n'));
}

std::string script(const Result& r, const std::string& terminal) {
  const int systems = static_cast<int>(r.systems.size());
  std::string g = fmt::format(
      "set terminal {} size 900,480 font 'sans,10'\nset termoption noenhanced\n"
      "set style data histograms\nset style histogram clustered gap 1\n"
      "set style fill solid 0.85 border -1\nset grid ytics\nset key below horizontal\n"
      "set yrange [0:*]\nset boxwidth 0.9\n",
      terminal);
  g += "set output 'metrics.png'\nset title 'Metrics per system'\n";
  g += fmt::format("plot for [c=2:{}] 'metrics.dat' using c:xtic(1) title columnhead\n", systems + 1);
  g += "set output 'segments.png'\nset title 'Hit rate by household segment'\nset xtics rotate by -30\n";
  g += fmt::format("plot for [c=2:{}] 'segments.dat' using c:xtic(1) title columnhead\n", systems + 1);
  g += "unset key\nset xtics norotate\nset style data boxes\nset boxwidth 0.6 absolute\n";
  if (r.lists.coupons > 0) {
    g += "set output 'scores.png'\nset title 'Score distribution of the listed coupons'\n"
         "set xlabel 'score'\nset ylabel 'coupons'\nset boxwidth 0.9 relative\n"
         "plot 'scores.dat' using 1:2 with boxes lc rgb '#4477aa'\n"
         "unset xlabel\nunset ylabel\nset boxwidth 0.6 absolute\n";
    g += fmt::format(
        "set output 'reasons.png'\nset title 'Coupons by reason'\nset xrange [-0.6:{}]\n"
        "plot 'reasons.dat' using 0:2:xtic(1) with boxes lc rgb '#228833'\nset autoscale x\n",
        count_rows(reasons_data(r.lists)) - 0.4);
  }
  if (has_departments(r))
    g += "set output 'departments.png'\nset title 'Coupons by department (top 20)'\n"
         "set xtics rotate by -45\n"
         "plot 'departments.dat' using 0:2:xtic(1) with boxes lc rgb '#aa3377'\n";
  return g;
}
}  // namespace

std::vector<Plot> plots_for(const Result& r) {
  const std::string shown = r.lists.system;
  std::vector<Plot> p{
      {"metrics.png", "Metrics per system",
       fmt::format("recall, precision, hit rate and NDCG @{} per system", r.k)},
      {"segments.png", "Hit rate by segment",
       "activity = baskets up to the as-of day; basket size = mean lines per basket; "
       "tertiles over the judged households (the evaluated ones, less a coupons file's control "
       "group)"}};
  // The lists of every household scored, not only of those the metrics judge.
  if (r.lists.coupons > 0) {
    p.push_back(
        {"scores.png", "Score distribution",
         "scores of the listed coupons (" + shown + "; every household scored, not only the evaluated)"});
    p.push_back({"reasons.png", "Coupons by reason",
                 "reason codes of the listed coupons (" + shown +
                     "; every household scored, not only the evaluated)"});
  }
  if (has_departments(r))
    p.push_back(
        {"departments.png", "Coupons by department", "departments of the listed coupons (" + shown + ")"});
  return p;
}

std::string draw_plots(const std::string& dir, const Result& r) {
  if (std::system("command -v gnuplot >/dev/null 2>&1") != 0)
    return "gnuplot is not installed on this machine: the plots were not drawn (install gnuplot and rerun)";
  write_file(dir + "/metrics.dat", metrics_data(r));
  write_file(dir + "/segments.dat", segments_data(r));
  if (r.lists.coupons > 0) {
    write_file(dir + "/scores.dat", scores_data(r.lists));
    write_file(dir + "/reasons.dat", reasons_data(r.lists));
  }
  if (has_departments(r)) write_file(dir + "/departments.dat", departments_data(r.lists));
  // pngcairo draws smoother text; the plain png terminal is the fallback.
  for (const char* terminal : {"pngcairo", "png"}) {
    write_file(dir + "/plots.gp", script(r, terminal));
    const std::string cmd = "cd " + shell_quote(dir) + " && gnuplot plots.gp > gnuplot.log 2>&1";
    if (std::system(cmd.c_str()) == 0) return "";
  }
  return "gnuplot failed to draw the plots (see gnuplot.log in this folder)";
}

}  // namespace basketgap::evaluate
