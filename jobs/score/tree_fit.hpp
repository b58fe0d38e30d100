// Boosted trees on top of the linear blend ([score] ranker = "trees", or tried by the fit:
// jobs/score/tree_choice.hpp): fitted with XGBoost on the trees' validation folds, then
// converted to engine::TreeEnsemble, which scores.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/second_stage_samples.hpp"

namespace basketgap {

class Comm;

// Every rank's samples are gathered and put in household-id order, so the fit sees the same
// rows in the same order whatever the rank count; rank 0 fits with one thread and a fixed seed
// (the same trees every time, whichever rank fits) and sends the trees to every rank. The linear blend's
// logit is each row's starting margin: the trees learn what it misses. `stage` begins its log lines.
// Collective.
engine::TreeEnsemble fit_trees(const SecondStageView& local, const engine::BlendModel& blend,
                               const engine::ScoreConfig& config, const Comm& comm,
                               std::string_view stage = "score/fit/trees");

// One fit of several done at once: this rank's share of its samples, the start of its log
// line, and the rank that fits it.
struct TreeFitJob {
  SecondStageView samples;
  std::string_view stage;
  int rank = 0;
  bool needed = true;  // false: fitted in case it is wanted; its failure is kept, not thrown
};

// A job's trees (on every rank) and the line that says how the fit went, logged by log_fit
// when the trees are used (a fit done in case they are needed says nothing otherwise).
struct FittedTrees {
  engine::TreeEnsemble trees;
  std::string summary;
  bool no_samples = false;  // no trees: the summary is a warning
  std::string failure;      // why a job not needed failed (empty: it did not)
};

// Several fits at once, as fit_trees does one: each job's samples gathered on its rank, every
// rank fitting its own jobs while the others fit theirs (one thread and a fixed seed each:
// the same trees whichever rank fits them), then each job's trees sent from its rank to every
// rank. A needed fit that failed anywhere throws on every rank; a job not needed keeps its
// failure in FittedTrees::failure, on every rank. Collective.
std::vector<FittedTrees> fit_trees_on_ranks(std::span<const TreeFitJob> jobs, const engine::BlendModel& blend,
                                            const engine::ScoreConfig& config, const Comm& comm);

// Rank 0 logs the fit's summary line.
void log_fit(const FittedTrees& fitted, const Comm& comm);

}  // namespace basketgap
