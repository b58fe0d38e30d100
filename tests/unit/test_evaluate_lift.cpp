// The lift view's wiring (docs/EVALUATE.md, "The lift view"): records from the lists, the
// report and the table. The statistics themselves: tests/engine/test_lift_stats.cpp.
#include <gtest/gtest.h>

#include <vector>

#include "jobs/evaluate/lift.hpp"
#include "jobs/report/html_report.hpp"
#include "jobs/report/output.hpp"

using namespace basketgap::evaluate;

TEST(EvaluateLift, NoIntervalIsNullInTheJson) {
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
  const basketgap::engine::LiftSummary l = basketgap::engine::summarise_lift(records);
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
  const std::vector<basketgap::engine::LiftRecord> records{
      {0, 4, 1, 0}, {0, 4, 0, 0}, {1, 4, 0, 0}, {1, 4, 1, 0}};
  r.lift = LiftResult{basketgap::engine::summarise_lift(records), true, 101, 114, {}};
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
