// The lift view's statistics (docs/EVALUATE.md, "The lift view") on hand-computed examples.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "jobs/evaluate/lift.hpp"
#include "jobs/report/output.hpp"
#include "jobs/report/html_report.hpp"

using namespace basketgap::evaluate;

TEST(EvaluateLift, WelchIntervalOnAHandComputedExample) {
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
  EXPECT_LT(d.ci_low, d.estimate);
  EXPECT_GT(d.ci_high, d.estimate);
}

TEST(EvaluateLift, TooFewHouseholdsGiveNoInterval) {
  const std::vector<double> one{0.25}, two{0, 1};
  const Difference d = welch_difference(mean_variance(one), mean_variance(two));
  EXPECT_DOUBLE_EQ(d.estimate, -0.25);
  EXPECT_TRUE(std::isnan(d.standard_error));
  EXPECT_TRUE(std::isnan(d.ci_low) && std::isnan(d.ci_high));
  const auto j = lift_json(LiftResult{});
  EXPECT_TRUE(j["share_difference"]["ci95_low"].is_null());
}

TEST(EvaluateLift, RecordsAndSummaryFromLists) {
  // Three local households, k = 3: h0 treated {1, 2}, h1 control {2, -2 (not in store), 5},
  // h2 not counted. Truth: h0 bought 2 and 7; h1 bought 1; h2 bought 2.
  LiftLists lists;
  lists.k = 3;
  lists.group = {0, 1, -1};
  lists.product = {1, 2, -1, -2, 2, 5, -1, -1, -1};
  basketgap::engine::ProductSets truth;
  truth.offsets = {0, 2, 3, 4};
  truth.product = {2, 7, 1, 2};
  const auto records = lift_records(lists, truth);
  ASSERT_EQ(records.size(), 2u);
  EXPECT_EQ(records[0].group, 0);
  EXPECT_EQ(records[0].coupons, 2);
  EXPECT_EQ(records[0].bought, 1);
  EXPECT_EQ(records[1].group, 1);
  EXPECT_EQ(records[1].coupons, 3);
  EXPECT_EQ(records[1].bought, 0);
  const LiftResult l = summarise_lift(records);
  EXPECT_TRUE(l.present);
  EXPECT_EQ(l.treated.households, 1);
  EXPECT_EQ(l.control.households, 1);
  EXPECT_DOUBLE_EQ(l.treated.share.mean, 0.5);
  EXPECT_DOUBLE_EQ(l.treated.buyer.mean, 1.0);
  EXPECT_DOUBLE_EQ(l.control.buyer.mean, 0.0);
  EXPECT_DOUBLE_EQ(l.share.estimate, 0.5);
  EXPECT_DOUBLE_EQ(l.buyer_rate.estimate, 1.0);
}

TEST(EvaluateLift, ReportAndTableShowTheLift) {
  Result r;
  r.as_of = 100;
  r.window = 14;
  r.k = 12;
  const std::vector<LiftRecord> records{{0, 4, 1, 0}, {0, 4, 0, 0}, {1, 4, 0, 0}, {1, 4, 1, 0}};
  r.lift = summarise_lift(records);
  r.lift.first_day = 101;
  r.lift.last_day = 114;
  const std::string html = report_html(r, "no gnuplot");
  EXPECT_NE(html.find("Lift: treated vs control"), std::string::npos);
  EXPECT_NE(html.find("buyer rate"), std::string::npos);
  const std::string table = format_table(r);
  EXPECT_NE(table.find("lift (days 101-114"), std::string::npos);
  EXPECT_NE(table.find("treated - control share"), std::string::npos);
  const auto j = to_json(r);
  EXPECT_EQ(j["lift"]["treated"]["households"], 2);
  EXPECT_EQ(j["lift"]["control"]["households"], 2);
  EXPECT_DOUBLE_EQ(j["lift"]["share_difference"]["estimate"].get<double>(), 0.0);
}
