// A pseudonymised export is ordered by pseudonym over all ranks (jobs/export/pseudonym_order):
// the rows of every rank's mailed households come out sorted, each once, cut in blocks that do
// not depend on the rank count, and the same bytes whether they travel in one round or many.
#include <gtest/gtest.h>

#include <fmt/format.h>

#include <algorithm>
#include <sstream>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"
#include "jobs/export/pseudonym_order.hpp"

using namespace basketgap;

namespace {

// Rank r's mailed households: ids spread so that every rank's belong all over the order.
std::vector<exporting::MailedHousehold> households_of(const Comm& comm, int count) {
  std::vector<exporting::MailedHousehold> out;
  for (int i = 0; i < count; ++i) {
    const unsigned key = static_cast<unsigned>(i * 7919 + comm.rank() * 104729) % 1000003u;
    const std::string id = fmt::format("{:032x}", key * 2654435761u + static_cast<unsigned>(comm.rank()));
    out.push_back({id, id + ",row of rank " + std::to_string(comm.rank()) + "\n"});
  }
  return out;
}

// Every rank's part, concatenated on rank 0 in rank order ("" elsewhere).
std::string whole(const std::string& part, const Comm& comm) {
  const std::vector<char> all = comm.gatherv_to_root<char>(std::vector<char>(part.begin(), part.end()));
  return std::string(all.begin(), all.end());
}

}  // namespace

TEST(PseudonymOrder, RowsOfAllRanksComeSortedOnceAndRoundsChangeNoByte) {
  const Comm comm;
  io::ExportManifest manifest;
  manifest.layout.pseudonymised = true;
  const int count = 1500 + 300 * comm.rank();  // blocks of 1000 that straddle the ranks
  const std::string one_round =
      whole(exporting::blocks_in_pseudonym_order(households_of(comm, count), manifest, comm), comm);
  const std::string many_rounds =
      whole(exporting::blocks_in_pseudonym_order(households_of(comm, count), manifest, comm, 4096), comm);
  if (!comm.is_root()) return;
  EXPECT_EQ(one_round, many_rounds);
  std::istringstream lines(one_round);
  std::string line;
  std::getline(lines, line);  // the header
  std::vector<std::string> ids;
  while (std::getline(lines, line)) ids.push_back(line.substr(0, line.find(',')));
  int expected = 0;
  for (int r = 0; r < comm.size(); ++r) expected += 1500 + 300 * r;
  EXPECT_EQ(static_cast<int>(ids.size()), expected);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(std::adjacent_find(ids.begin(), ids.end()), ids.end());
}
