// Deterministic samples of households for the fit and the similarity: exactly the `wanted`
// households with the smallest keyed hashes of their external ids, of those eligible (all of
// them when there are no more). The same households for any rank count, and rows appended after
// the day change nothing (eligibility is "bought on or before it"). Each seed draws other
// households.
#pragma once

#include <cstdint>
#include <limits>
#include <span>

namespace basketgap {

class Comm;

// The keyed hash a sample is drawn by.
std::uint64_t household_hash(std::int64_t external_id, std::uint64_t seed);

class HouseholdSample {
 public:
  // Every household.
  HouseholdSample() = default;

  // Collective. `eligible_ids`: this rank's eligible households. Ties at the last hash (two ids
  // with one 64-bit hash) are all in.
  static HouseholdSample draw(std::span<const std::int64_t> eligible_ids, std::int64_t wanted,
                              std::uint64_t seed, const Comm& comm);

  bool includes(std::int64_t external_id) const {
    return threshold_ == kEvery || household_hash(external_id, seed_) <= threshold_;
  }
  bool everyone() const { return threshold_ == kEvery; }

 private:
  static constexpr std::uint64_t kEvery = std::numeric_limits<std::uint64_t>::max();
  std::uint64_t seed_ = 0;
  std::uint64_t threshold_ = kEvery;  // the largest hash in
};

}  // namespace basketgap
