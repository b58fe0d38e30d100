// `append` refuses a night most of whose products the store has never seen (jobs/append/foreign_night).
#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "jobs/append/foreign_night.hpp"

using basketgap::append::foreign_products_reason;

namespace {

std::vector<std::int64_t> ids(std::int64_t first, std::int64_t count) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(count));
  std::iota(out.begin(), out.end(), first);
  return out;
}

}  // namespace

TEST(ForeignNight, ANightOfAnotherNumberingIsRefusedWithItsCounts) {
  const std::vector<std::int64_t> store = ids(100000, 2000);
  // 100 products of which 51 are new: more than half.
  std::vector<std::int64_t> night = ids(100000, 49);
  const std::vector<std::int64_t> fresh = ids(900000, 51);
  night.insert(night.end(), fresh.begin(), fresh.end());
  const auto reason = foreign_products_reason("n.csv", night, store);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("n.csv: 51 of its 100 products (51 %) are not in the store, which knows 2000"),
            std::string::npos)
      << *reason;
  // Half new is still a night of this shop (a launch day at most).
  night = ids(100000, 50);
  const std::vector<std::int64_t> half = ids(900000, 50);
  night.insert(night.end(), half.begin(), half.end());
  EXPECT_FALSE(foreign_products_reason("n.csv", night, store));
}

TEST(ForeignNight, SmallNightsAndYoungStoresAreNotJudged) {
  EXPECT_FALSE(foreign_products_reason("n.csv", ids(900000, 49), ids(100000, 2000)));  // 49 products
  EXPECT_FALSE(foreign_products_reason("n.csv", ids(900000, 500), ids(100000, 999)));  // a store of 999
}
