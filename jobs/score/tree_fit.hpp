// Boosted trees on top of the linear blend ([score] ranker = "trees", or tried by the fit:
// jobs/score/tree_choice.hpp): fitted with XGBoost on the trees' validation folds, then
// converted to engine::TreeEnsemble, which scores.
#pragma once

#include <string_view>

#include "engine/blend_model.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/second_stage_samples.hpp"

namespace basketgap {

class Comm;

// Every rank's samples are gathered and put in household-id order, so the fit sees the same
// rows in the same order whatever the rank count; rank 0 fits with one thread and a fixed seed
// (the same trees every time) and sends the trees to every rank. The linear blend's logit is
// each row's starting margin: the trees learn what it misses. `stage` begins its log lines.
// Collective.
engine::TreeEnsemble fit_trees(const SecondStageView& local, const engine::BlendModel& blend,
                               const engine::ScoreConfig& config, const Comm& comm,
                               std::string_view stage = "score/fit/trees");

}  // namespace basketgap
