// The pairwise re-rank added to the linear blend ([score] ranker = "pairwise_linear", the
// default): fitted on rank 0 by engine::fit_pairwise_rerank, its weights sent to every rank.
#pragma once

#include "engine/blend_model.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/second_stage_samples.hpp"
#include "jobs/score/training_set.hpp"

namespace basketgap {

class Comm;

// The re-rank fitted on the blend's own sample: the best `rerank_candidates` by the blend of
// about `rerank_training_households` of its households (no fold or context of its own). Added
// to the blend's weights for every candidate (BlendModel::scoring), it ranks as it does on the
// best alone (docs/SCORING.md), and the selection stays the blend's. Collective.
engine::PairwiseRerank fit_rerank_on_blend_sample(const TrainingSample& sample,
                                                  const engine::BlendModel& blend,
                                                  const engine::ScoreConfig& config, const Comm& comm);

}  // namespace basketgap
