// The fit's household sample: a deterministic keyed hash of the external id, another sample
// under each key (the blend's folds share the household budget out, each fold other
// households: jobs/score/pipeline.cpp).
#include <gtest/gtest.h>

#include <cstdint>

#include "jobs/score/training_set.hpp"

namespace basketgap {
namespace {

constexpr std::int64_t kIds = 100000;

std::int64_t sampled(double fraction, int key) {
  std::int64_t n = 0;
  for (std::int64_t id = 0; id < kIds; ++id) n += in_training_sample(id * 7919 + 3, fraction, key);
  return n;
}

TEST(TrainingSample, AFractionOfTheHouseholdsUnderEachKey) {
  EXPECT_EQ(sampled(1.0, 1), kIds);
  EXPECT_EQ(sampled(0.0, 3), 0);
  for (const int key : {1, 2, 14}) {
    const std::int64_t n = sampled(0.1, key);
    EXPECT_NEAR(static_cast<double>(n), 0.1 * kIds, 0.005 * kIds) << "key " << key;
  }
}

TEST(TrainingSample, EachKeyDrawsOtherHouseholds) {
  std::int64_t both = 0, first = 0;
  for (std::int64_t id = 0; id < kIds; ++id) {
    const bool in_first = in_training_sample(id, 0.1, 1);
    first += in_first;
    both += in_first && in_training_sample(id, 0.1, 2);
  }
  // Independent samples overlap by about 0.1 x 0.1; the same sample would overlap fully.
  EXPECT_NEAR(static_cast<double>(both), 0.01 * kIds, 0.003 * kIds);
  EXPECT_GT(first, 9000);
}

TEST(TrainingSample, TheFirstKeyIsTheSampleOfEarlierBuilds) {
  // Pinned: the defaults' one fold draws with key 1, and its coupons must not change.
  EXPECT_EQ(sampled(0.1, 1), 9863);
}

}  // namespace
}  // namespace basketgap
