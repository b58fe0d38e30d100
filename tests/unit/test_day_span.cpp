// Day ranges in messages: "636-649", and "-8 to 5" once a day is negative (a store may hold
// days before its origin), where "-8-5" read as arithmetic.
#include <gtest/gtest.h>

#include "jobs/day_span.hpp"

using namespace basketgap;

TEST(DaySpan, DashBetweenDaysAndWordsOnceOneIsNegative) {
  EXPECT_EQ(day_span(636, 649), "636-649");
  EXPECT_EQ(day_span(0, 13), "0-13");
  EXPECT_EQ(day_span(-8, 5), "-8 to 5");
  EXPECT_EQ(day_span(-20, -7), "-20 to -7");
  EXPECT_EQ(day_span(51, 51), "51");  // one day: "days 51", not "days 51-51"
  EXPECT_EQ(day_span(-3, -3), "-3");
  EXPECT_EQ(missing_days(712, 712), "day 712 is missing");
  EXPECT_EQ(missing_days(712, 720), "days 712-720 are missing");
}
