// The fit's and the similarity's household samples (jobs/score/household_sample.hpp): exactly
// the wanted number, the smallest keyed hashes, the same households on one rank and on all, and
// another sample under another seed. Collectives run on every rank unconditionally; only EXPECT
// follows them.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <vector>

#include "jobs/cluster/comm.hpp"
#include "jobs/score/household_sample.hpp"

using basketgap::Comm;
using basketgap::household_hash;
using basketgap::HouseholdSample;

namespace {

constexpr std::int64_t kIds = 10'000;

std::vector<std::int64_t> all_ids() {
  std::vector<std::int64_t> ids;
  for (std::int64_t i = 0; i < kIds; ++i) ids.push_back(i * 7919 + 3);
  return ids;
}

// This rank's share: every size-th id, from its rank on (not a contiguous range).
std::vector<std::int64_t> my_ids(const Comm& comm) {
  std::vector<std::int64_t> ids;
  for (std::int64_t i = comm.rank(); i < kIds; i += comm.size()) ids.push_back(i * 7919 + 3);
  return ids;
}

std::int64_t count_in(const HouseholdSample& sample) {
  const auto ids = all_ids();
  return std::count_if(ids.begin(), ids.end(), [&](std::int64_t id) { return sample.includes(id); });
}

}  // namespace

TEST(HouseholdSample, ExactlyTheWantedNumberOfTheSmallestHashes) {
  const Comm world;
  for (const std::int64_t wanted : {std::int64_t{1}, std::int64_t{37}, std::int64_t{2'000}, kIds - 1}) {
    const HouseholdSample sample = HouseholdSample::draw(my_ids(world), wanted, 0x5eed, world);
    EXPECT_EQ(count_in(sample), wanted);
    EXPECT_FALSE(sample.everyone());
    // Every household in has a smaller hash than every household out.
    std::uint64_t largest_in = 0, smallest_out = ~std::uint64_t{0};
    for (const std::int64_t id : all_ids()) {
      const std::uint64_t h = household_hash(id, 0x5eed);
      if (sample.includes(id))
        largest_in = std::max(largest_in, h);
      else
        smallest_out = std::min(smallest_out, h);
    }
    EXPECT_LT(largest_in, smallest_out) << wanted;
  }
}

TEST(HouseholdSample, OneRankDrawsTheSameHouseholdsAsAll) {
  const Comm world;
  const HouseholdSample split = HouseholdSample::draw(my_ids(world), 500, 0x51a1, world);
  const HouseholdSample alone = HouseholdSample::draw(all_ids(), 500, 0x51a1, Comm(MPI_COMM_SELF));
  for (const std::int64_t id : all_ids()) EXPECT_EQ(split.includes(id), alone.includes(id)) << id;
}

TEST(HouseholdSample, NoMoreWantedThanEligibleTakesEveryone) {
  const Comm world;
  EXPECT_TRUE(HouseholdSample::draw(my_ids(world), kIds, 1, world).everyone());
  EXPECT_TRUE(HouseholdSample::draw(my_ids(world), kIds + 5, 1, world).everyone());
  // A rank without households takes part.
  const std::vector<std::int64_t> none;
  const auto ids = world.rank() == 0 ? all_ids() : none;
  EXPECT_EQ(count_in(HouseholdSample::draw(ids, 100, 1, world)), 100);
  EXPECT_TRUE(HouseholdSample().includes(12345));
}

TEST(HouseholdSample, AnotherSeedDrawsOtherHouseholds) {
  const Comm world;
  const HouseholdSample first = HouseholdSample::draw(my_ids(world), 1'000, 0x5eed, world);
  const HouseholdSample second = HouseholdSample::draw(my_ids(world), 1'000, 0x5eed + 1, world);
  std::int64_t both = 0;
  for (const std::int64_t id : all_ids()) both += first.includes(id) && second.includes(id);
  // Independent samples of a tenth overlap by about a hundredth; the same sample fully.
  EXPECT_NEAR(static_cast<double>(both), 0.01 * kIds, 0.005 * kIds);
}
