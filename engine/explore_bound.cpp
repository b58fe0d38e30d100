#include "engine/explore_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace basketgap::engine {

ExploreBound::ExploreBound(const BlendModel& model, const ScoringContext& context) {
  const Features& w = model.weights;
  if (context.facts.empty()) return;
  for (int i = 0; i < kFeatureCount; ++i)
    if (!std::isfinite(w[i])) return;
  const double w_popularity = w[Feature::popularity], w_repeat = w[Feature::repeat_rate];
  best_product_terms_ = -std::numeric_limits<double>::infinity();
  for (const ScoringContext::ProductFacts& f : context.facts) {
    const double popularity = w_popularity * f.popularity, repeat = w_repeat * f.repeat_rate;
    best_product_terms_ = std::max(best_product_terms_, popularity + repeat);
    product_magnitude_ = std::max(product_magnitude_, std::abs(popularity) + std::abs(repeat));
  }
  if (!std::isfinite(best_product_terms_) || !std::isfinite(product_magnitude_)) return;
  float largest_similarity = 0;
  for (const float s : context.neighbours.similarity) {
    if (!(s >= 0) || !std::isfinite(s)) return;  // NaN fails the first test
    largest_similarity = std::max(largest_similarity, s);
  }
  cross_sell_weight_ = w[Feature::cross_sell];
  // The accumulated score may exceed the largest similarity by the rounding of its sums.
  const double largest_feature = std::log1p(10.0 * static_cast<double>(largest_similarity) * (1.0 + 1e-9));
  cross_sell_term_ = std::max(0.0, cross_sell_weight_ * largest_feature);
  cross_sell_magnitude_ = std::abs(cross_sell_weight_) * largest_feature;
  category_long_weight_ = w[Feature::log_category_long];
  category_short_weight_ = w[Feature::log_category_short];
  bias_term_ = w[Feature::bias];
  recent_weight_ = w[Feature::household_recent];
  usable_ = true;
}

double ExploreBound::logit_bound(double log1p_recent) const {
  return bound_with(log1p_recent, cross_sell_term_, cross_sell_magnitude_, 0.0, 0.0);
}

double ExploreBound::logit_bound(const CandidateScratch& household) const {
  // An explore candidate's category features are those of one of the household's categories
  // (or 0): at most the largest of each (the same expressions), its share 0.
  const double category_long = household.categories.largest_log_long();
  const double category_short = household.categories.largest_log_short();
  const double category_term = std::max(0.0, category_long_weight_ * category_long) +
                               std::max(0.0, category_short_weight_ * category_short);
  const double category_magnitude =
      std::abs(category_long_weight_) * category_long + std::abs(category_short_weight_) * category_short;
  if (!household.cross_accumulated || !std::isfinite(household.largest_new_cross))
    return bound_with(household.log1p_recent, cross_sell_term_, cross_sell_magnitude_, category_term,
                      category_magnitude);
  // The candidates' feature is log1p(10 x score) of a score at most the largest (the same sums);
  // the factor covers log1p's rounding. A popular candidate's is 0: the term is at least 0.
  const double largest_feature = std::log1p(10.0 * household.largest_new_cross * (1.0 + 1e-9));
  return bound_with(household.log1p_recent, std::max(0.0, cross_sell_weight_ * largest_feature),
                    std::abs(cross_sell_weight_) * largest_feature, category_term, category_magnitude);
}

double ExploreBound::bound_with(double log1p_recent, double cross_term, double cross_magnitude,
                                double category_term, double category_magnitude) const {
  if (!usable_ || !std::isfinite(log1p_recent)) return std::numeric_limits<double>::infinity();
  const double recent = recent_weight_ * log1p_recent;
  // The blend sums 24 terms: its rounding is within ~24 x 2^-53 of their magnitudes; the margin
  // is millions of times that (as in score_candidates_bounded).
  constexpr double kMargin = 1e-9;
  const double magnitude =
      std::abs(bias_term_) + std::abs(recent) + product_magnitude_ + cross_magnitude + category_magnitude;
  return bias_term_ + recent + best_product_terms_ + cross_term + category_term + kMargin * (1.0 + magnitude);
}

}  // namespace basketgap::engine
