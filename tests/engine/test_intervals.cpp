// The 95 % intervals of evaluate (docs/EVALUATE.md, "Uncertainty") on hand-computed examples.
// The Welch difference of the lift view: tests/engine/test_lift_stats.cpp.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/intervals.hpp"
#include "engine/metrics.hpp"

using namespace basketgap::engine;

TEST(Intervals, MeanIntervalExactInBinary) {
  // 1, 3: mean 2, sample variance 2, se = sqrt(2 / 2) = 1.
  const std::vector<double> values{1, 3};
  const Difference d = mean_interval(mean_variance(values));
  EXPECT_EQ(d.estimate, 2);
  EXPECT_EQ(d.standard_error, 1);
  EXPECT_EQ(d.ci_low, 2 - kZ95);
  EXPECT_EQ(d.ci_high, 2 + kZ95);
}

TEST(Intervals, MeanIntervalByHand) {
  // 0, 2, 4, 6, 8: mean 4, sample variance (16 + 4 + 0 + 4 + 16) / 4 = 10, se = sqrt(10 / 5) = sqrt 2.
  const std::vector<double> values{0, 2, 4, 6, 8};
  const Difference d = mean_interval(mean_variance(values));
  EXPECT_EQ(d.estimate, 4);
  EXPECT_DOUBLE_EQ(d.standard_error, std::sqrt(2.0));
  // 1.959964 * 1.4142136 = 2.7718076
  EXPECT_NEAR(d.ci_low, 4 - 2.7718076, 1e-6);
  EXPECT_NEAR(d.ci_high, 4 + 2.7718076, 1e-6);
}

TEST(Intervals, OneValueHasNoInterval) {
  const std::vector<double> one{0.5};
  const Difference d = mean_interval(mean_variance(one));
  EXPECT_EQ(d.estimate, 0.5);
  EXPECT_TRUE(std::isnan(d.standard_error));
  EXPECT_TRUE(std::isnan(d.ci_low) && std::isnan(d.ci_high));
  EXPECT_EQ(verdict_of(d), Verdict::unclear);
}

TEST(Intervals, PairedDifferenceExactInBinary) {
  // Differences 2, 4: mean 3, sample variance 2, se = 1.
  const std::vector<double> a{3, 5}, b{1, 1};
  const Difference d = paired_difference(a, b);
  EXPECT_EQ(d.estimate, 3);
  EXPECT_EQ(d.standard_error, 1);
  EXPECT_EQ(d.ci_low, 3 - kZ95);
  EXPECT_EQ(d.ci_high, 3 + kZ95);
  EXPECT_EQ(verdict_of(d), Verdict::better);
}

TEST(Intervals, PairedDifferenceByHandIsNarrowerThanWelch) {
  // Differences 1/4, 0, 1/2, 0: mean 3/16; squares (1/16)^2 + (3/16)^2 + (5/16)^2 + (3/16)^2 = 44/256,
  // sample variance 44/768 = 11/192, se = sqrt(11/192 / 4) = sqrt(11/768) = 0.1196784.
  const std::vector<double> a{0.5, 0.25, 1, 0}, b{0.25, 0.25, 0.5, 0};
  const Difference d = paired_difference(a, b);
  EXPECT_DOUBLE_EQ(d.estimate, 0.1875);
  EXPECT_DOUBLE_EQ(d.standard_error, std::sqrt(11.0 / 768));
  // 1.959964 * 0.1196784 = 0.2345653: the interval holds 0.
  EXPECT_NEAR(d.ci_low, 0.1875 - 0.2345653, 1e-6);
  EXPECT_NEAR(d.ci_high, 0.1875 + 0.2345653, 1e-6);
  EXPECT_EQ(verdict_of(d), Verdict::unclear);
  // The same households judged twice share their ups and downs: unpaired, se would be 0.2366.
  const Difference unpaired = welch_difference(mean_variance(a), mean_variance(b));
  EXPECT_EQ(unpaired.estimate, d.estimate);
  EXPECT_NEAR(unpaired.standard_error, 0.2366212, 1e-6);
}

TEST(Intervals, VerdictOnlyWhenTheIntervalExcludesZero) {
  EXPECT_EQ(verdict_of({-1, 0.25, -1.5, -0.5}), Verdict::worse);
  EXPECT_EQ(verdict_of({1, 0.25, 0.5, 1.5}), Verdict::better);
  EXPECT_EQ(verdict_of({0.1, 0.25, -0.4, 0.6}), Verdict::unclear);
  EXPECT_EQ(verdict_of({0, 0, 0, 0}), Verdict::unclear);  // identical lists: no difference at all
  EXPECT_STREQ(verdict_name(Verdict::better), "better");
  EXPECT_STREQ(verdict_name(Verdict::worse), "worse");
  EXPECT_STREQ(verdict_name(Verdict::unclear), "no clear difference");
}

TEST(Intervals, HouseholdMetricsAverageToTheSystemMetrics) {
  // 3 hits of 6 truth products @12: recall 1/2, precision 1/4, hit 1; no hit: all 0.
  const ListOutcome three{3, 1, 12, 0.625}, none{0, 0, 12, 0.0};
  const HouseholdMetrics m = household_metrics(three, 6, 12);
  EXPECT_EQ(m.recall, 0.5);
  EXPECT_EQ(m.precision, 0.25);
  EXPECT_EQ(m.hit_rate, 1);
  EXPECT_EQ(m.ndcg, 0.625);
  const HouseholdMetrics z = household_metrics(none, 4, 12);
  EXPECT_EQ(z.recall + z.precision + z.hit_rate + z.ndcg, 0);
  MetricsSum sum(12);
  sum.add(three, 6);
  sum.add(none, 4);
  const std::vector<double> recall{m.recall, z.recall}, ndcg{m.ndcg, z.ndcg};
  EXPECT_EQ(sum.result().recall, mean_interval(mean_variance(recall)).estimate);
  EXPECT_EQ(sum.result().ndcg, mean_interval(mean_variance(ndcg)).estimate);
}
