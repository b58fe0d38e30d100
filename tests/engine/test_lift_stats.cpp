// The lift view's statistics (docs/EVALUATE.md, "The lift view") on hand-computed examples.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "engine/lift_stats.hpp"

using namespace basketgap::engine;

TEST(LiftStats, Z95IsTheNormalQuantile) {
  // Phi(z) = erfc(-z / sqrt 2) / 2 = 0.975.
  EXPECT_NEAR(0.5 * std::erfc(-kZ95 / std::sqrt(2.0)), 0.975, 1e-15);
}

TEST(LiftStats, MeanVarianceOfNoneAndOneValue) {
  const MeanVariance none = mean_variance({});
  EXPECT_EQ(none.n, 0);
  EXPECT_EQ(none.mean, 0);
  EXPECT_TRUE(std::isnan(none.variance));
  const std::vector<double> one{7.5};
  const MeanVariance m = mean_variance(one);
  EXPECT_EQ(m.n, 1);
  EXPECT_EQ(m.mean, 7.5);
  EXPECT_TRUE(std::isnan(m.variance));
}

TEST(LiftStats, WelchIntervalOnAHandComputedExample) {
  // Treated 1, 0, 1/2, 1/2: mean 1/2, sample variance (1/4 + 1/4) / 3 = 1/6.
  // Control 0, 0, 1/2: mean 1/6, sample variance (1/36 + 1/36 + 4/36) / 2 = 1/12.
  // Difference 1/3, se = sqrt(1/6 / 4 + 1/12 / 3) = sqrt(5/72).
  const std::vector<double> treated{1, 0, 0.5, 0.5}, control{0, 0, 0.5};
  const MeanVariance t = mean_variance(treated), c = mean_variance(control);
  EXPECT_EQ(t.n, 4);
  EXPECT_DOUBLE_EQ(t.mean, 0.5);
  EXPECT_DOUBLE_EQ(t.variance, 1.0 / 6);
  EXPECT_DOUBLE_EQ(c.mean, 1.0 / 6);
  EXPECT_DOUBLE_EQ(c.variance, 1.0 / 12);
  const Difference d = welch_difference(t, c);
  EXPECT_DOUBLE_EQ(d.estimate, 1.0 / 3);
  EXPECT_DOUBLE_EQ(d.standard_error, std::sqrt(5.0 / 72));
  // 1.959964 * 0.2635231 = 0.5164958
  EXPECT_NEAR(d.ci_low, 1.0 / 3 - 0.5164958, 1e-6);
  EXPECT_NEAR(d.ci_high, 1.0 / 3 + 0.5164958, 1e-6);
}

TEST(LiftStats, WelchIntervalExactInBinary) {
  // a = 0, 6: mean 3, variance 18; b = 0, 8: mean 4, variance 32.
  // se = sqrt(18/2 + 32/2) = sqrt(25) = 5; interval -1 -/+ 5 * 1.959963984540054.
  const std::vector<double> a{0, 6}, b{0, 8};
  const MeanVariance ma = mean_variance(a), mb = mean_variance(b);
  EXPECT_EQ(ma.mean, 3);
  EXPECT_EQ(ma.variance, 18);
  EXPECT_EQ(mb.mean, 4);
  EXPECT_EQ(mb.variance, 32);
  const Difference d = welch_difference(ma, mb);
  EXPECT_EQ(d.estimate, -1);
  EXPECT_EQ(d.standard_error, 5);
  EXPECT_NEAR(d.ci_low, -10.79981992270027, 1e-12);
  EXPECT_NEAR(d.ci_high, 8.79981992270027, 1e-12);
  EXPECT_EQ(d.ci_high - d.estimate, d.estimate - d.ci_low);  // symmetric
}

TEST(LiftStats, TooFewHouseholdsGiveNoInterval) {
  const std::vector<double> one{0.25}, two{0, 1};
  const Difference d = welch_difference(mean_variance(one), mean_variance(two));
  EXPECT_DOUBLE_EQ(d.estimate, -0.25);
  EXPECT_TRUE(std::isnan(d.standard_error));
  EXPECT_TRUE(std::isnan(d.ci_low) && std::isnan(d.ci_high));
}

TEST(LiftStats, SummaryOfRecordsByHand) {
  // Treated: 1 of 2 and 4 of 4 bought -> shares 1/2, 1 (mean 3/4, variance 1/8), buyers 1, 1.
  // Control: 0 of 4 and 2 of 4 -> shares 0, 1/2 (mean 1/4, variance 1/8), buyers 0, 1 (variance 1/2).
  const std::vector<LiftRecord> records{{0, 2, 1, 0}, {1, 4, 0, 0}, {0, 4, 4, 0}, {1, 4, 2, 0}};
  const LiftSummary s = summarise_lift(records);
  EXPECT_EQ(s.treated.households, 2);
  EXPECT_EQ(s.treated.coupons, 6);
  EXPECT_EQ(s.treated.bought, 5);
  EXPECT_EQ(s.control.households, 2);
  EXPECT_EQ(s.control.coupons, 8);
  EXPECT_EQ(s.control.bought, 2);
  EXPECT_EQ(s.treated.share.mean, 0.75);
  EXPECT_EQ(s.treated.share.variance, 0.125);
  EXPECT_EQ(s.treated.buyer.mean, 1);
  EXPECT_EQ(s.treated.buyer.variance, 0);
  EXPECT_EQ(s.control.share.mean, 0.25);
  EXPECT_EQ(s.control.share.variance, 0.125);
  EXPECT_EQ(s.control.buyer.mean, 0.5);
  EXPECT_EQ(s.control.buyer.variance, 0.5);
  // Share: 1/2, se sqrt(1/16 + 1/16) = sqrt(1/8). Buyer rate: 1/2, se sqrt(0 + 1/4) = 1/2.
  EXPECT_EQ(s.share.estimate, 0.5);
  EXPECT_DOUBLE_EQ(s.share.standard_error, std::sqrt(0.125));
  EXPECT_EQ(s.buyer_rate.estimate, 0.5);
  EXPECT_EQ(s.buyer_rate.standard_error, 0.5);
  EXPECT_EQ(s.buyer_rate.ci_low, 0.5 - kZ95 * 0.5);
  EXPECT_EQ(s.buyer_rate.ci_high, 0.5 + kZ95 * 0.5);
}

TEST(LiftStats, NoRecordsGiveEmptyGroups) {
  const LiftSummary s = summarise_lift({});
  EXPECT_EQ(s.treated.households, 0);
  EXPECT_EQ(s.control.households, 0);
  EXPECT_EQ(s.share.estimate, 0);
  EXPECT_TRUE(std::isnan(s.share.standard_error));
  EXPECT_TRUE(std::isnan(s.buyer_rate.ci_low));
}
