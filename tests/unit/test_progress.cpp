#include <gtest/gtest.h>

#include "jobs/cluster/progress.hpp"

using basketgap::format_count;
using basketgap::format_duration;
using basketgap::remaining_seconds;

TEST(Progress, FormatsDurationsAsHoursMinutesSeconds) {
  EXPECT_EQ(format_duration(0), "00:00:00");
  EXPECT_EQ(format_duration(59.6), "00:01:00");
  EXPECT_EQ(format_duration(3 * 3600 + 25 * 60 + 7), "03:25:07");
}

TEST(Progress, FormatsCountsWithSiSuffixes) {
  EXPECT_EQ(format_count(89), "89");
  EXPECT_EQ(format_count(456'700), "456.7k");
  EXPECT_EQ(format_count(1'230'000), "1.23M");
  EXPECT_EQ(format_count(2'500'000'000.0), "2.50G");
}

TEST(Progress, TheEtaIsWhatRemainsAtTheRateSoFar) {
  EXPECT_DOUBLE_EQ(remaining_seconds(900, 1000, 90.0), 10.0);  // 10 per second: 100 left
  EXPECT_DOUBLE_EQ(remaining_seconds(250, 1000, 60.0), 180.0);
  EXPECT_EQ(remaining_seconds(0, 1000, 5.0), 0.0);     // no rate yet
  EXPECT_EQ(remaining_seconds(1000, 1000, 5.0), 0.0);  // done
}
