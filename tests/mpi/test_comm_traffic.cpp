// The payload bytes Comm counts (jobs/cluster/comm.hpp, CommTraffic) on every rank count, on
// inputs small enough to check by hand, and the stage report's figures gathered to rank 0
// (jobs/cluster/stage_report.hpp). Collectives run on every rank; only EXPECT follows them.
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/stage_report.hpp"

using basketgap::Comm;
using basketgap::CommTraffic;
using basketgap::ReduceOp;

namespace {
// Runs `step` and returns what it added to this rank's tally.
template <typename Step>
CommTraffic delta(const Comm& comm, Step step) {
  const CommTraffic before = comm.traffic();
  step();
  return comm.traffic() - before;
}

void expect_traffic(const CommTraffic& got, std::uint64_t sent, std::uint64_t received,
                    std::uint64_t collectives, const char* what) {
  EXPECT_EQ(got.sent, sent) << what;
  EXPECT_EQ(got.received, received) << what;
  EXPECT_EQ(got.collectives, collectives) << what;
}
}  // namespace

TEST(CommTraffic, AlltoallvCountsValuesToAndFromOtherRanksAndTheCounts) {
  const Comm comm;
  const std::uint64_t n = comm.size(), r = comm.rank(), others = n - 1;
  // Rank r sends r+1 int32 values to every rank, itself included.
  const std::vector<std::int64_t> counts(n, static_cast<std::int64_t>(r + 1));
  const std::vector<std::int32_t> send((r + 1) * n, 7);
  std::vector<std::int32_t> got;
  const CommTraffic t = delta(comm, [&] { got = comm.alltoallv<std::int32_t>(send, counts); });
  std::uint64_t from_others = 0;  // values rank r receives from the other ranks
  for (std::uint64_t q = 0; q < n; ++q)
    if (q != r) from_others += q + 1;
  // The counts exchange: one int64 to and from each other rank.
  expect_traffic(t, 8 * others + 4 * (r + 1) * others, 8 * others + 4 * from_others, 2, "alltoallv");
  EXPECT_EQ(got.size(), n * (n + 1) / 2);
}

TEST(CommTraffic, GathersCountOwnBytesTimesOthersAndTheOthersBytes) {
  const Comm comm;
  const std::uint64_t n = comm.size(), r = comm.rank(), others = n - 1;
  std::uint64_t from_others = 0;
  for (std::uint64_t q = 0; q < n; ++q)
    if (q != r) from_others += q + 1;
  // allgatherv: r+1 int64 values; the sizes (one int64 a rank) are allgathered first.
  const std::vector<std::int64_t> mine(r + 1, 5);
  expect_traffic(delta(comm, [&] { comm.allgatherv<std::int64_t>(mine); }), 8 * others + 8 * (r + 1) * others,
                 8 * others + 8 * from_others, 2, "allgatherv");
  // allgather of one double.
  expect_traffic(delta(comm, [&] { comm.allgather(0.5); }), 8 * others, 8 * others, 1, "allgather");
  // gatherv_to_root: r int32 values; rank 0 receives the others', the others send theirs.
  const std::vector<std::int32_t> part(r, 3);
  std::uint64_t to_root = 0;
  for (std::uint64_t q = 1; q < n; ++q) to_root += 4 * q;
  expect_traffic(delta(comm, [&] { comm.gatherv_to_root<std::int32_t>(part); }),
                 8 * others + (r == 0 ? 0 : 4 * r), 8 * others + (r == 0 ? to_root : 0), 2,
                 "gatherv_to_root");
  // gather_to_root of one 24-byte struct.
  struct Three {
    std::int64_t a, b, c;
  };
  expect_traffic(delta(comm,
                       [&] {
                         comm.gather_to_root(Three{1, 2, 3});
                       }),
                 r == 0 ? 0 : 24, r == 0 ? 24 * others : 0, 1, "gather_to_root");
}

