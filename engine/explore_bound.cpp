#include "engine/explore_bound.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "engine/categories.hpp"

namespace basketgap::engine {

namespace {
constexpr double kInfinity = std::numeric_limits<double>::infinity();
}  // namespace

ExploreBound::ExploreBound(const BlendModel& model, const ScoringContext& context) {
  const Features& w = model.weights;
  if (context.facts.empty()) return;
  for (int i = 0; i < kFeatureCount; ++i)
    if (!std::isfinite(w[i])) return;
  const double w_popularity = w[Feature::popularity], w_repeat = w[Feature::repeat_rate],
               w_missed = w[Feature::missed_sales];
  const auto product_terms = [&](const ScoringContext::ProductFacts& f) {
    return w_popularity * f.popularity + w_repeat * f.repeat_rate + w_missed * f.missed_sales;
  };
  best_product_terms_ = -std::numeric_limits<double>::infinity();
  for (const ScoringContext::ProductFacts& f : context.facts) {
    best_product_terms_ = std::max(best_product_terms_, product_terms(f));
    product_magnitude_ = std::max(product_magnitude_, std::abs(w_popularity * f.popularity) +
                                                          std::abs(w_repeat * f.repeat_rate) +
                                                          std::abs(w_missed * f.missed_sales));
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

  const auto products = static_cast<std::int32_t>(context.facts.size());
  const NeighbourTable& neighbours = context.neighbours;
  if (!neighbours.offsets.empty()) {
    largest_similarity_of_.assign(neighbours.offsets.size() - 1, 0.0f);
    for (std::size_t p = 0; p < largest_similarity_of_.size(); ++p)
      for (const float s : neighbours.similarities_of(static_cast<std::int32_t>(p)))
        largest_similarity_of_[p] = std::max(largest_similarity_of_[p], s);
  }
  const CategoryTable& categories = context.categories;
  if (!categories.empty()) {
    best_terms_in_category_.assign(static_cast<std::size_t>(categories.categories()), -kInfinity);
    const auto known = std::min(products, static_cast<std::int32_t>(categories.of_product.size()));
    for (std::int32_t q = 0; q < known; ++q)
      if (const std::int32_t c = categories.of_product[q]; c >= 0)
        best_terms_in_category_[c] = std::max(best_terms_in_category_[c], product_terms(context.facts[q]));
  }
  bias_term_ = w[Feature::bias];
  recent_weight_ = w[Feature::household_recent];
  usable_ = true;
}

double ExploreBound::logit_bound(double log1p_recent) const {
  return bound_with(log1p_recent, cross_sell_term_, cross_sell_magnitude_, best_product_terms_, 0.0);
}

double ExploreBound::logit_bound(const CandidateScratch& household) const {
  // An explore candidate's category features are its category's when the household buys that
  // category, else 0 (its share 0): its product and category terms are at most the larger of the
  // best product terms of any product and, over the household's categories, the best product
  // terms of the category with the category's terms.
  const HouseholdCategories& categories = household.categories;
  const double w_long = category_long_weight_, w_short = category_short_weight_;
  double product_terms = best_product_terms_;
  if (!best_terms_in_category_.empty())
    product_terms =
        std::max(product_terms, categories.largest_with(best_terms_in_category_, w_long, w_short));
  const double category_magnitude =
      std::abs(w_long) * categories.largest_log_long() + std::abs(w_short) * categories.largest_log_short();
  // A cross-sell score is the sum over the triggers t of affinity(t) x sim(t, c), affinity(t) =
  // decayed_long(t) / weight_sum, the triggers some of the household's products (candidates.cpp):
  // at most the same sum over all its products with their largest similarities. With
  // repeat_similarity the scores are known already: their largest.
  double largest_score = household.largest_new_cross;
  if (!household.cross_accumulated) {
    double weighted = 0;
    for (const ProductHistory& p : household.history)
      if (static_cast<std::size_t>(p.product) < largest_similarity_of_.size())
        weighted +=
            p.decayed_long * static_cast<double>(largest_similarity_of_[static_cast<std::size_t>(p.product)]);
    largest_score = weighted / std::max(household.weight_sum, 1e-12);
  }
  if (!std::isfinite(largest_score))
    return bound_with(household.log1p_recent, cross_sell_term_, cross_sell_magnitude_, product_terms,
                      category_magnitude);
  // The candidates' feature is log1p(10 x score) of a score at most the largest (the same sums
  // in another order: the factor covers their rounding and log1p's). A popular or category
  // candidate's is 0: the term is at least 0.
  const double largest_feature = std::log1p(10.0 * largest_score * (1.0 + 1e-9));
  return bound_with(household.log1p_recent, std::max(0.0, cross_sell_weight_ * largest_feature),
                    std::abs(cross_sell_weight_) * largest_feature, product_terms, category_magnitude);
}

double ExploreBound::bound_with(double log1p_recent, double cross_term, double cross_magnitude,
                                double product_terms, double category_magnitude) const {
  if (!usable_ || !std::isfinite(log1p_recent)) return std::numeric_limits<double>::infinity();
  const double recent = recent_weight_ * log1p_recent;
  // The blend sums 25 terms: its rounding is within ~25 x 2^-53 of their magnitudes; the margin
  // is millions of times that (as in score_candidates_bounded).
  constexpr double kMargin = 1e-9;
  const double magnitude =
      std::abs(bias_term_) + std::abs(recent) + product_magnitude_ + cross_magnitude + category_magnitude;
  return bias_term_ + recent + product_terms + cross_term + kMargin * (1.0 + magnitude);
}

}  // namespace basketgap::engine
