// The synthetic data has the shape the recommender needs: baby households buy diapers,
// staples come back on their cycle, baskets and returns look like the real data.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>
#include <vector>

#include "engine/synth/catalog.hpp"
#include "engine/synth/taxonomy.hpp"
#include "engine/synth/transactions.hpp"

namespace synth = basketgap::engine::synth;

namespace {

constexpr std::uint64_t kSeed = 20261126;
constexpr int kDays = 711;

struct Sample {
  synth::Catalog catalog{kSeed, 4000, kDays};
  std::vector<synth::Household> households;
  std::vector<std::vector<synth::TxnRow>> rows;

  explicit Sample(int n) {
    for (int i = 0; i < n; ++i) {
      households.push_back(synth::make_household(kSeed, i, kDays, 0.8));
      rows.emplace_back();
      synth::generate_transactions(catalog, households.back(), kSeed, rows.back());
    }
  }
  int commodity_of(std::int64_t product_id) const {
    return catalog.product(product_id - synth::Catalog::kFirstProductId).commodity;
  }
};

const Sample& sample() {
  static const Sample s(800);
  return s;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0.0 : v[v.size() / 2];
}

}  // namespace

TEST(GeneratorShape, BabyHouseholdsBuyDiapersFarMoreThanOthers) {
  const auto& s = sample();
  const int diapers = synth::commodity_index("DIAPERS");
  int baby = 0, baby_buyers = 0, other = 0, other_buyers = 0;
  for (std::size_t i = 0; i < s.households.size(); ++i) {
    const bool bought = std::any_of(s.rows[i].begin(), s.rows[i].end(),
                                    [&](const auto& r) { return s.commodity_of(r.product_id) == diapers; });
    (s.households[i].baby ? baby : other) += 1;
    (s.households[i].baby ? baby_buyers : other_buyers) += bought;
  }
  ASSERT_GT(baby, 20);
  EXPECT_GT(baby_buyers, 0.8 * baby);
  EXPECT_LT(other_buyers, 0.1 * other);
}

TEST(GeneratorShape, StapleGapsClusterNearTheirCycle) {
  // For frequent shoppers (trips much more often than the cycle), the gaps between purchases
  // of a staple's favourite product sit near the household's personal cycle.
  const auto& s = sample();
  std::vector<double> ratios;
  for (std::size_t i = 0; i < s.households.size(); ++i) {
    const auto& h = s.households[i];
    if (h.baskets < 150) continue;
    const double trip_gap = (h.last_day - h.first_day + 1) / h.baskets;
    for (const auto& st : synth::plan_household(s.catalog, h, kSeed).staples) {
      if (st.cycle < 3 * trip_gap || st.switched_to >= 0) continue;
      const std::int64_t id = s.catalog.product(st.product).id;
      std::vector<int> days;
      for (const auto& r : s.rows[i])
        if (r.product_id == id && (days.empty() || days.back() != r.day)) days.push_back(r.day);
      for (std::size_t k = 1; k < days.size(); ++k) ratios.push_back((days[k] - days[k - 1]) / st.cycle);
    }
  }
  ASSERT_GT(ratios.size(), 200u);
  const double m = median(ratios);
  EXPECT_GT(m, 0.8);
  EXPECT_LT(m, 1.4);
  const auto near = std::count_if(ratios.begin(), ratios.end(), [](double r) { return r > 0.6 && r < 1.6; });
  EXPECT_GT(near, static_cast<long>(0.6 * ratios.size()));
}

TEST(GeneratorShape, BasketSizesAndReturnsMatchTheCalibration) {
  const auto& s = sample();
  std::map<std::int64_t, int> basket_lines;
  std::int64_t lines = 0, returns = 0;
  for (const auto& rows : s.rows)
    for (const auto& r : rows) {
      ++basket_lines[r.basket_id];
      ++lines;
      returns += r.quantity <= 0;
    }
  const double mean = static_cast<double>(lines) / basket_lines.size();
  EXPECT_GT(mean, 6.0);  // real transaction_data.csv: 6.94
  EXPECT_LT(mean, 7.8);
  const double returns_share = static_cast<double>(returns) / lines;
  EXPECT_GT(returns_share, 0.0015);
  EXPECT_LT(returns_share, 0.005);
  const double baskets_per_household = static_cast<double>(basket_lines.size()) / s.households.size();
  EXPECT_GT(baskets_per_household, 38.0);  // real: 49.7
  EXPECT_LT(baskets_per_household, 62.0);
}

TEST(GeneratorShape, DaysInRangeOrderedAndBasketIdsUnique) {
  const auto& s = sample();
  std::set<std::int64_t> baskets;
  std::map<std::int64_t, std::pair<std::int64_t, int>> basket_owner;
  std::int64_t previous_key = 0;
  for (const auto& rows : s.rows) {
    int previous_day = 0;
    for (const auto& r : rows) {
      ASSERT_GE(r.day, 1);
      ASSERT_LE(r.day, kDays);
      ASSERT_GE(r.day, previous_day);
      ASSERT_GE(r.household_key, previous_key);
      previous_day = r.day;
      previous_key = r.household_key;
      const auto [it, fresh] = basket_owner.emplace(r.basket_id, std::make_pair(r.household_key, r.day));
      if (!fresh) {
        ASSERT_EQ(it->second.first, r.household_key);  // a basket belongs to one household, one day
        ASSERT_EQ(it->second.second, r.day);
      }
    }
  }
  EXPECT_GT(basket_owner.size(), 10000u);
}

TEST(GeneratorShape, ProductsWithinABasketAreDistinct) {
  const auto& s = sample();
  for (const auto& rows : s.rows) {
    std::set<std::pair<std::int64_t, std::int64_t>> seen;
    for (const auto& r : rows) ASSERT_TRUE(seen.emplace(r.basket_id, r.product_id).second);
  }
}
