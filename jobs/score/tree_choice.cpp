#include "jobs/score/tree_choice.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <span>
#include <vector>

#include "engine/list_quality.hpp"
#include "engine/logistic_sums.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/household_sample.hpp"
#include "jobs/score/tree_fit.hpp"

namespace basketgap {
namespace {

// The halves' hash key: any constant unlike the household samples' seeds.
constexpr std::uint64_t kHalfSeed = 0x7472656568616c66;  // "treehalf"

// Fewer judged households than this in either half: no verdict (the trees are not tried), said
// in the log.
constexpr std::int64_t kFewestJudgedPerHalf = 100;

// The households of `set` in `half`, every fold.
TrainingSet half_of(const TrainingSet& set, int half) {
  TrainingSet out;
  constexpr std::size_t width = engine::kFeatureCount;
  for (std::size_t g = 0; g < set.group_end.size(); ++g) {
    if (tree_choice_half(set.group_id[g]) != half) continue;
    const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
    out.features.insert(out.features.end(), set.features.begin() + static_cast<std::ptrdiff_t>(begin * width),
                        set.features.begin() + static_cast<std::ptrdiff_t>(end * width));
    out.labels.insert(out.labels.end(), set.labels.begin() + static_cast<std::ptrdiff_t>(begin),
                      set.labels.begin() + static_cast<std::ptrdiff_t>(end));
    out.group_end.push_back(out.labels.size());
    out.group_id.push_back(set.group_id[g]);
    out.group_truth.push_back(set.group_truth[g]);
  }
  return out;
}

}  // namespace

int tree_choice_half(std::int64_t external_id) {
  return static_cast<int>(household_hash(external_id, kHalfSeed) >> 63);
}

TreeTrial try_trees(const TrainingSet& set, std::size_t latest_fold_groups, const engine::BlendModel& chosen,
                    const engine::ScoreConfig& config, const Comm& comm) {
  TreeTrial trial;
  TreeJudgement& verdict = trial.verdict;
  // Enough households in each half to tell? (Counted before the fits, which cost seconds.)
  std::array<std::int64_t, 2> judged{};
  for (std::size_t g = 0; g < latest_fold_groups; ++g)
    if (set.group_truth[g] > 0) ++judged[static_cast<std::size_t>(tree_choice_half(set.group_id[g]))];
  comm.allreduce_inplace<std::int64_t>(judged, ReduceOp::sum);
  verdict.households = judged[0] + judged[1];
  if (std::min(judged[0], judged[1]) < kFewestJudgedPerHalf) {
    if (comm.is_root())
      spdlog::info(
          "score/fit/choice: {} and {} households of the trees' two halves bought something in the latest "
          "fold, "
          "fewer than {} in one: the trees are not tried",
          judged[0], judged[1], kFewestJudgedPerHalf);
    return trial;
  }
  // Trees fitted on each half; half h is ranked by the other half's. With more than one rank
  // the trees of the whole set are fitted meanwhile on rank 1, which would otherwise wait for
  // the halves: a verdict for the trees then costs no fit more (rank 0 fits both halves on 2
  // ranks; on 3 or more rank 2 fits the second).
  const std::array<TrainingSet, 2> halves{half_of(set, 0), half_of(set, 1)};
  std::vector<TreeFitJob> jobs{
      {view_of(halves[0]), "score/fit/choice: trees on the first half", 0},
      {view_of(halves[1]), "score/fit/choice: trees on the second half", comm.size() >= 3 ? 2 : 0}};
  const bool whole_meanwhile = comm.size() >= 2;
  // Not needed yet: a failure of that fit counts only if the verdict wants its trees (as on one rank).
  if (whole_meanwhile) jobs.push_back({view_of(set), "score/fit/trees", 1, false});
  std::vector<FittedTrees> fitted = fit_trees_on_ranks(jobs, chosen, config, comm);
  log_fit(fitted[0], comm);
  log_fit(fitted[1], comm);
  std::array<engine::TreeEnsemble, 2> trees{std::move(fitted[0].trees), std::move(fitted[1].trees)};
  // (Each half has samples here, so XGBoost gives trees; a guard, the same on every rank.)
  if (trees[0].empty() || trees[1].empty()) {
    if (comm.is_root()) spdlog::info("score/fit/choice: a half gave no trees: the trees are not tried");
    return trial;
  }

  for (engine::TreeEnsemble& t : trees) t.prepare();  // the fast walk, as a night scores them
  // The two sides as each would score the night: the chosen linear model (the blend plus its
  // re-rank, when it has one: scoring()), and the trees on the blend alone — they were fitted
  // from the blend's logit, and chosen they replace the re-rank (as ranker = "trees").
  const engine::BlendModel linear = chosen.scoring();
  // Sums over the judged households, in fixed point (the same on every rank count): each side's
  // NDCG@k, and the squares of the per-household differences (for the interval).
  std::int64_t linear_sum = 0, trees_sum = 0, squared_difference = 0;
  std::vector<double> linear_logits, tree_logits;
  std::vector<std::size_t> order;
  constexpr std::size_t width = engine::kFeatureCount;
  for (std::size_t g = 0; g < latest_fold_groups; ++g) {
    if (set.group_truth[g] == 0) continue;
    const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
    // Out of sample: ranked by the trees fitted on the other half.
    const engine::TreeEnsemble& other =
        trees[static_cast<std::size_t>(1 - tree_choice_half(set.group_id[g]))];
    linear_logits.clear();
    tree_logits.clear();
    for (std::size_t i = begin; i < end; ++i) {
      engine::Features f{};
      for (std::size_t j = 0; j < width; ++j) f[j] = set.features[i * width + j];
      linear_logits.push_back(linear.linear_logit(f));
      tree_logits.push_back(chosen.linear_logit(f) + other.margin(f));
    }
    const auto labels = std::span(set.labels).subspan(begin, end - begin);
    const std::int64_t by_linear = engine::to_fixed(
        engine::household_ndcg(linear_logits, labels, {}, set.group_truth[g], config.k, order));
    const std::int64_t by_trees = engine::to_fixed(
        engine::household_ndcg(tree_logits, labels, {}, set.group_truth[g], config.k, order));
    linear_sum += by_linear;
    trees_sum += by_trees;
    const double difference = engine::fixed_to_double(by_trees - by_linear);
    squared_difference += engine::to_fixed(difference * difference);
  }
  std::array<std::int64_t, 3> sums{linear_sum, trees_sum, squared_difference};
  comm.allreduce_inplace<std::int64_t>(sums, ReduceOp::sum);
  linear_sum = sums[0], trees_sum = sums[1], squared_difference = sums[2];

  const auto n = static_cast<double>(verdict.households);
  verdict.linear_ndcg = engine::fixed_to_double(linear_sum) / n;
  verdict.trees_ndcg = engine::fixed_to_double(trees_sum) / n;
  verdict.gain = engine::t_interval_of_sums(engine::fixed_to_double(trees_sum - linear_sum),
                                            engine::fixed_to_double(squared_difference), verdict.households);
  verdict.pays = verdict.gain.ci_low > 0;
  if (comm.is_root()) {
    const std::string line = fmt::format(
        "score/fit/choice: out of sample, NDCG@{} of the {} households of the trees' latest fold with a "
        "purchase (each ranked by trees fitted on the other half): the linear model {:.4f}, the blend and "
        "trees "
        "{:.4f}, {:+.4f} (95% CI {:+.4f} to {:+.4f})",
        config.k, verdict.households, verdict.linear_ndcg, verdict.trees_ndcg, verdict.gain.estimate,
        verdict.gain.ci_low, verdict.gain.ci_high);
    if (verdict.pays)
      spdlog::warn("{}: the trees score tonight, in place of the linear model (docs/SCORING.md \"fit\")",
                   line);
    else
      spdlog::info("{}: the linear model scores", line);
  }
  if (!verdict.pays) {
    if (whole_meanwhile && !fitted[2].failure.empty() && comm.is_root())
      spdlog::warn("{} (fitted in case the trees were chosen; they were not: nothing lost)",
                   fitted[2].failure);
    return trial;
  }
  if (whole_meanwhile) {
    if (!fitted[2].failure.empty()) throw std::runtime_error(fitted[2].failure);
    log_fit(fitted[2], comm);
    trial.trees = std::move(fitted[2].trees);
  } else {
    trial.trees = fit_trees(view_of(set), chosen, config, comm);
  }
  return trial;
}

}  // namespace basketgap
