// Every knob of the scoring engine, with the defaults the backtest chose (docs/SCORING.md).
// Filled from the [score] table of the TOML config (jobs/config, which also prints it into the
// coupons file).
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>

namespace basketgap::engine {

enum class SimilarityMeasure { cosine, jaccard, llr };
const char* similarity_name(SimilarityMeasure m);

// What ranks the candidates: the ridge logistic blend alone; the blend with a linear model
// fitted on the order of its best added to it (engine/pairwise_rerank.hpp); or a second stage
// of boosted trees that re-ranks its best.
enum class Ranker { linear, trees, pairwise_linear };
const char* ranker_name(Ranker r);
// What the trees learn: the purchase itself (log-loss; the score stays a probability) or the
// order within each household (pairwise; the score only ranks).
enum class TreeObjective { logistic, pairwise };
const char* tree_objective_name(TreeObjective o);

// Which level of the products file's hierarchy the category features use (engine/categories.hpp):
// the commodity, the sub-commodity, or none (a store without one has none either way).
enum class CategoryLevel { none, commodity, sub_commodity };
const char* category_level_name(CategoryLevel l);

// The longest horizon the engine predicts (validation_window_days' range).
inline constexpr int kLongestHorizonDays = 365;

struct ScoreConfig {
  int k = 12;

  // Purchase gap.
  double half_life_days = 120;       // decay of the long-memory purchase frequency
  double short_half_life_days = 21;  // decay of the short-memory frequency
  int min_purchases_for_cycle = 3;   // fewer baskets: use the product's population cycle
  double win_back_ratio = 3.0;       // elapsed / cycle above this: a lapsed favourite
  double due_ratio = 0.8;            // elapsed / cycle above this: due (replenish)

  // Item similarity.
  SimilarityMeasure measure = SimilarityMeasure::cosine;
  int similarity_window_days = 180;             // co-occurrence over the recent window only
  int max_products_per_household = 50;          // bounded pair count per household
  std::int64_t similarity_households = 50'000;  // co-occurrence on a sample of this many at most
  int neighbours = 10;                  // top-k neighbours kept per product (more cost, no gain in --tune)
  int min_co_households = 2;            // pairs seen in fewer households are noise
  std::int64_t pair_batch = 4'000'000;  // pairs routed per Alltoallv round (bounded memory)

  // Candidates and blend.
  int cross_sell_candidates = 20;  // new products considered per household
  int cross_sell_triggers = 20;    // the household's strongest products that seed them (0 = all)
  int popular_candidates = 12;     // popular products considered per household
  int popularity_window_days = 90;
  // A repeat candidate's cross_sell feature = its similarity to the household's strongest
  // products (the family of a variant). Pays where shoppers switch between variants (+3.6 %
  // NDCG@12 on the variants shop), nothing on dunnhumby, and costs 2-4 s of select at x400:
  // off unless chosen (evaluate --tune tries it).
  bool repeat_similarity = false;
  // The household's purchases of the candidate's category (decayed, and the candidate's share
  // of them) as features, and the most popular products of its strongest categories that it
  // never bought as explore candidates: where shoppers switch between the variants of a
  // product, the category carries what one variant's history lacks (docs/SCORING.md).
  CategoryLevel category_level = CategoryLevel::sub_commodity;
  int category_candidates = 20;  // explore candidates per household from its categories (0 = none)
  // A product relaunched under a new id, found from its regular buyers taking up the new one, has
  // its rows counted as the new id's (engine/successors.hpp); nothing found, nothing changes.
  bool successors = true;
  bool learn_blend = true;                        // fit the blend on a validation window before as-of
  int validation_window_days = 14;                // the horizon predicted; each fold's length
  int validation_span_days = 14;                  // the blend's folds cover at least this many days
  std::int64_t max_training_households = 20'000;  // deterministic sample for the fit
  double l2 = 1.0;                                // ridge penalty of the logistic fit
  // The pairwise re-rank ranks better than the blend alone (8 of 8 dunnhumby windows, 7 of 9
  // shops, +0.002 NDCG@12) for the cost of its fit; trees on the dunnhumby file are not told
  // from noise, so they score a night only when the fit finds them clearly better
  // (fit_tries_trees below) or the configuration asks for them (docs/SCORING.md "fit").
  Ranker ranker = Ranker::pairwise_linear;
  // With the default ranker, the fit also judges boosted trees on top of the blend, out of
  // sample, and they score the night when they rank its households clearly better
  // (jobs/score/tree_choice.hpp): the shapes a linear blend cannot draw (a promotion calendar)
  // get the trees, the rest keep the re-rank.
  bool fit_tries_trees = true;
  TreeObjective tree_objective = TreeObjective::pairwise;
  int tree_rounds = 100;             // boosting rounds (one tree each)
  int tree_depth = 4;                // levels per tree
  double tree_learning_rate = 0.1;   // shrinkage of each tree
  double tree_min_child_weight = 5;  // least hessian mass in a leaf (bounds overfitting)
  // The trees' candidates, folds and sample.
  int tree_candidates = 30;                       // the blend's best candidates per household they re-rank
  int tree_folds = 2;                             // consecutive validation folds they are fitted on
  std::int64_t tree_training_households = 5'000;  // per fold, a sample of the blend's
  // The pairwise re-rank: fitted on the order of each household's best by the blend.
  int rerank_candidates = 20;                       // 20-50 ranked alike (docs/SCORING.md)
  std::int64_t rerank_training_households = 5'000;  // of the blend's sample: its fit runs on rank 0
  double rerank_l2 = 100;                           // ridge: 30-300 ranked alike (docs/SCORING.md)

  // Selection.
  int reward_slots = 0;     // at least this many products the household already buys
  int discovery_slots = 0;  // at least this many products new to the household

  bool operator==(const ScoreConfig&) const = default;
};

// The blend's folds: consecutive windows of validation_window_days, the last ending at as-of,
// as many as cover validation_span_days (a fit on one 3-day fold has too few purchases).
inline int blend_fold_count(const ScoreConfig& config) {
  const int window = config.validation_window_days > 0 ? config.validation_window_days : 1;
  return std::max(1, (config.validation_span_days + window - 1) / window);
}

// The folds of blend_fold_count whose features lie in the history (their day, as-of minus f
// folds, on or after the store's first day): a young shop, or order numbers with a few orders a
// household, has fewer than the span asks, and the blend is fitted on those. 0: not one fits.
inline int blend_folds_that_fit(const ScoreConfig& config, std::int64_t as_of, std::int64_t first_day) {
  const int window = config.validation_window_days > 0 ? config.validation_window_days : 1;
  const std::int64_t fit = as_of >= first_day ? (as_of - first_day) / window : 0;
  return static_cast<int>(std::min<std::int64_t>(fit, blend_fold_count(config)));
}

// Days of history the blend needs before an as-of day: its first fold's.
inline int blend_history_days(const ScoreConfig& config) { return config.validation_window_days; }

}  // namespace basketgap::engine
