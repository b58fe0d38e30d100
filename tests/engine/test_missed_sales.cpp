// engine/missed_sales: the sales a product would have made since its last sale, at its own pace.
#include <gtest/gtest.h>

#include <cmath>

#include "engine/missed_sales.hpp"

using namespace basketgap::engine;

namespace {
// One household's purchase days of a product, added to both sums as count_population does.
void add(SaleDays& sales, CycleSums& cycles, std::int32_t product, std::int32_t first, std::int32_t last,
         std::int32_t purchase_days) {
  const PurchaseSpan span{product, first, last, purchase_days};
  sales.add(span);
  cycles.add(span);
}
}  // namespace

TEST(MissedSales, AreTheDaysSinceTheLastSaleTimesTheProductsPace) {
  SaleDays sales(5);
  CycleSums cycles(5);
  add(sales, cycles, 0, 1, 100, 60);  // sold on the as-of day: missed none
  add(sales, cycles, 0, 5, 99, 40);
  add(sales, cycles, 1, 1, 50, 50);  // every day for 50 days, then silent for 50
  add(sales, cycles, 2, 91, 91, 1);  // once, 9 days ago, first sold 10 days ago
  add(sales, cycles, 3, 11, 40, 3);  // two buyers: 5 purchase days over 90 days, silent 60
  add(sales, cycles, 3, 20, 30, 2);
  const std::vector<double> missed = missed_sales(sales, cycles, 100);
  ASSERT_EQ(missed.size(), 5u);
  EXPECT_EQ(missed[0], 0.0);
  EXPECT_DOUBLE_EQ(missed[1], std::log1p(50 * 50.0 / 100));
  EXPECT_DOUBLE_EQ(missed[2], std::log1p(9 * 1.0 / 10));
  EXPECT_DOUBLE_EQ(missed[3], std::log1p(60 * 5.0 / 90));
  EXPECT_EQ(missed[4], 0.0);  // never sold
}

TEST(MissedSales, ABestSellerSilentForAWeekMissedMoreThanASlowProductSilentForAMonth) {
  SaleDays sales(2);
  CycleSums cycles(2);
  for (int h = 0; h < 20; ++h) add(sales, cycles, 0, 1, 93, 30);  // 600 purchase days in 93
  add(sales, cycles, 1, 1, 70, 3);                                // 3 purchase days in 100
  const std::vector<double> missed = missed_sales(sales, cycles, 100);
  EXPECT_GT(missed[0], 3.0);
  EXPECT_LT(missed[1], 1.0);
}