TEST(CommTraffic, BroadcastReductionsAndBarrier) {
  const Comm comm;
  const std::uint64_t r = comm.rank(), others = comm.size() - 1;
  std::vector<double> v;
  if (r == 0) v = {1, 2, 3, 4, 5};
  // The length (one int64), then 5 doubles: rank 0 sends both to each other rank.
  expect_traffic(delta(comm, [&] { comm.broadcast(v); }), r == 0 ? 48 * others : 0, r == 0 ? 0 : 48, 2,
                 "broadcast");
  std::vector<double> none;
  expect_traffic(delta(comm, [&] { comm.broadcast(none); }), r == 0 ? 8 * others : 0, r == 0 ? 0 : 8, 1,
                 "empty broadcast");
  // A reduction counts as the allgather it could be.
  std::vector<std::int64_t> three{1, 2, 3};
  expect_traffic(delta(comm, [&] { comm.allreduce_inplace<std::int64_t>(three, ReduceOp::sum); }),
                 24 * others, 24 * others, 1, "allreduce");
  expect_traffic(delta(comm, [&] { comm.any(r == 0); }), 4 * others, 4 * others, 1, "any");
  expect_traffic(delta(comm, [&] { comm.barrier(); }), 0, 0, 1, "barrier");
  // A copy of a Comm keeps the same tally.
  const Comm copy = comm;
  expect_traffic(delta(comm, [&] { copy.barrier(); }), 0, 0, 1, "copy");
}

TEST(CommTraffic, OneRankExchangesNoBytes) {
  const Comm self(MPI_COMM_SELF);
  const std::vector<std::int64_t> counts{3};
  const std::vector<std::int32_t> send{1, 2, 3};
  const CommTraffic t = delta(self, [&] {
    self.alltoallv<std::int32_t>(send, counts);
    self.allgatherv<std::int32_t>(send);
    self.allreduce<std::int64_t>(1, ReduceOp::sum);
  });
  expect_traffic(t, 0, 0, 5, "one rank");
}

TEST(StageReport, GathersEveryRanksFiguresWithoutItsOwnGather) {
  const Comm comm;
  const std::uint64_t n = comm.size(), r = comm.rank(), others = n - 1;
  basketgap::JobTraffic job("test", comm);
  basketgap::StageReport stage(&job, "test/stage");
  comm.allreduce<std::int64_t>(1, ReduceOp::sum);  // the stage's one collective: 8 bytes each way
  stage.set_work(static_cast<std::int64_t>(r + 1), static_cast<std::int64_t>(10 * (r + 1)));
  const std::vector<basketgap::StageFigures> all = stage.finish();
  // The next stage starts after the report's gather: nothing is carried over.
  basketgap::StageReport empty(&job, "test/empty");
  const std::vector<basketgap::StageFigures> none = empty.finish();
  const CommTraffic total = job.finish();
  if (r == 0) {
    EXPECT_EQ(all.size(), n);
    for (std::uint64_t q = 0; q < std::min<std::uint64_t>(n, all.size()); ++q) {
      EXPECT_EQ(all[q].rows, static_cast<std::int64_t>(q + 1));
      EXPECT_EQ(all[q].households, static_cast<std::int64_t>(10 * (q + 1)));
      expect_traffic(all[q].traffic, 8 * others, 8 * others, 1, "stage");
      EXPECT_GE(all[q].traffic.seconds, 0.0);  // the allreduce's time is part of the stage's
      EXPECT_LE(all[q].traffic.seconds, all[q].seconds);
    }
    for (const auto& f : none) expect_traffic(f.traffic, 0, 0, 0, "empty stage");
    // The job: the one allreduce on every rank, the reports' gathers left out.
    expect_traffic(total, 8 * others * n, 8 * others * n, 1, "job");
    const std::vector<std::string> lines = basketgap::stage_summary("test/stage", all);
    EXPECT_EQ(lines.size(), 2u);
    const std::string text = lines.at(0) + "\n" + lines.at(1);
    const std::string each = basketgap::format_bytes(8.0 * others);
    EXPECT_NE(text.find("test/stage traffic: " + std::to_string(n) + " rank(s), 1 collective(s); sent " +
                        basketgap::format_bytes(8.0 * others * n) + " (min " + each + " (rank 0) max " +
                        each + " (rank 0))"),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("rows min 1 (rank 0) max " + std::to_string(n) + " (rank " + std::to_string(n - 1) +
                        "), max/mean " + fmt::format("{:.2f}", 2.0 * n / (n + 1))),
              std::string::npos)
        << text;
    EXPECT_NE(text.find("households min 10 (rank 0) max " + std::to_string(10 * n)), std::string::npos)
        << text;
    EXPECT_NE(text.find("; busy seconds min "), std::string::npos) << text;
    EXPECT_NE(text.find("; MPI seconds min "), std::string::npos) << text;
  } else {
    EXPECT_TRUE(all.empty());
    EXPECT_TRUE(none.empty());
  }
}

TEST(StageReport, WithoutAJobNothingIsGathered) {
  const Comm comm;
  basketgap::StageReport off(nullptr, "test/off");
  const CommTraffic t = delta(comm, [&] { EXPECT_TRUE(off.finish().empty()); });
  expect_traffic(t, 0, 0, 0, "no job");
}
