// The docs carry the table of each section's keys as rendered from the key table, verbatim:
// a key added, renamed or given another default, range or help fails here until the doc is
// updated (the failure prints the table to paste).
#include <gtest/gtest.h>

#include <fstream>
#include <iterator>
#include <string>

#include "jobs/config/config_text.hpp"

using namespace basketgap;

namespace {

std::string read_doc(const std::string& name) {
  std::ifstream in(std::string(BASKETGAP_SOURCE_DIR) + "/docs/" + name, std::ios::binary);
  EXPECT_TRUE(in) << name;
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void expect_doc_has_table(const std::string& doc, const std::string& section) {
  const std::string table = keys_markdown(section);
  EXPECT_NE(read_doc(doc).find(table), std::string::npos)
      << "docs/" << doc << " must contain the table of [" << section << "] keys, exactly:\n\n"
      << table;
}

}  // namespace

TEST(ConfigDocs, ScoringHasTheScoreKeys) { expect_doc_has_table("SCORING.md", "score"); }
TEST(ConfigDocs, CampaignHasTheCampaignKeys) { expect_doc_has_table("CAMPAIGN.md", "campaign"); }
TEST(ConfigDocs, FormatsHasTheIngestKeys) { expect_doc_has_table("FORMATS.md", "ingest"); }
