// A transactions file that changes while ingest or append reads it (a copy still being written)
// is refused on every rank before anything is published (jobs/ingest/transactions_input.hpp).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/ingest/transactions_input.hpp"

using namespace basketgap;

namespace {

// A file every rank sees, written by rank 0.
std::string shared_file(const Comm& comm, const char* name, const std::string& text) {
  const std::string path = (std::filesystem::temp_directory_path() / name).string();
  if (comm.is_root()) std::ofstream(path, std::ios::binary) << text;
  comm.barrier();
  return path;
}

int code_of_check(const std::string& path, const ingest::TransactionsInput& input, const Comm& comm,
                  std::string& what) {
  try {
    ingest::refuse_changed_since_opened(path, input, comm);
  } catch (const Error& e) {
    what = e.what();
    return e.code();
  }
  return 0;
}

}  // namespace

TEST(TransactionsChanged, AFileThatGrewWhileReadIsRefusedOnEveryRank) {
  const Comm comm;
  const std::string path =
      shared_file(comm, "basketgap-mpi-growing.csv",
                  "household_key,BASKET_ID,DAY,PRODUCT_ID,QUANTITY,SALES_VALUE\n1,1,1,100,1,2.5\n");
  const ingest::TransactionsInput input = ingest::open_transactions(path, IngestConfig{});
  std::string what;
  EXPECT_EQ(code_of_check(path, input, comm, what), 0) << what;
  if (comm.is_root()) std::ofstream(path, std::ios::binary | std::ios::app) << "1,2,2,101,1,2.5\n";
  comm.barrier();
  EXPECT_EQ(code_of_check(path, input, comm, what), static_cast<int>(exit_data)) << "rank " << comm.rank();
  EXPECT_NE(what.find("changed while it was read (76 bytes when opened, 92 now)"), std::string::npos) << what;
  comm.barrier();
  if (comm.is_root()) std::filesystem::remove(path);
}
