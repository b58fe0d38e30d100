// household_ndcg (engine/list_quality.hpp): evaluate's NDCG@K on one household's candidates,
// checked by hand.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <vector>

#include "engine/list_quality.hpp"
#include "engine/logistic_sums.hpp"

using basketgap::engine::household_ndcg;
using basketgap::engine::to_fixed;

TEST(ListQuality, NdcgOfARankingByHand) {
  std::vector<std::size_t> scratch;
  const std::vector<double> logits{0.1, 0.9, 0.5, 0.7};
  const std::vector<std::uint8_t> labels{1, 0, 1, 0};
  // Ranked 1, 3, 2, 0: the purchases at ranks 3 and 4; the ideal has both at ranks 1 and 2.
  const double dcg = 1 / std::log2(4.0) + 1 / std::log2(5.0), ideal = 1 + 1 / std::log2(3.0);
  EXPECT_DOUBLE_EQ(household_ndcg(logits, labels, {}, 2, 12, scratch), dcg / ideal);
  // A truth of 3 products (one not among the candidates): the ideal is three long.
  EXPECT_DOUBLE_EQ(household_ndcg(logits, labels, {}, 3, 12, scratch), dcg / (ideal + 1 / std::log2(4.0)));
  // K = 2: neither purchase in the list.
  EXPECT_EQ(household_ndcg(logits, labels, {}, 2, 2, scratch), 0.0);
  // Left out, candidates 1 and 3: the purchases first.
  const std::vector<std::uint8_t> left_out{0, 1, 0, 1};
  EXPECT_DOUBLE_EQ(household_ndcg(logits, labels, left_out, 2, 2, scratch), 1.0);
  // Ties rank the earlier candidate first.
  const std::vector<double> tied{0.5, 0.5};
  const std::vector<std::uint8_t> second{0, 1};
  EXPECT_DOUBLE_EQ(household_ndcg(tied, second, {}, 1, 1, scratch), 0.0);
  EXPECT_EQ(household_ndcg(logits, labels, {}, 0, 12, scratch), 0.0);  // nothing bought
}

TEST(ListQuality, FixedPointSumsAreExactIntegers) {
  EXPECT_EQ(to_fixed(1.0), 1 << 20);
  EXPECT_EQ(to_fixed(0.5), 1 << 19);
  EXPECT_EQ(to_fixed(0.0), 0);
}
