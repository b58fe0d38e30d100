// The coupons file through io/coupons: every rank writes its rows collectively, every rank
// reads the whole file back; errors name the file and what is missing.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/coupons/reader.hpp"
#include "io/coupons/schema.hpp"
#include "io/coupons/writer.hpp"
#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"

namespace io = basketgap::io;

namespace {

int rank_of_world() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return rank;
}

int ranks_of_world() {
  int size = 1;
  MPI_Comm_size(MPI_COMM_WORLD, &size);
  return size;
}

// One name for all ranks (rank 0's pid); `tag` tells the tests apart.
std::string shared_file(const std::string& tag) {
  long pid = ::getpid();
  MPI_Bcast(&pid, 1, MPI_LONG, 0, MPI_COMM_WORLD);
  return (std::filesystem::temp_directory_path() / ("bg-coupons-" + tag + "-" + std::to_string(pid) + ".h5"))
      .string();
}

// Rank r writes households 10r+1 and 10r+2, k = 2; values derive from the household id.
io::CouponsPart part_of(int rank, int ranks) {
  io::CouponsPart part;
  part.first_row = 2 * rank;
  part.file_rows = 2 * ranks;
  io::CouponRows& r = part.rows;
  r.k = 2;
  io::CouponHouseholdColumns& c = part.households;
  for (std::int64_t id : {10 * rank + 1, 10 * rank + 2}) {
    r.household_id.push_back(id);
    r.product_id.insert(r.product_id.end(), {100 * id, -1});
    r.score.insert(r.score.end(), {0.5f, 0.0f});
    r.reason.insert(r.reason.end(), {1, 0});
    r.source_product_id.insert(r.source_product_id.end(), {-1, -1});
    c.consent.push_back(id % 2 == 0 ? 1 : -1);
    c.control.push_back(id % 2);
    c.control_product_id.insert(c.control_product_id.end(), {id % 2 == 1 ? 200 * id : -1, -1});
    c.tier.push_back(static_cast<std::int8_t>(id % 4));
    c.cohort.push_back(static_cast<std::int8_t>(id % 3));
    c.rfm_recency.push_back(1);
    c.rfm_frequency.push_back(2);
    c.rfm_monetary.push_back(3);
  }
  part.names = {
      {"none", "replenish"}, {"bronze", "silver", "gold", "platinum"}, {"new", "established", "lapsing"}};
  part.attributes.as_of_day = 697;
  part.attributes.run_id = "run-1";
  part.attributes.config = "[score]\nk = 2";
  part.attributes.campaign_salt = "salt";
  part.attributes.mailing_month = 4;
  part.attributes.ranks = ranks;
  part.attributes.control_share = 0.25;
  return part;
}

template <typename T>
std::string error_of(T&& read) {
  try {
    read();
  } catch (const basketgap::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(CouponsFile, EveryRankWritesItsRowsAndReadsTheWholeFile) {
  const std::string path = shared_file("roundtrip");
  const int rank = rank_of_world(), ranks = ranks_of_world();
  io::write_coupons(path, MPI_COMM_WORLD, part_of(rank, ranks), rank == 0);

  const io::CouponsFile file = io::read_coupons(path);
  ASSERT_EQ(file.rows.households(), static_cast<std::size_t>(2 * ranks));
  EXPECT_EQ(file.rows.k, 2);
  for (int r = 0; r < ranks; ++r) {
    const io::CouponsPart expected = part_of(r, ranks);
    for (std::size_t i = 0; i < 2; ++i) {
      const std::size_t row = 2 * static_cast<std::size_t>(r) + i;
      EXPECT_EQ(file.rows.household_id[row], expected.rows.household_id[i]);
      EXPECT_EQ(file.rows.product_id[2 * row], expected.rows.product_id[2 * i]);
      EXPECT_EQ(file.rows.product_id[2 * row + 1], -1);
      EXPECT_EQ(file.rows.score[2 * row], 0.5f);
      EXPECT_EQ(file.rows.reason[2 * row], 1);
    }
  }
  EXPECT_EQ(file.reason_names, (std::vector<std::string>{"none", "replenish"}));
  EXPECT_EQ(file.attributes.as_of_day, 697);
  EXPECT_EQ(file.attributes.run_id, "run-1");
  EXPECT_EQ(file.attributes.config, "[score]\nk = 2");
  EXPECT_EQ(file.attributes.campaign, "");
  EXPECT_EQ(file.attributes.campaign_salt, "salt");
  EXPECT_EQ(file.attributes.mailing_month, 4);
  EXPECT_EQ(file.attributes.ranks, ranks);
  EXPECT_EQ(file.attributes.control_share, 0.25);

  const io::CouponHouseholds households = io::read_coupon_households(path, file.rows.households());
  const io::ControlLists lists = io::read_control_lists(path, file.rows.households(), file.rows.k);
  for (std::size_t row = 0; row < file.rows.households(); ++row) {
    const std::int64_t id = file.rows.household_id[row];
    EXPECT_EQ(households.consent[row], id % 2 == 0 ? 1 : -1);
    EXPECT_EQ(households.control[row], id % 2);
    EXPECT_EQ(households.tier[row], id % 4);
    EXPECT_EQ(households.cohort[row], id % 3);
    EXPECT_EQ(lists.control[row], id % 2);
    EXPECT_EQ(lists.product_id[2 * row], id % 2 == 1 ? 200 * id : -1);
  }
  EXPECT_EQ(households.tier_names.size(), 4u);
  EXPECT_EQ(households.cohort_names, (std::vector<std::string>{"new", "established", "lapsing"}));
  MPI_Barrier(MPI_COMM_WORLD);
  if (rank == 0) std::filesystem::remove(path);
}

TEST(CouponsFile, ErrorsNameTheFileAndWhatIsMissing) {
  // Each rank its own file: a coupons file's attributes and nothing else.
  namespace a = io::coupons::attribute;
  const std::string path = shared_file("bare-" + std::to_string(rank_of_world()));
  {
    io::h5::File file = io::h5::File::create_parallel(path, MPI_COMM_SELF);
    io::h5::set_attribute(file, a::kFormat, std::string(io::coupons::kFormatName));
    io::h5::set_attribute(file, a::kSchemaVersion, io::coupons::kSchemaVersion);
    io::h5::set_attribute(file, a::kAsOfDay, std::int64_t{697});
    io::h5::set_attribute(file, a::kK, std::int64_t{2});
    file.close();
  }
  EXPECT_EQ(error_of([&] { io::read_coupons(path); }), path + ": missing dataset /coupons/household_id");
  EXPECT_EQ(error_of([&] { io::read_coupon_households(path, 0); }),
            path + ": no /households/consent (a coupons file from before campaigns? score it again)");
  EXPECT_EQ(error_of([&] { io::read_control_lists(path, 0, 2); }),
            path + ": no /households/control (scored before the lift view existed? score it again)");
  {
    io::h5::File file = io::h5::File::create_parallel(path, MPI_COMM_SELF);
    io::h5::set_attribute(file, a::kFormat, std::string("basketgap-store"));
    file.close();
  }
  EXPECT_EQ(error_of([&] { io::read_coupons(path); }),
            path + ": not a basketgap coupons file (attribute 'format')");
  std::filesystem::remove(path);
}
