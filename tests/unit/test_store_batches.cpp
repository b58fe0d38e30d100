// The pieces of `append` that need no MPI: the batch look-up by checksum (nights without sales
// told apart by their day), the last covered day, the chained fingerprint, attribute updates, and the
// one-writer lock on STORE.lock.
#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <regex>

#include "io/errors.hpp"
#include "io/store/batches.hpp"
#include "io/store/provenance.hpp"
#include "jobs/append/store_lock.hpp"

using namespace basketgap;

TEST(StoreBatches, FindsABatchByItsSourceChecksum) {
  std::vector<io::BatchRecord> batches(2);
  batches[0].source_xxh3 = "00000000000000aa";
  batches[0].rows = batches[1].rows = 10;
  batches[1].version = 2;
  batches[1].source_xxh3 = "00000000000000bb";
  ASSERT_NE(io::find_batch_by_checksum(batches, "00000000000000bb"), nullptr);
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000bb")->version, 2);
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000cc"), nullptr);
  EXPECT_EQ(io::find_batch_by_checksum(batches, ""), nullptr);  // no checksum matches nothing
}

// Every header-only file of a shop has the same checksum: a night without sales is the night
// of its day, and a file of rows never matches one.
TEST(StoreBatches, NightsWithoutSalesAreToldApartByTheirDay) {
  std::vector<io::BatchRecord> batches(4);
  batches[0].rows = 100, batches[0].source_xxh3 = "00000000000000aa", batches[0].last_day = 710;
  batches[1].version = 2, batches[1].source_xxh3 = "00000000000000ee";  // no sales on day 711
  batches[1].first_day = batches[1].last_day = 711;
  batches[2].version = 3, batches[2].source_xxh3 = "00000000000000ee";  // nor on day 712, retracted
  batches[2].first_day = batches[2].last_day = 712, batches[2].retracted_in = 4;
  batches[3].version = 4, batches[3].source = "retract of version 3";  // no rows, no checksum
  EXPECT_TRUE(batches[1].no_sales_night());
  EXPECT_FALSE(batches[0].no_sales_night());
  EXPECT_FALSE(batches[3].no_sales_night());
  EXPECT_FALSE(batches[3].covers_days());
  ASSERT_NE(io::find_batch_by_checksum(batches, "00000000000000ee", 711), nullptr);
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000ee", 711)->version, 2);
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000ee", 712), nullptr);  // retracted
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000ee", 713), nullptr);
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000ee"), nullptr);  // not without the day
  EXPECT_EQ(io::find_batch_by_checksum(batches, "00000000000000aa", 710), nullptr);
  EXPECT_TRUE(batches[2].is_night("00000000000000ee", 712));
  // The last day covered: the night without sales counts; the retracted one only before its
  // retraction; version 1 alone ends on its rows' last day.
  EXPECT_EQ(io::last_covered_day(batches, 4, 0), 711);
  EXPECT_EQ(io::last_covered_day(batches, 3, 0), 712);
  EXPECT_EQ(io::last_covered_day(batches, 1, 0), 710);
  EXPECT_EQ(io::last_covered_day({}, 1, 5), 5);
}

TEST(StoreBatches, AppendedFingerprintIsChainedAndDependsOnTheNight) {
  io::StoreSources night;
  night.transactions_xxh3 = "0123456789abcdef";
  const std::string a = io::appended_fingerprint("fedcba9876543210", night);
  EXPECT_EQ(a.size(), 16u);
  EXPECT_EQ(a, io::appended_fingerprint("fedcba9876543210", night));
  EXPECT_NE(a, io::appended_fingerprint("fedcba9876543211", night));
  night.households_xxh3 = "1111111111111111";
  EXPECT_NE(a, io::appended_fingerprint("fedcba9876543210", night));
}

TEST(StoreBatches, SetAttributeReplacesInPlaceOrAddsAtTheEnd) {
  io::Attributes a{{"rows", std::int64_t{1}}, {"fingerprint", std::string("x")}};
  io::set_attribute(a, "rows", std::int64_t{5});
  io::set_attribute(a, "store_version", std::int64_t{2});
  ASSERT_EQ(a.size(), 3u);
  EXPECT_EQ(std::get<std::int64_t>(a[0].second), 5);
  EXPECT_EQ(a[2].first, "store_version");
}

TEST(StoreBatches, UtcTimeIsIso8601Z) {
  EXPECT_TRUE(std::regex_match(io::utc_now(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
}

namespace {
std::string temp_store() {
  const auto dir = std::filesystem::temp_directory_path() / ("basketgap-lock-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  return (dir / "store.h5").string();
}
}  // namespace

TEST(StoreLock, OneWriterAtATimeAndTheHolderIsNamed) {
  const std::string store = temp_store();
  {
    append::StoreLock first(store);
    std::ifstream in(first.path());
    std::string host, pid;
    in >> host >> pid;
    EXPECT_EQ(pid, std::to_string(getpid()));
    try {
      append::StoreLock second(store);  // another open file description: flock refuses it
      FAIL() << "a second writer took the lock";
    } catch (const Error& e) {
      EXPECT_EQ(e.code(), exit_cant_create);
      EXPECT_NE(std::string(e.what()).find("another writer holds"), std::string::npos) << e.what();
      EXPECT_NE(std::string(e.what()).find(pid), std::string::npos) << e.what();
    }
  }
  EXPECT_FALSE(std::filesystem::exists(store + ".lock"));  // released and removed
  {
    std::ofstream(store + ".lock") << "otherhost 1\n";  // left by a killed run: no flock held
    append::StoreLock again(store);
  }
  std::filesystem::remove_all(std::filesystem::path(store).parent_path());
}
