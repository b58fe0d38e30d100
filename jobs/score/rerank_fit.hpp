// The pairwise re-rank added to the linear blend ([score] ranker = "pairwise_linear", the
// default): fitted on rank 0 by engine::fit_pairwise_rerank, its weights sent to every rank.
#pragma once

#include "engine/blend_model.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/second_stage_samples.hpp"

namespace basketgap {

class Comm;

// Every rank's samples gathered in household-id order (the same pairs in the same order for any
// rank count), fitted in one thread on rank 0, broadcast. Not fitted when no household has both
// a bought and a not-bought candidate (the blend ranks alone, said in the log). Collective.
engine::PairwiseRerank fit_rerank(const SecondStageView& local, const engine::BlendModel& blend,
                                  const engine::ScoreConfig& config, const Comm& comm);

}  // namespace basketgap
