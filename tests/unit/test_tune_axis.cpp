// One axis of evaluate --tune (jobs/evaluate/tune_axis.hpp) with a judge of known NDCG: an
// option is kept only when it beats the axis's best so far clearly, a later better one
// supersedes it, and one that beats the start but not the kept option is not kept.
#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "jobs/evaluate/tune_axis.hpp"

using basketgap::engine::ScoreConfig;
using basketgap::evaluate::AxisOption;
using basketgap::evaluate::search_axis;
using basketgap::evaluate::TuningStep;

namespace {
// 200 households; a configuration's NDCG is its level plus a wobble of its own per household.
std::vector<double> ndcg_at(double level, double phase) {
  std::vector<double> v(200);
  for (std::size_t i = 0; i < v.size(); ++i) v[i] = level + 0.01 * std::sin(1.3 * i + phase);
  return v;
}

// The judge: by half-life, 60 scores 0.60, 240 0.55, 30 0.65, the start (120) 0.50.
std::vector<double> judge(const ScoreConfig& c) {
  if (c.half_life_days == 60) return ndcg_at(0.60, 1);
  if (c.half_life_days == 240) return ndcg_at(0.55, 2);
  if (c.half_life_days == 30) return ndcg_at(0.65, 3);
  return ndcg_at(0.50, 0);
}

AxisOption half_life(int days) {
  return {"half_life_days = " + std::to_string(days), [days](ScoreConfig& c) { c.half_life_days = days; }};
}
}  // namespace

TEST(TuneAxis, AnOptionMustBeatTheAxissBestSoFarNotItsStart) {
  const ScoreConfig start;
  ASSERT_EQ(start.half_life_days, 120);
  std::vector<TuningStep> steps;
  const auto [best, ndcg] =
      search_axis({half_life(60), half_life(240)}, start, judge(start), judge, steps, false);
  EXPECT_EQ(best.half_life_days, 60);  // 240 beats the start (0.55) but not 60 (0.60)
  EXPECT_EQ(ndcg, judge(best));
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_TRUE(steps[0].kept);
  EXPECT_FALSE(steps[1].kept);
  EXPECT_NEAR(steps[1].gain.estimate, -0.05, 0.002);  // against 60's, not the start's
  EXPECT_NEAR(steps[1].validation_ndcg, 0.55, 0.002);
}

TEST(TuneAxis, ALaterClearlyBetterOptionSupersedesTheKeptOne) {
  const ScoreConfig start;
  std::vector<TuningStep> steps;
  const auto [best, ndcg] =
      search_axis({half_life(60), half_life(120), half_life(30)}, start, judge(start), judge, steps, false);
  EXPECT_EQ(best.half_life_days, 30);
  ASSERT_EQ(steps.size(), 2u);  // 120 is the start: not judged
  EXPECT_FALSE(steps[0].kept);  // superseded
  EXPECT_TRUE(steps[1].kept);
  EXPECT_NEAR(steps[1].gain.estimate, 0.05, 0.002);
}
