// The case the trees and the pairwise re-rank are tested on: the blend ranks by
// `bought` (logit 2 * bought - 1); candidates 1 and 2 bought, 3 and 4 not; 2 and 4 have the
// higher repeat rate (0.5 against 0.1), which the second stage rewards.
#pragma once

#include <gtest/gtest.h>

#include <vector>

#include "engine/blend_model.hpp"
#include "engine/select.hpp"

namespace basketgap::engine::second_stage {

inline BlendModel blend_by_bought() {
  BlendModel m;
  m.weights[Feature::bias] = -1;
  m.weights[Feature::bought] = 2;
  return m;
}

inline std::vector<Candidate> two_bought_two_not() {
  std::vector<Candidate> cs(4);
  for (int i = 0; i < 4; ++i) {
    cs[i].product = i + 1;
    cs[i].features[Feature::bias] = 1;
    cs[i].features[Feature::bought] = i < 2 ? 1 : 0;
    cs[i].features[Feature::repeat_rate] = i % 2 == 1 ? 0.5 : 0.1;
  }
  return cs;
}

// The products of a 3-coupon row selected from the scored candidates.
inline std::vector<std::int32_t> three_coupons(std::vector<Candidate> cs) {
  ScoringContext context;
  ScoreConfig config;
  config.k = 3;
  CouponTable table(3, 1);
  select_coupons(cs, context, config, table, 0);
  return {table.product[0], table.product[1], table.product[2]};
}

// After score_candidates(model, 2, cs) with trees: they re-ranked the best two by the blend
// (products 1 and 2: 2 overtakes 1); product 4 would gain from it but is not re-ranked and ranks
// below both, then 3 before 4 (tier 1: the blend's score, ties by product).
inline void expect_best_two_reranked(const std::vector<Candidate>& cs) {
  EXPECT_EQ(cs[0].tier, 0);
  EXPECT_EQ(cs[1].tier, 0);
  EXPECT_EQ(cs[2].tier, 1);
  EXPECT_EQ(cs[3].tier, 1);
  EXPECT_DOUBLE_EQ(cs[3].score, sigmoid(-1.0));  // the blend's, without the second stage
  EXPECT_EQ(three_coupons(cs), (std::vector<std::int32_t>{2, 1, 3}));
}

}  // namespace basketgap::engine::second_stage
