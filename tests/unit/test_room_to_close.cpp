// The free space a parallel HDF5 close needs (jobs/cluster/room_to_close): a margin plus a
// share of the file, the bound exact, and a refusal that names the file and what to do.
#include <gtest/gtest.h>

#include <string>

#include "jobs/cluster/room_to_close.hpp"

using namespace basketgap;

TEST(RoomToClose, TheMarginPlusAShareOfTheFileIsEnough) {
  const std::uint64_t file = 1000u << 20;  // 1,000 MiB: 10 MiB of share
  const std::uint64_t needed = kCloseMarginBytes + file / kCloseShareOfFile;
  EXPECT_EQ(needed, (4u << 20) + (10u << 20));
  EXPECT_EQ(room_to_close_problem("out.h5", file, needed), "");
  EXPECT_EQ(room_to_close_problem("out.h5", file, 50u << 30), "");
}

TEST(RoomToClose, OneByteLessIsRefusedNamingTheFile) {
  const std::uint64_t file = 1000u << 20;
  const std::uint64_t needed = kCloseMarginBytes + file / kCloseShareOfFile;
  const std::string problem = room_to_close_problem("/scratch/night/coupons.h5", file, needed - 1);
  EXPECT_NE(problem.find("/scratch/night/coupons.h5"), std::string::npos) << problem;
  EXPECT_NE(problem.find("14335 KiB free"), std::string::npos) << problem;
  EXPECT_NE(problem.find("the 14336 KiB"), std::string::npos) << problem;
  EXPECT_NE(problem.find("free space and rerun"), std::string::npos) << problem;
}

TEST(RoomToClose, AnEmptyFileStillNeedsTheMargin) {
  EXPECT_EQ(room_to_close_problem("a.h5", 0, kCloseMarginBytes), "");
  EXPECT_NE(room_to_close_problem("a.h5", 0, kCloseMarginBytes - 1), "");
}
