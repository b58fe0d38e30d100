#include <gtest/gtest.h>

#include "jobs/cluster/progress.hpp"

using basketgap::format_count;
using basketgap::format_duration;

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
