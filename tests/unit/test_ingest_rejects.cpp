// The rejects file is a CSV a person opens: one row per rejected line, the raw text readable.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "jobs/ingest/rejects.hpp"

namespace basketgap::ingest {
namespace {

TEST(IngestRejects, RowNamesFileLineColumnReasonAndText) {
  const std::vector<RejectEntry> rejects{
      {3, 2, io::RejectReason::not_a_number, "'x' is not a number", "1,x,3"}};
  EXPECT_EQ(format_rejects(rejects, "t.csv", 10), "t.csv,13,2,not_a_number,'x' is not a number,\"1,x,3\"\n");
}

TEST(IngestRejects, ControlBytesOfTheRawLineAreEscaped) {
  const std::string raw = std::string("1,2") + '\0' + "3\x1b" + "4\t5";
  const std::vector<RejectEntry> rejects{{1, 0, io::RejectReason::malformed_line, "embedded NUL", raw}};
  const std::string row = format_rejects(rejects, "t.csv", 0);
  EXPECT_EQ(row.find('\0'), std::string::npos);
  EXPECT_NE(row.find("1,2\\x003\\x1b4\t5"), std::string::npos) << row;
}

}  // namespace
}  // namespace basketgap::ingest
