#include "jobs/report/headline.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace basketgap::evaluate {
namespace {

// The baseline with the highest NDCG (the first on a tie): the one worth beating.
const Versus* strongest_baseline(const Result& r) {
  const Versus* best = nullptr;
  double best_ndcg = -1;
  for (const Versus& v : r.versus) {
    const auto s = std::find_if(r.systems.begin(), r.systems.end(),
                                [&](const SystemResult& x) { return x.name == v.baseline; });
    if (s != r.systems.end() && s->overall.ndcg > best_ndcg) {
      best = &v;
      best_ndcg = s->overall.ndcg;
    }
  }
  return best;
}

}  // namespace

std::string subject(const std::string& system) {
  if (system == "coupons") return "the coupons file";
  if (system == "engine") return "the basketgap engine";
  return display_name(system);
}

std::string difference_phrase(const engine::Difference& d, const std::string& baseline) {
  const std::string name = display_name(baseline);
  switch (engine::verdict_of(d)) {
    case engine::Verdict::better:
      return fmt::format("{:+.3f} over {} (95% CI {})", d.estimate, name, difference_interval_text(d, 3));
    case engine::Verdict::worse:
      return fmt::format("{:+.3f} under {} (95% CI {})", d.estimate, name, difference_interval_text(d, 3));
    case engine::Verdict::unclear:
      break;
  }
  return fmt::format("no clear difference from {} ({:+.3f}, 95% CI {})", name, d.estimate,
                     difference_interval_text(d, 3));
}

std::string grouped(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out = n < 0 ? "-" : "";
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out;
}

std::string interval_text(const engine::Difference& d, int digits) {
  if (!std::isfinite(d.ci_low)) return "n/a";
  return fmt::format("{:.{}f}\u2013{:.{}f}", d.ci_low, digits, d.ci_high, digits);
}

std::string difference_interval_text(const engine::Difference& d, int digits) {
  if (!std::isfinite(d.ci_low)) return "n/a";
  return fmt::format("{:+.{}f} to {:+.{}f}", d.ci_low, digits, d.ci_high, digits);
}

std::string display_name(const std::string& system) {
  std::string out = system;
  std::replace(out.begin(), out.end(), '_', ' ');
  return out;
}

std::string comparison_text(const Result& r) {
  if (!r.compared.same_households) return "";
  const std::int64_t left_out = r.compared.left_out_control + r.compared.left_out_no_list;
  return fmt::format(
      "every system judged on the households the coupons file gives a list; {} evaluated "
      "household(s) left out: {} control, {} without a list in the file",
      grouped(left_out), grouped(r.compared.left_out_control), grouped(r.compared.left_out_no_list));
}

std::string judged_households_noun(const Result& r) {
  return r.compared.same_households ? "judged households" : "evaluated households";
}

std::string judged_households_clause(const Result& r) {
  if (!r.compared.same_households) return "";
  return fmt::format(", and a list in the coupons file: {} of {} evaluated", r.evaluated,
                     r.evaluated + r.compared.left_out_control + r.compared.left_out_no_list);
}

std::string headline(const Result& r) {
  if (r.systems.empty() || r.evaluated == 0) return "no evaluated households: nothing was judged";
  const SystemResult& judged = r.systems.front();
  std::string out = fmt::format("{}: NDCG@{} {:.3f} (95% CI {})", subject(judged.name), r.k,
                                judged.overall.ndcg, interval_text(judged.intervals.ndcg, 3));
  if (const Versus* v = strongest_baseline(r))
    out += ", " + difference_phrase(v->difference.ndcg, v->baseline);
  out += fmt::format(", on {} household{}", grouped(r.evaluated), r.evaluated == 1 ? "" : "s");
  if (r.compared.same_households)
    out += fmt::format(" (those the file gives a list; {} left out)",
                       grouped(r.compared.left_out_control + r.compared.left_out_no_list));
  return out;
}

}  // namespace basketgap::evaluate
