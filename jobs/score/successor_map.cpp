#include "jobs/score/successor_map.hpp"

#include <spdlog/spdlog.h>
#include <tbb/combinable.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include "engine/successors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/pipeline.hpp"

namespace basketgap {

namespace {

struct SpanScratch {
  std::vector<engine::PurchaseSpan> spans;
  std::vector<std::int32_t> slot;  // product-indexed, -1 between calls
};

// Calls visit(spans) for each of this rank's sampled households with history, on oneTBB threads.
template <typename Visit>
void for_each_sampled(const engine::HistoryBlock& block, std::int32_t as_of,
                      const std::vector<std::int64_t>* ids, const HouseholdSample& sample, Visit&& visit) {
  tbb::enumerable_thread_specific<SpanScratch> scratches;
  tbb::parallel_for(tbb::blocked_range<std::int64_t>(0, block.households(), 256),
                    [&](const tbb::blocked_range<std::int64_t>& range) {
                      SpanScratch& scratch = scratches.local();
                      for (std::int64_t h = range.begin(); h < range.end(); ++h) {
                        if (ids && !sample.includes((*ids)[static_cast<std::size_t>(h)])) continue;
                        engine::purchase_spans(block, h, as_of, scratch.spans, scratch.slot);
                        if (!scratch.spans.empty())
                          visit(std::span<const engine::PurchaseSpan>(scratch.spans));
                      }
                    });
}

}  // namespace

std::vector<std::int32_t> find_successors(const engine::HistoryBlock& block, std::int32_t as_of,
                                          const PopulationCounts& counts, const engine::SellingDays& selling,
                                          const engine::ScoreConfig& config,
                                          const std::vector<std::int64_t>* ids, const HouseholdSample& sample,
                                          const Comm& comm) {
  if (!config.successors) return {};
  const engine::SuccessorRules rules;
  const std::vector<std::int32_t> silent =
      engine::silent_products(counts.sales, counts.cycles, selling, as_of, rules);
  if (std::all_of(silent.begin(), silent.end(), [](std::int32_t d) { return d == engine::kNotSilent; }))
    return {};
  const std::size_t products = silent.size();
  const std::int32_t first_day = std::min(counts.sales.first_sale(), as_of);

  // First pass: regular buyers, when households last shopped, and who took up what.
  tbb::combinable<engine::AdoptionTally> partial(
      [&] { return engine::AdoptionTally(products, first_day, as_of); });
  for_each_sampled(block, as_of, ids, sample, [&](std::span<const engine::PurchaseSpan> spans) {
    engine::count_adoptions(spans, silent, counts.sales.first_day, rules, partial.local());
  });
  engine::AdoptionTally summed(products, first_day, as_of);
  partial.combine_each([&](engine::AdoptionTally& part) {
    for (std::size_t p = 0; p < products; ++p) summed.regulars[p] += part.regulars[p];
    for (std::size_t d = 0; d < summed.last_seen.size(); ++d) summed.last_seen[d] += part.last_seen[d];
    summed.adoptions.insert(summed.adoptions.end(), part.adoptions.begin(), part.adoptions.end());
  });
  comm.allreduce_inplace<std::int64_t>(summed.regulars, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(summed.last_seen, ReduceOp::sum);
  const std::vector<engine::PairTally> local = engine::count_keys(summed.adoptions);
  const std::vector<engine::PairTally> adopted =
      engine::merge_tallies(comm.allgatherv<engine::PairTally>(local));
  if (adopted.empty()) return {};

  // Second pass: the base rate of each adopted product after its predecessor's last sale.
  const engine::BaseQuery query(adopted, silent, products);
  tbb::combinable<std::vector<std::int64_t>> base_parts(
      [&] { return std::vector<std::int64_t>(query.size(), 0); });
  for_each_sampled(block, as_of, ids, sample, [&](std::span<const engine::PurchaseSpan> spans) {
    engine::count_bases(spans, query, rules, base_parts.local());
  });
  std::vector<std::int64_t> bases(query.size(), 0);
  base_parts.combine_each([&](const std::vector<std::int64_t>& part) {
    for (std::size_t i = 0; i < bases.size(); ++i) bases[i] += part[i];
  });
  comm.allreduce_inplace<std::int64_t>(bases, ReduceOp::sum);

  std::vector<std::int32_t> successor =
      engine::choose_successors(silent, summed, adopted, query, bases, rules);
  const auto found = std::count_if(successor.begin(), successor.end(), [](std::int32_t q) { return q >= 0; });
  if (found == 0) return {};
  if (comm.is_root())
    spdlog::info(
        "score/context: as of day {}, {} product(s) relaunched under a new id: their buyers' rows count "
        "as the new id's (docs/SCORING.md \"Relaunched products\")",
        as_of, found);
  if (comm.is_root() && spdlog::should_log(spdlog::level::debug))
    for (std::size_t p = 0; p < products; ++p)
      if (successor[p] >= 0)
        spdlog::debug("score/context: as of day {}, product index {} -> {} (rows of /products/id)", as_of, p,
                      successor[p]);
  return successor;
}

}  // namespace basketgap
