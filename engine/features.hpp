// The features the blend scores a candidate with, by name. The enumerator order is the index
// into Features and the blend weights: the Newton fit sums over features in this order, so
// reordering them changes the coupons.
#pragma once

#include <array>
#include <cstddef>
#include <string_view>

namespace basketgap::engine {

enum class Feature : int {
  bias,
  bought,
  log_decayed_long,
  log_decayed_short,
  log_baskets,
  log_elapsed,
  ratio_lt_0_5,  // the due-ratio bins (elapsed / cycle), one-hot, in ratio order
  ratio_0_5_1,
  ratio_1_1_5,
  ratio_1_5_2_5,
  ratio_2_5_4,
  ratio_ge_4,
  popularity,
  cross_sell,
  household_recent,
  share_of_baskets,
  no_cycle,
  expected_in_window,  // P(at least one purchase in the horizon) at the household's own pace
  repeat_rate,         // the product's share of repeat purchase days (population)
  log_baskets_since,   // the household's baskets since its last purchase of the product
  due_probability,     // the next interval falling in the horizon (normal around the cycle)
  log_category_long,   // log1p of the household's decayed purchases of the product's category
  log_category_short,  // the same with the short half-life
  category_share,      // the product's share of them (0 for a product never bought)
  missed_sales,        // sales the product would have made since its last one anywhere (missed_sales.hpp)
  count,               // not a feature: the number of them
};

inline constexpr int kFeatureCount = static_cast<int>(Feature::count);

constexpr std::size_t index_of(Feature f) { return static_cast<std::size_t>(f); }

// One value per feature (the candidate's values, or the blend's weights). Loops over all
// features index it by position; a particular feature is read and written by name.
struct Features : std::array<double, kFeatureCount> {
  using array::operator[];
  constexpr double& operator[](Feature f) { return (*this)[index_of(f)]; }
  constexpr double operator[](Feature f) const { return (*this)[index_of(f)]; }
};

// Σ w[i] f[i] in feature order: the blend's and the re-rank's linear terms (the same bits).
constexpr double dot(const Features& w, const Features& f) {
  double z = 0;
  for (int i = 0; i < kFeatureCount; ++i) z += w[i] * f[i];
  return z;
}

struct FeatureName {
  Feature feature;
  std::string_view name;
};

// The names written to the coupons file ([blend] section), in feature order.
inline constexpr std::array<FeatureName, kFeatureCount> kFeatureNames{{
    {Feature::bias, "bias"},
    {Feature::bought, "bought"},
    {Feature::log_decayed_long, "log_decayed_long"},
    {Feature::log_decayed_short, "log_decayed_short"},
    {Feature::log_baskets, "log_baskets"},
    {Feature::log_elapsed, "log_elapsed"},
    {Feature::ratio_lt_0_5, "ratio_lt_0.5"},
    {Feature::ratio_0_5_1, "ratio_0.5_1"},
    {Feature::ratio_1_1_5, "ratio_1_1.5"},
    {Feature::ratio_1_5_2_5, "ratio_1.5_2.5"},
    {Feature::ratio_2_5_4, "ratio_2.5_4"},
    {Feature::ratio_ge_4, "ratio_ge_4"},
    {Feature::popularity, "popularity"},
    {Feature::cross_sell, "cross_sell"},
    {Feature::household_recent, "household_recent"},
    {Feature::share_of_baskets, "share_of_baskets"},
    {Feature::no_cycle, "no_cycle"},
    {Feature::expected_in_window, "expected_in_window"},
    {Feature::repeat_rate, "repeat_rate"},
    {Feature::log_baskets_since, "log_baskets_since"},
    {Feature::due_probability, "due_probability"},
    {Feature::log_category_long, "log_category_long"},
    {Feature::log_category_short, "log_category_short"},
    {Feature::category_share, "category_share"},
    {Feature::missed_sales, "missed_sales"},
}};

// Every feature has its name at its own index: a missing, extra or misplaced entry fails the build.
constexpr bool names_follow_features() {
  for (std::size_t i = 0; i < kFeatureNames.size(); ++i)
    if (index_of(kFeatureNames[i].feature) != i || kFeatureNames[i].name.empty()) return false;
  return true;
}
static_assert(names_follow_features(), "kFeatureNames must list every Feature once, in enum order");

constexpr std::string_view feature_name(Feature f) { return kFeatureNames[index_of(f)].name; }

}  // namespace basketgap::engine
