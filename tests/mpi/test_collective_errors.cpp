// Failures every rank must end the same way (jobs/cluster/collective_errors.hpp), on every rank
// count: a check only rank 0 makes ends every rank with its verdict, at once; a failure on one
// rank of a step every rank runs ends every rank with that rank's code and reason. Collectives
// run on every rank unconditionally; only EXPECT follows them.
#include <gtest/gtest.h>

#include <string>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

using basketgap::Comm;
using basketgap::Error;

TEST(CollectiveErrors, RankZerosVerdictEndsEveryRank) {
  const Comm comm;
  // Only rank 0's problem counts: another rank's is ignored.
  const std::string problem = comm.rank() == 0 ? "out/ is not writable" : "";
  int code = 0;
  std::string what;
  try {
    basketgap::throw_root_verdict(problem, basketgap::exit_cant_create, comm);
  } catch (const Error& e) {
    code = e.code();
    what = e.what();
  }
  EXPECT_EQ(code, static_cast<int>(basketgap::exit_cant_create)) << "rank " << comm.rank();
  EXPECT_EQ(what, "out/ is not writable") << "rank " << comm.rank();
  // No verdict of rank 0: no rank throws, whatever the others'.
  EXPECT_NO_THROW(
      basketgap::throw_root_verdict(comm.rank() == 0 ? "" : "ignored", basketgap::exit_cant_create, comm));
}

TEST(CollectiveErrors, AFailureOnTheLastRankEndsEveryRankWithItsReason) {
  const Comm comm;
  const int last = comm.size() - 1;
  int code = 0;
  std::string what;
  try {
    basketgap::on_all_ranks(comm, "reading rows", [&] {
      if (comm.rank() == last) throw Error(basketgap::exit_data, "rows.csv: line 7: bad day");
      return 1;
    });
  } catch (const Error& e) {
    code = e.code();
    what = e.what();
  }
  EXPECT_EQ(code, static_cast<int>(basketgap::exit_data)) << "rank " << comm.rank();
  if (comm.rank() == last)
    EXPECT_EQ(what, "rows.csv: line 7: bad day");
  else
    EXPECT_EQ(what, "on rank " + std::to_string(last) + ": rows.csv: line 7: bad day");
}
