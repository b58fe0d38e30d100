// The typed MPI layer (jobs/cluster/comm.hpp) on every rank count: reductions, gathers, the
// personalised all-to-all with structs, prefix sums and broadcasts. Collectives run on every
// rank unconditionally; only EXPECT (never ASSERT) follows them, so no rank skips one.
#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"

using basketgap::Comm;
using basketgap::ReduceOp;

namespace {
struct Parcel {
  std::int64_t id;  // from * 1'000'000 + to * 1'000 + i
  std::int32_t from;
  std::int32_t to;
  double weight;
  char tag;
};

// How many parcels rank `from` sends to rank `to`: varies, and is 0 for some pairs.
std::int64_t parcels(int from, int to) { return (from * 3 + to * 5) % 4; }
}  // namespace

TEST(Comm, AllreduceSumMinMaxAndAny) {
  const Comm comm;
  const int n = comm.size(), r = comm.rank();
  EXPECT_EQ(comm.allreduce<std::int64_t>(r + 1, ReduceOp::sum), static_cast<std::int64_t>(n) * (n + 1) / 2);
  EXPECT_EQ(comm.allreduce<std::int32_t>(10 - r, ReduceOp::min), 10 - (n - 1));
  EXPECT_EQ(comm.allreduce<double>(0.5 * r, ReduceOp::max), 0.5 * (n - 1));
  std::vector<std::int64_t> v{r, 1, -r, static_cast<std::int64_t>(1) << 40};
  comm.allreduce_inplace<std::int64_t>(v, ReduceOp::sum);
  EXPECT_EQ(v[0], static_cast<std::int64_t>(n) * (n - 1) / 2);
  EXPECT_EQ(v[1], n);
  EXPECT_EQ(v[2], -static_cast<std::int64_t>(n) * (n - 1) / 2);
  EXPECT_EQ(v[3], n * (static_cast<std::int64_t>(1) << 40));
  std::vector<std::int64_t> empty;
  comm.allreduce_inplace<std::int64_t>(empty, ReduceOp::sum);  // no-op, no hang
  EXPECT_TRUE(comm.any(r == n - 1));
  EXPECT_FALSE(comm.any(false));
  EXPECT_TRUE(comm.any(true));
}

TEST(Comm, ExclusivePrefixSumAndAllgather) {
  const Comm comm;
  const int r = comm.rank();
  // Rank q contributes q*q + 1: the prefix of rank r is sum_{q<r} (q*q + 1).
  std::int64_t want = 0;
  for (int q = 0; q < r; ++q) want += q * q + 1;
  EXPECT_EQ(comm.exclusive_prefix_sum<std::int64_t>(static_cast<std::int64_t>(r) * r + 1), want);
  const auto all = comm.allgather<std::int32_t>(r * 7);
  EXPECT_EQ(all.size(), static_cast<std::size_t>(comm.size()));
  for (int q = 0; q < static_cast<int>(all.size()); ++q) EXPECT_EQ(all[q], q * 7);
}

TEST(Comm, AllgathervConcatenatesInRankOrder) {
  const Comm comm;
  const int r = comm.rank(), n = comm.size();
  // Rank q sends q values q*100 + i (rank 0 sends nothing).
  std::vector<std::int32_t> mine;
  for (int i = 0; i < r; ++i) mine.push_back(r * 100 + i);
  const auto all = comm.allgatherv<std::int32_t>(mine);
  std::vector<std::int32_t> want;
  for (int q = 0; q < n; ++q)
    for (int i = 0; i < q; ++i) want.push_back(q * 100 + i);
  EXPECT_EQ(all, want);

  // Structs travel as bytes.
  std::vector<Parcel> p;
  for (int i = 0; i <= r; ++i) p.push_back({r * 1000 + i, r, -1, 0.25 * i, static_cast<char>('a' + r)});
  const auto got = comm.allgatherv<Parcel>(p);
  std::size_t at = 0;
  for (int q = 0; q < n; ++q)
    for (int i = 0; i <= q; ++i, ++at) {
      if (at >= got.size()) break;
      EXPECT_EQ(got[at].id, q * 1000 + i);
      EXPECT_EQ(got[at].from, q);
      EXPECT_EQ(got[at].weight, 0.25 * i);
      EXPECT_EQ(got[at].tag, static_cast<char>('a' + q));
    }
  EXPECT_EQ(got.size(), static_cast<std::size_t>(n) * (n + 1) / 2);
}

TEST(Comm, GathervToRootOnly) {
  const Comm comm;
  const int r = comm.rank(), n = comm.size();
  std::vector<std::int64_t> mine(static_cast<std::size_t>(n - r), r);
  const auto got = comm.gatherv_to_root<std::int64_t>(mine);
  if (comm.is_root()) {
    std::vector<std::int64_t> want;
    for (int q = 0; q < n; ++q) want.insert(want.end(), static_cast<std::size_t>(n - q), q);
    EXPECT_EQ(got, want);
  } else {
    EXPECT_TRUE(got.empty());
  }
}

TEST(Comm, AlltoallvDeliversStructsInRankOrder) {
  const Comm comm;
  const int r = comm.rank(), n = comm.size();
  std::vector<Parcel> send;
  std::vector<std::int64_t> counts(n);
  for (int to = 0; to < n; ++to) {
    counts[to] = parcels(r, to);
    for (std::int64_t i = 0; i < counts[to]; ++i)
      send.push_back({r * 1'000'000 + to * 1'000 + i, r, to, r + 0.5 * i, static_cast<char>('A' + i)});
  }
  const auto got = comm.alltoallv<Parcel>(send, counts);
  std::vector<Parcel> want;
  for (int from = 0; from < n; ++from)
    for (std::int64_t i = 0; i < parcels(from, r); ++i)
      want.push_back({from * 1'000'000 + r * 1'000 + i, from, r, from + 0.5 * i, static_cast<char>('A' + i)});
  EXPECT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < std::min(got.size(), want.size()); ++i) {
    EXPECT_EQ(got[i].id, want[i].id) << i;
    EXPECT_EQ(got[i].from, want[i].from) << i;
    EXPECT_EQ(got[i].to, r) << i;
    EXPECT_EQ(got[i].weight, want[i].weight) << i;
    EXPECT_EQ(got[i].tag, want[i].tag) << i;
  }

  // Nothing to send anywhere: an empty result, no hang.
  const std::vector<std::int64_t> zeros(n, 0);
  EXPECT_TRUE(comm.alltoallv<Parcel>(std::vector<Parcel>{}, zeros).empty());
  // Counts that do not match the buffer are refused (after the count exchange) on every rank
  // alike, so no rank is left waiting.
  const std::vector<std::int64_t> ones(n, 1);
  EXPECT_THROW(comm.alltoallv<Parcel>(std::vector<Parcel>{}, ones), std::logic_error);
}

TEST(Comm, BroadcastVectorsAndStrings) {
  const Comm comm;
  std::vector<std::int32_t> v;
  std::string s;
  if (comm.is_root()) {
    v = {3, 1, 4, 1, 5};
    s = "as of day 635";
  } else {
    v = {9};
    s = "stale";
  }
  comm.broadcast(v);
  comm.broadcast(s);
  EXPECT_EQ(v, (std::vector<std::int32_t>{3, 1, 4, 1, 5}));
  EXPECT_EQ(s, "as of day 635");
  std::vector<double> none;
  if (!comm.is_root()) none = {1.0};
  comm.broadcast(none);
  EXPECT_TRUE(none.empty());
}
