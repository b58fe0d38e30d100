// Can the blend be fitted on its validation fold? A fold without samples (history starts too
// late) or without a purchase (a shop closed in its days) has nothing to learn from: an error
// naming what to change, or with --allow-default-blend a warning and the hand-set blend.
#pragma once

#include <cstdint>

#include "engine/score_config.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/training_set.hpp"

namespace basketgap {

class Comm;

// True when `sample` (every rank's: `samples` in all) can fit the blend; else throws UsageError
// (raised on every rank: the counts are global) or, when the run allows the default blend, logs
// a warning on rank 0 and returns false. Collective.
bool validation_fold_fits(const ScoringInput& in, const TrainingSample& sample, std::int64_t samples,
                          std::int32_t validation_day, const engine::ScoreConfig& config, const Comm& comm);

}  // namespace basketgap
