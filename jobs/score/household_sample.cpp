#include "jobs/score/household_sample.hpp"

#include <xxhash.h>

#include <algorithm>
#include <vector>

#include "jobs/cluster/comm.hpp"

namespace basketgap {

std::uint64_t household_hash(std::int64_t external_id, std::uint64_t seed) {
  return XXH3_64bits_withSeed(&external_id, sizeof external_id, seed);
}

HouseholdSample HouseholdSample::draw(std::span<const std::int64_t> eligible_ids, std::int64_t wanted,
                                      std::uint64_t seed, const Comm& comm) {
  HouseholdSample sample;
  sample.seed_ = seed;
  std::vector<std::uint64_t> hashes;
  hashes.reserve(eligible_ids.size());
  for (const std::int64_t id : eligible_ids) hashes.push_back(household_hash(id, seed));
  std::sort(hashes.begin(), hashes.end());
  const auto at_most = [&](std::uint64_t threshold) {
    const auto local = std::upper_bound(hashes.begin(), hashes.end(), threshold) - hashes.begin();
    return comm.allreduce<std::int64_t>(static_cast<std::int64_t>(local), ReduceOp::sum);
  };
  if (at_most(kEvery) <= wanted) return sample;  // every eligible household
  // The smallest threshold with `wanted` hashes at or below it, by bisection over the 64-bit
  // hash space: 64 allreduces of one count, the same steps on every rank.
  std::uint64_t low = 0, high = kEvery - 1;
  while (low < high) {
    const std::uint64_t middle = low + (high - low) / 2;
    if (at_most(middle) >= wanted)
      high = middle;
    else
      low = middle + 1;
  }
  sample.threshold_ = low;
  return sample;
}

}  // namespace basketgap
