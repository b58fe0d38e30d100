// Whether boosted trees on top of the blend would rank the night's candidates clearly better
// than the linear model the fit chose (jobs/score/model_choice): a promotion calendar ("bought
// every 4 weeks, never in between"), a holiday gap, a shop of unlike households are shapes a
// linear blend of due-ness features cannot draw. Trees fitted on the households they are judged
// on would always look better, so they are judged out of sample: the households are split in
// two halves by a keyed hash of their ids, trees fitted on each half rank the other half's
// latest fold, and the paired per-household gain over the linear model must have its 95 %
// interval above 0 (as the fit's other choices and `evaluate --tune`).
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "engine/blend_model.hpp"
#include "engine/intervals.hpp"
#include "engine/score_config.hpp"
#include "jobs/score/training_set.hpp"

namespace basketgap {

class Comm;

struct TreeJudgement {
  std::int64_t households = 0;  // with a purchase in the latest fold's window (counted even when not judged)
  double linear_ndcg = 0;       // their mean NDCG@k under the linear model
  double trees_ndcg = 0;        // under the blend plus the other half's trees
  engine::Difference gain;      // trees minus linear, paired per household, 95 % interval
  bool pays = false;            // the interval above 0 (and enough households to tell)
};

// The verdict, and the trees that rank the night when it is for them.
struct TreeTrial {
  TreeJudgement verdict;
  std::optional<engine::TreeEnsemble> trees;  // fitted on the whole set; only when verdict.pays
};

// `chosen`: the linear model the fit chose (jobs/score/model_choice). `set`: each sampled
// household's best candidates by its blend on the trees' folds,
// this rank's share, the latest fold's households first (`latest_fold_groups` of them: those
// judged). Fits trees on each half (deterministically, jobs/score/tree_fit), logs the verdict
// on rank 0, and for a verdict that pays gives the trees fitted on the whole set (with two
// ranks or more fitted meanwhile by a rank that would wait, and dropped when not chosen). Not
// tried (pays false) with fewer than 100 judged households in a half, or a half without trees.
// The same verdict and trees for any rank or thread count. Collective.
// What the interval says: that the gain carries over to other households in the same window —
// the trees that rank each half were fitted on the other half's folds, that window included —
// not that it carries over to the next window (a season that ends there: docs/SCORING.md "fit").
TreeTrial try_trees(const TrainingSet& set, std::size_t latest_fold_groups, const engine::BlendModel& chosen,
                    const engine::ScoreConfig& config, const Comm& comm);

// The half a household falls in (0 or 1): a keyed hash of its external id, so that the halves
// are the same whatever the rank count and unrelated to the fit's household samples.
int tree_choice_half(std::int64_t external_id);

}  // namespace basketgap
