// The store's batch records through io/store/batches: written collectively, read back on
// every rank; a store without them reads as one batch from its root attributes; versions that
// are not 1, 2, 3, ... are a corrupt store.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <filesystem>
#include <string>
#include <vector>

#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"
#include "io/store/batches.hpp"

namespace io = basketgap::io;
namespace h5 = basketgap::io::h5;

namespace {
// A path every rank agrees on (rank 0's pid in it).
std::string agreed_path(const char* tag) {
  long pid = ::getpid();
  MPI_Bcast(&pid, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  return std::filesystem::temp_directory_path().string() + "/bg-batches-" + tag + "-" + std::to_string(pid) +
         ".h5";
}

bool is_root() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank == 0;
}

std::vector<io::BatchRecord> two_batches() {
  return {{1, "base.csv", "00000000000000aa", 100, 2, 1, 90, "2026-01-01T00:00:00Z", "1111111111111111", "",
           "", 0},
          {2, "night.csv", "00000000000000bb", 7, 0, 88, 91, "2026-01-02T00:00:00Z", "2222222222222222", "",
           "", 0}};
}
}  // namespace

TEST(StoreBatchesFile, WrittenCollectivelyReadOnEveryRank) {
  const std::string path = agreed_path("roundtrip");
  {
    h5::File file = h5::File::create_parallel(path, MPI_COMM_WORLD);
    io::write_batches(file, two_batches(), is_root());
  }
  const std::vector<io::BatchRecord> read = io::read_batches(h5::File::open_read(path), {});
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[1].version, 2);
  EXPECT_EQ(read[1].source, "night.csv");
  EXPECT_EQ(read[1].source_xxh3, "00000000000000bb");
  EXPECT_EQ(read[1].rows, 7);
  EXPECT_EQ(read[0].rejected_lines, 2);
  EXPECT_EQ(read[1].first_day, 88);
  EXPECT_EQ(read[1].last_day, 91);
  EXPECT_EQ(read[0].utc_time, "2026-01-01T00:00:00Z");
  EXPECT_EQ(read[1].fingerprint, "2222222222222222");
  MPI_Barrier(MPI_COMM_WORLD);
  if (is_root()) std::filesystem::remove(path);
}

TEST(StoreBatchesFile, AStoreWithoutBatchesIsVersionOneFromItsAttributes) {
  const std::string path = agreed_path("legacy");
  { h5::File file = h5::File::create_parallel(path, MPI_COMM_WORLD); }
  const io::Attributes attributes{{"rows", std::int64_t{50}},
                                  {"min_day", std::int64_t{3}},
                                  {"max_day", std::int64_t{40}},
                                  {"source_transactions", std::string("all.csv")},
                                  {"fingerprint", std::string("abcdabcdabcdabcd")}};
  const std::vector<io::BatchRecord> read = io::read_batches(h5::File::open_read(path), attributes);
  ASSERT_EQ(read.size(), 1u);
  EXPECT_EQ(read[0].version, 1);
  EXPECT_EQ(read[0].rows, 50);
  EXPECT_EQ(read[0].first_day, 3);
  EXPECT_EQ(read[0].last_day, 40);
  EXPECT_EQ(read[0].source, "all.csv");
  EXPECT_EQ(read[0].fingerprint, "abcdabcdabcdabcd");
  MPI_Barrier(MPI_COMM_WORLD);
  if (is_root()) std::filesystem::remove(path);
}

TEST(StoreBatchesFile, VersionsOutOfSequenceAreACorruptStore) {
  const std::string path = agreed_path("corrupt");
  {
    std::vector<io::BatchRecord> batches = two_batches();
    batches[1].version = 5;
    h5::File file = h5::File::create_parallel(path, MPI_COMM_WORLD);
    io::write_batches(file, batches, is_root());
  }
  try {
    io::read_batches(h5::File::open_read(path), {});
    ADD_FAILURE() << "versions 1, 5 were accepted";
  } catch (const basketgap::Error& e) {
    EXPECT_EQ(e.code(), basketgap::exit_data);
    EXPECT_NE(std::string(e.what()).find("/batches/version"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  MPI_Barrier(MPI_COMM_WORLD);
  if (is_root()) std::filesystem::remove(path);
}
