// Choices the fit makes on its own sample: the blend's households, every candidate of each,
// ranked as the coupons would be. A part of the model that ranks them worse than the model
// without it is left out for the night — a re-rank fitted on the blend's best few that, added
// for every candidate, lifts the wrong ones; popular candidates that are other households'
// staples. Mechanisms are kept where the data says they pay, not by a constant of one shop.
#pragma once

#include "engine/blend_model.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/training_set.hpp"

namespace basketgap {

class Comm;

// Leaves out model.rerank and/or model.popular_candidates when they lower the mean NDCG@k of
// the sample's households that bought something in the fold's window; logs each choice on
// rank 0. `without_popular` (may be null): the blend and its re-rank fitted on the sample
// without its popular candidates (training_set.hpp without_popular) — what the variants without
// them are judged with and, chosen, what scores the night: a blend fitted with candidates that
// a night leaves out weighs the others wrongly. Sums in fixed point: the same choice for any
// rank or thread count. Collective.
void choose_on_fit_sample(const TrainingSample& sample, engine::BlendModel& model,
                          const engine::BlendModel* without_popular, const engine::ScoreConfig& config,
                          const Comm& comm);

}  // namespace basketgap
