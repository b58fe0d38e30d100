// An upper bound of the blend logit that any explore candidate of a household (a cross-sell or
// a popular product it never bought) can reach, from the household's recent baskets alone —
// before the cross-sell accumulation that finds those candidates. When the bound lies below
// the logits of the ranks the selection decides, the explore candidates cannot be coupons and
// need not be built (engine/lazy_selection.hpp).
#pragma once

#include <vector>

#include "engine/blend_model.hpp"
#include "engine/candidates.hpp"

namespace basketgap::engine {

class ExploreBound {
 public:
  // Bounds the blend's logit (a second stage is added to the best of those only). Unusable
  // (every bound +infinity) for non-finite weights, a context
  // without product facts (add_product_facts) or with a negative or non-finite similarity.
  ExploreBound(const BlendModel& model, const ScoringContext& context);

  bool usable() const { return usable_; }

  // At least the logit of every explore candidate of a household without categories whose
  // household_recent feature is `log1p_recent`, with a margin that covers the rounding of the
  // blend's sum.
  double logit_bound(double log1p_recent) const;

  // The same for the household of the last build_repeat_candidates in `household` (its
  // categories summarized), from its own products: a cross-sell score at most the
  // affinity-weighted mean of their largest similarities (when the scores are known already —
  // repeat_similarity — their largest), and the category features with the best product of
  // their category, not of the shop. Tighter than the shop-wide bound: the explore candidates
  // are built for fewer households.
  double logit_bound(const CandidateScratch& household) const;

 private:
  // An explore candidate's non-zero features are bias, popularity, household_recent,
  // repeat_rate, missed_sales and (cross-sell only) cross_sell = log1p(10 x score), the score at most the
  // largest similarity (the affinities of a household's products sum to at most 1); and the
  // category features of one of the household's categories (categories.hpp).
  bool usable_ = false;
  double bias_term_ = 0;           // weight of bias
  double recent_weight_ = 0;       // weight of household_recent
  double best_product_terms_ = 0;  // max over products of the popularity, repeat-rate and missed-sales terms
  double product_magnitude_ = 0;   // max over products of the magnitudes of those three terms
  double cross_sell_term_ = 0;     // the largest cross-sell term, >= 0
  double cross_sell_magnitude_ = 0;
  double cross_sell_weight_ = 0;
  double category_long_weight_ = 0, category_short_weight_ = 0;

  // Per product: the largest similarity in its neighbour list (0 without one).
  std::vector<float> largest_similarity_of_;
  // Per category: the best product terms of its products (-infinity without).
  std::vector<double> best_terms_in_category_;

  // The bound with a cross-sell term of `cross_term` and magnitude `cross_magnitude`, the
  // product terms and category features' terms `product_terms`, and the category features'
  // `category_magnitude` (the magnitudes size the margin for the blend's rounding).
  double bound_with(double log1p_recent, double cross_term, double cross_magnitude, double product_terms,
                    double category_magnitude) const;
};

}  // namespace basketgap::engine
