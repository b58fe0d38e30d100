// The evaluate report page: self-contained, a clear note instead of images without gnuplot, the
// headline, and bold differences only with a verdict.
#include <gtest/gtest.h>

#include "jobs/report/headline.hpp"
#include "jobs/report/html_report.hpp"

using namespace basketgap::evaluate;

namespace {
Result sample() {
  Result r;
  r.as_of = 635;
  r.window = 14;
  r.k = 12;
  r.store = "store<1>.h5";
  r.store_fingerprint = "cf5b9db56046850e";
  r.evaluated = 2;
  r.segments.push_back({"activity", "low", -1e300, 4, 2});
  SystemResult s;
  s.name = "personal_top_frequency";
  s.overall.ndcg = 0.2;
  s.by_segment.push_back(s.overall);
  r.systems.push_back(s);
  return r;
}
}  // namespace

TEST(EvaluateReport, NoteInsteadOfImagesWithoutGnuplot) {
  const std::string html = report_html(sample(), "gnuplot is not installed on this machine");
  EXPECT_NE(html.find("gnuplot is not installed on this machine"), std::string::npos);
  EXPECT_EQ(html.find("<img"), std::string::npos);
  EXPECT_NE(html.find("cf5b9db56046850e"), std::string::npos);
  EXPECT_NE(html.find("store&lt;1&gt;.h5"), std::string::npos);  // escaped
}

TEST(EvaluateReport, SelfContainedWithImages) {
  const std::string html = report_html(sample(), "");
  EXPECT_NE(html.find("<img src=\"metrics.png\""), std::string::npos);
  EXPECT_EQ(html.find("http"), std::string::npos);
  EXPECT_NE(html.find("<style>"), std::string::npos);
}

namespace {
// The engine against one baseline on 1,109 households, the paired NDCG difference `d`.
Result judged(const basketgap::engine::Difference& d) {
  Result r = sample();
  r.k = 12;
  r.evaluated = 1109;
  SystemResult engine;
  engine.name = "engine";
  engine.overall.ndcg = 0.2223;
  engine.intervals.ndcg = {0.2223, 0.0063, 0.2099, 0.2346};
  engine.by_segment.push_back(engine.overall);  // sample() has one segment
  r.systems.insert(r.systems.begin(), engine);
  r.versus.push_back({"personal_top_frequency", {}});
  r.versus.back().difference.ndcg = d;
  return r;
}
}  // namespace

TEST(EvaluateReport, HeadlineSaysBetterOnlyWhenTheIntervalExcludesZero) {
  EXPECT_EQ(
      headline(judged({0.0174, 0.0024, 0.0127, 0.0221})),
      "the basketgap engine: NDCG@12 0.222 (95% CI 0.210\u20130.235), +0.017 over personal top frequency "
      "(95% CI +0.013 to +0.022), on 1,109 households");
  EXPECT_EQ(
      headline(judged({0.004, 0.003, -0.002, 0.010})),
      "the basketgap engine: NDCG@12 0.222 (95% CI 0.210\u20130.235), no clear difference from personal top "
      "frequency (+0.004, 95% CI -0.002 to +0.010), on 1,109 households");
  EXPECT_NE(headline(judged({-0.02, 0.005, -0.03, -0.01})).find("-0.020 under personal top frequency"),
            std::string::npos);
}

TEST(EvaluateReport, HeadlineCountsTheHouseholdsLeftOut) {
  Result r = judged({0.0174, 0.0024, 0.0127, 0.0221});
  r.systems.front().name = "coupons";
  r.compared = {true, 1200, 34};
  const std::string h = headline(r);
  EXPECT_EQ(h.rfind("the coupons file: ", 0), 0u);
  EXPECT_NE(h.find("on 1,109 households (those the file gives a list; 1,234 left out)"), std::string::npos);
  EXPECT_NE(report_html(r, "").find("<p class=\"headline\">the coupons file"), std::string::npos);
}

TEST(EvaluateReport, DifferencesAreBoldOnlyWithAVerdict) {
  const std::string clear = report_html(judged({0.0174, 0.0024, 0.0127, 0.0221}), "");
  EXPECT_NE(clear.find("<td class=\"best\">better</td>"), std::string::npos);
  const std::string unclear = report_html(judged({0.004, 0.003, -0.002, 0.010}), "");
  EXPECT_EQ(unclear.find("class=\"best\">"), std::string::npos);
  EXPECT_NE(unclear.find("<td>no clear difference</td>"), std::string::npos);
}

TEST(EvaluateReport, ThousandsAreGrouped) {
  EXPECT_EQ(grouped(0), "0");
  EXPECT_EQ(grouped(999), "999");
  EXPECT_EQ(grouped(1109), "1,109");
  EXPECT_EQ(grouped(968397), "968,397");
  EXPECT_EQ(grouped(-1234567), "-1,234,567");
}
