#include "jobs/evaluate/outcomes.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>

#include "engine/metrics.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"

namespace basketgap::evaluate {
namespace {

// Outcomes of one system for the rank's evaluated households (in household order); marks the
// products it listed to them.
std::vector<OutcomeRecord> score_system(const engine::CouponTable& table, const engine::BacktestSplit& split,
                                        const std::vector<std::int64_t>& evaluated,
                                        std::vector<std::uint8_t>& listed) {
  std::vector<OutcomeRecord> out(evaluated.size());
  tbb::parallel_for(std::size_t{0}, evaluated.size(), [&](std::size_t i) {
    const std::int64_t h = evaluated[i];
    out[i] =
        OutcomeRecord::from(engine::score_list(table.products_of(h), split.truth.of(h), split.before.of(h)));
  });
  for (std::int64_t h : evaluated) engine::mark_listed(table.products_of(h), listed);
  return out;
}

HouseholdFact fact_of(const engine::BacktestSplit& split, std::int64_t h) {
  HouseholdFact f;
  const auto truth = split.truth.of(h);
  const auto before = split.before.of(h);
  f.truth = static_cast<std::int32_t>(truth.size());
  for (std::int32_t p : truth) f.truth_before += std::binary_search(before.begin(), before.end(), p) ? 1 : 0;
  f.baskets = split.baskets[h];
  f.lines = split.lines[h];
  return f;
}

}  // namespace

std::vector<std::int64_t> evaluated_households(const engine::BacktestSplit& split, std::int64_t households) {
  std::vector<std::int64_t> evaluated;
  for (std::int64_t h = 0; h < households; ++h)
    if (split.evaluated(h)) evaluated.push_back(h);
  return evaluated;
}

void require_households(const std::vector<std::int64_t>& evaluated, const std::string& what,
                        std::int32_t as_of, std::int32_t window, const std::string& advice,
                        const Comm& comm) {
  if (comm.allreduce(static_cast<std::int64_t>(evaluated.size()), ReduceOp::sum) > 0) return;
  throw InputError(fmt::format("{} as of day {} (purchases of days {}) has no household with a purchase in "
                               "it and one before: no rows in those days?{}",
                               what, as_of, day_span(as_of + 1, as_of + window), advice))
      .raised_on_all_ranks();
}

std::vector<std::int64_t> judged_households(const std::vector<std::int64_t>& evaluated,
                                            const std::vector<Listing>& listing, const Comm& comm,
                                            Comparison& compared) {
  std::vector<std::int64_t> out;
  std::vector<std::int64_t> left_out(2, 0);  // control, no list
  for (std::int64_t h : evaluated) {
    const Listing l = listing.empty() ? Listing::listed : listing[h];
    if (l == Listing::listed)
      out.push_back(h);
    else
      ++left_out[l == Listing::control ? 0 : 1];
  }
  comm.allreduce_inplace<std::int64_t>(left_out, ReduceOp::sum);
  compared.same_households = !listing.empty();
  compared.left_out_control = left_out[0];
  compared.left_out_no_list = left_out[1];
  return out;
}

Outcomes gather_outcomes(const std::vector<System>& systems, const engine::BacktestSplit& split,
                         const std::vector<std::int64_t>& evaluated, std::int64_t products,
                         const Comm& comm) {
  Outcomes out;
  std::vector<HouseholdFact> local_facts;
  for (std::int64_t h : evaluated) local_facts.push_back(fact_of(split, h));
  out.facts = comm.gatherv_to_root<HouseholdFact>(local_facts);
  for (const System& s : systems) {
    std::vector<std::uint8_t> listed(static_cast<std::size_t>(products), 0);
    const auto local = score_system(s.table, split, evaluated, listed);
    out.outcomes.push_back(comm.gatherv_to_root<OutcomeRecord>(local));
    comm.allreduce_inplace<std::uint8_t>(listed, ReduceOp::max);
    out.coverage.push_back(engine::count_marked(listed));
    out.names.push_back(s.name);
  }
  return out;
}

}  // namespace basketgap::evaluate
