// The statistics of a rolling backtest (docs/EVALUATE.md, "Rolling backtest") on hand-computed
// numbers: the Student t quantile, the mean over windows with its t interval, the paired
// difference over windows and the count of windows won.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <vector>

#include "engine/rolling_stats.hpp"
#include "engine/student_t.hpp"

using namespace basketgap::engine;

TEST(RollingStats, StudentT95MatchesThePublishedTable) {
  // Two-sided 95 % critical values (any statistics table, to 4 decimals).
  EXPECT_NEAR(student_t95(1), 12.7062, 5e-5);
  EXPECT_NEAR(student_t95(2), 4.3027, 5e-5);
  EXPECT_NEAR(student_t95(3), 3.1824, 5e-5);
  EXPECT_NEAR(student_t95(4), 2.7764, 5e-5);
  EXPECT_NEAR(student_t95(10), 2.2281, 5e-5);
  EXPECT_NEAR(student_t95(30), 2.0423, 5e-5);
  // Falls towards the normal quantile as the degrees of freedom grow.
  EXPECT_GT(student_t95(100), student_t95(1000));
  EXPECT_GT(student_t95(1000), kZ95);
  EXPECT_NEAR(student_t95(100000), kZ95, 1e-4);
}

TEST(RollingStats, StudentCentralProbabilityClosedForms) {
  // df = 1 is the Cauchy distribution: P(|T| <= t) = 2 atan(t) / pi; df = 2: t / sqrt(2 + t^2).
  for (double t : {0.5, 1.0, 3.0}) {
    EXPECT_NEAR(student_t_central(t, 1), 2 * std::atan(t) / std::numbers::pi, 1e-15);
    EXPECT_NEAR(student_t_central(t, 2), t / std::sqrt(2 + t * t), 1e-15);
  }
  EXPECT_EQ(student_t_central(0, 5), 0);
  EXPECT_NEAR(student_t_central(student_t95(7), 7), 0.95, 1e-12);
}

TEST(RollingStats, MeanOverWindowsUsesTheTQuantile) {
  // Window values 1, 2, 3, 6: mean 3, squares 4 + 1 + 0 + 9 = 14, sample variance 14/3,
  // se = sqrt(14/3 / 4) = 1.0801234; t(3) = 3.1824463, half width 3.4374349.
  const std::vector<double> values{1, 2, 3, 6};
  const Difference d = mean_over_windows(values);
  EXPECT_EQ(d.estimate, 3);
  EXPECT_NEAR(d.standard_error, 1.0801234497, 1e-9);
  EXPECT_NEAR(d.ci_low, 3 - 3.4374348819, 1e-8);
  EXPECT_NEAR(d.ci_high, 3 + 3.4374348819, 1e-8);
}

TEST(RollingStats, TwoWindowsExactInBinary) {
  // 1, 3: mean 2, sample variance 2, se = sqrt(2 / 2) = 1; one degree of freedom.
  const std::vector<double> values{1, 3};
  const Difference d = mean_over_windows(values);
  EXPECT_EQ(d.estimate, 2);
  EXPECT_EQ(d.standard_error, 1);
  EXPECT_EQ(d.ci_low, 2 - student_t95(1));
  EXPECT_EQ(d.ci_high, 2 + student_t95(1));
}

TEST(RollingStats, OneWindowHasNoInterval) {
  const std::vector<double> one{0.25};
  const Difference d = mean_over_windows(one);
  EXPECT_EQ(d.estimate, 0.25);
  EXPECT_TRUE(std::isnan(d.standard_error) && std::isnan(d.ci_low) && std::isnan(d.ci_high));
  EXPECT_EQ(verdict_of(d), Verdict::unclear);
}

TEST(RollingStats, PairedOverWindowsCountsWinsAndWidensWithFewWindows) {
  // System 3, 5, 4, 6 against baseline 1, 4, 4, 2: d = 2, 1, 0, 4 -> 3 wins (the tie is none);
  // mean 7/4, squares 1/16 + 9/16 + 49/16 + 81/16 = 140/16, sample variance 35/12,
  // se = sqrt(35/48) = 0.8539126; t(3) se = 2.7175309.
  const std::vector<double> system{3, 5, 4, 6}, baseline{1, 4, 4, 2};
  const WindowComparison c = paired_over_windows(system, baseline);
  EXPECT_EQ(c.wins, 3);
  EXPECT_EQ(c.windows, 4);
  EXPECT_EQ(c.difference.estimate, 1.75);
  EXPECT_NEAR(c.difference.standard_error, std::sqrt(35.0 / 48), 1e-15);
  EXPECT_NEAR(c.difference.ci_low, 1.75 - 2.7175308838, 1e-8);
  EXPECT_NEAR(c.difference.ci_high, 1.75 + 2.7175308838, 1e-8);
  // With 4 windows the interval holds 0; the normal quantile (1.96 se = 1.674) would have
  // called it better.
  EXPECT_EQ(verdict_of(c.difference), Verdict::unclear);
  EXPECT_GT(1.75 - kZ95 * c.difference.standard_error, 0);
}

TEST(RollingStats, ConsistentGainIsBetterAndLossIsWorse) {
  // d = 0.01, 0.02, 0.03: mean 0.02, sample variance 1e-4, se = 0.01 / sqrt 3; t(2) se = 0.0248.
  const std::vector<double> system{0.21, 0.22, 0.23}, baseline{0.2, 0.2, 0.2};
  const WindowComparison gain = paired_over_windows(system, baseline);
  EXPECT_EQ(gain.wins, 3);
  EXPECT_NEAR(gain.difference.estimate, 0.02, 1e-15);
  EXPECT_NEAR(gain.difference.standard_error, 0.01 / std::sqrt(3.0), 1e-15);
  EXPECT_EQ(verdict_of(gain.difference), Verdict::unclear);  // 0.02 - 0.0248 < 0
  const std::vector<double> steady{0.22, 0.221, 0.222};      // d = 0.02, 0.021, 0.022
  EXPECT_EQ(verdict_of(paired_over_windows(steady, baseline).difference), Verdict::better);
  const WindowComparison loss = paired_over_windows(baseline, steady);
  EXPECT_EQ(loss.wins, 0);
  EXPECT_EQ(verdict_of(loss.difference), Verdict::worse);
}
