// Collective: which products were relaunched under a new id as of a day (engine/successors.hpp),
// counted over the similarity's household sample (a shop-level fact: a sample finds it, at a
// bounded cost whatever the shop's size) and decided alike on every rank.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/history.hpp"
#include "engine/missed_sales.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/household_sample.hpp"

namespace basketgap {

class Comm;
struct PopulationCounts;

// Per product its successor (-1 none); empty when none was found (or `successors` is off).
// `counts` and `selling` are reduced already; `ids` null: every household (tests).
std::vector<std::int32_t> find_successors(const engine::HistoryBlock& block, std::int32_t as_of,
                                          const PopulationCounts& counts, const engine::SellingDays& selling,
                                          const engine::ScoreConfig& config,
                                          const std::vector<std::int64_t>* ids, const HouseholdSample& sample,
                                          const Comm& comm);

}  // namespace basketgap
