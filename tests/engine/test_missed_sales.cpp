// engine/missed_sales: the sales a product would have made since its last sale, at its own pace,
// counted in the shop's selling days.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

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

// A shop that sells on days 1 .. last except `closed` (days after `last` ignored).
SellingDays open_days(std::int32_t last, const std::vector<std::int32_t>& closed = {}) {
  std::vector<std::uint8_t> marks(static_cast<std::size_t>(last), 1);
  for (const std::int32_t day : closed)
    if (day <= last) marks[static_cast<std::size_t>(day - 1)] = 0;
  return SellingDays(1, marks);
}
}  // namespace

TEST(MissedSales, SellingDaysCountTheDaysWithSalesUpToADay) {
  const SellingDays days = open_days(10, {3, 4, 10});
  EXPECT_EQ(days.up_to(0), 0);
  EXPECT_EQ(days.up_to(2), 2);
  EXPECT_EQ(days.up_to(4), 2);
  EXPECT_EQ(days.up_to(9), 7);
  EXPECT_EQ(days.up_to(10), 7);
  EXPECT_EQ(days.up_to(500), 7);  // after the last marked day: nothing more
  EXPECT_EQ(SellingDays().up_to(5), 0);
}

TEST(MissedSales, AreTheDaysSinceTheLastSaleTimesTheProductsPace) {
  SaleDays sales(5);
  CycleSums cycles(5);
  add(sales, cycles, 0, 1, 100, 60);  // sold on the as-of day: missed none
  add(sales, cycles, 0, 5, 99, 40);
  add(sales, cycles, 1, 1, 50, 50);  // every day for 50 days, then silent for 50
  add(sales, cycles, 2, 91, 91, 1);  // once, 9 days ago, first sold 10 days ago
  add(sales, cycles, 3, 11, 40, 3);  // two buyers: 5 purchase days over 90 days, silent 60
  add(sales, cycles, 3, 20, 30, 2);
  EXPECT_EQ(sales.first_sale(), 1);
  const std::vector<double> missed = missed_sales(sales, cycles, open_days(100), 100);
  ASSERT_EQ(missed.size(), 5u);
  EXPECT_EQ(missed[0], 0.0);
  EXPECT_DOUBLE_EQ(missed[1], std::log1p(50 * 50.0 / 100));
  EXPECT_DOUBLE_EQ(missed[2], std::log1p(9 * 1.0 / 10));
  EXPECT_DOUBLE_EQ(missed[3], std::log1p(60 * 5.0 / 90));
  EXPECT_EQ(missed[4], 0.0);  // never sold
}

TEST(MissedSales, DaysTheShopSoldNothingDoNotCount) {
  SaleDays sales(2);
  CycleSums cycles(2);
  add(sales, cycles, 0, 1, 95, 95);  // sold every day the shop was open
  add(sales, cycles, 1, 1, 50, 50);  // every day to day 50
  // Closed days 60-69 (a holiday) and no rows after day 95 (a store whose last nights are
  // missing): as of day 100, product 0 missed nothing, product 1 was silent 35 selling days
  // of the 85 since its first sale.
  std::vector<std::int32_t> closed{96, 97, 98, 99, 100};
  for (std::int32_t day = 60; day < 70; ++day) closed.push_back(day);
  const std::vector<double> missed = missed_sales(sales, cycles, open_days(100, closed), 100);
  EXPECT_EQ(missed[0], 0.0);
  EXPECT_DOUBLE_EQ(missed[1], std::log1p(35 * 50.0 / 85));
  // The same as of day 95, the shop's last selling day: the missing nights change nothing.
  EXPECT_EQ(missed, missed_sales(sales, cycles, open_days(95, closed), 95));
}

TEST(MissedSales, ABestSellerSilentForAWeekMissedMoreThanASlowProductSilentForAMonth) {
  SaleDays sales(2);
  CycleSums cycles(2);
  for (int h = 0; h < 20; ++h) add(sales, cycles, 0, 1, 93, 30);  // 600 purchase days in 93
  add(sales, cycles, 1, 1, 70, 3);                                // 3 purchase days in 100
  const std::vector<double> missed = missed_sales(sales, cycles, open_days(100), 100);
  EXPECT_GT(missed[0], 3.0);
  EXPECT_LT(missed[1], 1.0);
}
