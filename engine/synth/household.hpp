// One synthetic household: demographics (as in the dunnhumby hh_demographic table), the traits
// that decide what it buys (baby, kids, pets, smoker, drinker) and how much it shops.
// Everything is a pure function of (seed, household index).
#pragma once

#include <cstdint>
#include <string_view>

namespace basketgap::engine::synth {

struct Household {
  std::int64_t index = 0;  // 0-based position in the generated file
  std::int64_t key = 0;    // household_key written to the CSVs (index + 1)
  bool consent = false;
  int birth_month = 1;           // 1..12
  std::string_view composition;  // hh_comp_desc, e.g. "2 Adults Kids"
  std::string_view size_desc;    // household_size_desc "1".."5+"
  int size = 1;                  // members, 1..5
  bool kids = false, baby = false, cat = false, dog = false, smoker = false, drinker = false;
  int first_day = 1, last_day = 1;  // active window: late joiners and lapsed customers exist
  double baskets = 1.0;             // expected shopping trips in the window
  double basket_extra = 3.0;        // mean items above the minimum basket
  double staple_share = 0.4;        // share of basket slots its staples take on average
  double repeat_share = 0.3;        // exploratory picks that repeat an earlier exploratory product
  int home_store = 300;

  // Mean items per basket (3 + basket_extra; the rare 1-2 item trips aside).
  double mean_basket() const { return 3.0 + basket_extra; }
};

// Median trips per household over 711 days and the spread of log(trips), calibrated to the
// real transaction_data.csv (median 34, p90 113 baskets per household).
inline constexpr double kMedianBaskets711 = 38.0;
inline constexpr double kBasketsSigma = 0.88;

Household make_household(std::uint64_t seed, std::int64_t index, int days, double consent_rate);

}  // namespace basketgap::engine::synth
