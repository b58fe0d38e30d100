// Ranks that opened different versions of one file (a writer published a new store head between
// their opens) open it again until they hold the same one (jobs/cluster/alike_on_all_ranks.hpp);
// a file that keeps changing ends every rank with exit 75 (rerun). Under 2-4 ranks.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>

#include "io/errors.hpp"
#include "jobs/cluster/alike_on_all_ranks.hpp"
#include "jobs/cluster/comm.hpp"

using basketgap::Comm;

TEST(AlikeOnAllRanks, RanksThatOpenedDifferentVersionsOpenAgain) {
  const Comm comm;
  // The last rank opens the old version the first time (it opened before the writer published).
  int opens = 0;
  const auto open = [&] {
    ++opens;
    return std::int64_t{opens == 1 && comm.rank() == comm.size() - 1 ? 9 : 10};
  };
  const std::int64_t version = basketgap::open_alike_on_all_ranks(
      comm, "store.h5", open, [](std::int64_t v) { return static_cast<std::uint64_t>(v); });
  EXPECT_EQ(version, 10);
  EXPECT_EQ(opens, comm.size() > 1 ? 2 : 1);  // every rank opened again, not only the last

  // The same on every rank at once: one open.
  opens = 0;
  basketgap::open_alike_on_all_ranks(comm, "store.h5", open, [](std::int64_t) { return std::uint64_t{7}; });
  EXPECT_EQ(opens, 1);
}

TEST(AlikeOnAllRanks, AFileThatKeepsChangingIsARerun) {
  const Comm comm;
  if (comm.size() < 2) GTEST_SKIP() << "needs 2 ranks";
  int opens = 0;
  int code = 0;
  std::string what;
  try {
    basketgap::open_alike_on_all_ranks(
        comm, "store.h5", [&] { return ++opens; },
        [&](int) { return static_cast<std::uint64_t>(comm.rank()); }, 3);
  } catch (const basketgap::Error& e) {
    code = e.code();
    what = e.what();
  }
  EXPECT_EQ(code, static_cast<int>(basketgap::exit_interrupted));
  EXPECT_EQ(opens, 3);
  EXPECT_NE(what.find("store.h5 changed while the ranks opened it, 3 times"), std::string::npos) << what;
}
