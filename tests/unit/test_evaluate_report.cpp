// The evaluate report page: self-contained, and a clear note instead of images without gnuplot.
#include <gtest/gtest.h>

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
