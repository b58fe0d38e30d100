// `append` refuses a night that shares almost no product with the store (jobs/append/foreign_night).
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
  // 100 products of which 4 are the store's: another numbering (a few ids collide by chance).
  std::vector<std::int64_t> night = ids(100000, 4);
  const std::vector<std::int64_t> fresh = ids(900000, 96);
  night.insert(night.end(), fresh.begin(), fresh.end());
  const auto reason = foreign_products_reason("n.csv", night, store);
  ASSERT_TRUE(reason);
  EXPECT_NE(reason->find("n.csv: only 4 of its 100 products are in the store, which knows 2000"),
            std::string::npos)
      << *reason;
  // A young store's night: three quarters new, a quarter known (the day after a one-day store).
  night = ids(100000, 25);
  const std::vector<std::int64_t> many_new = ids(900000, 75);
  night.insert(night.end(), many_new.begin(), many_new.end());
  EXPECT_FALSE(foreign_products_reason("n.csv", night, store));
  // 5 of 100 known: judged a night of this shop.
  night = ids(100000, 5);
  const std::vector<std::int64_t> rest = ids(900000, 95);
  night.insert(night.end(), rest.begin(), rest.end());
  EXPECT_FALSE(foreign_products_reason("n.csv", night, store));
}

TEST(ForeignNight, SmallNightsAndYoungStoresAreNotJudged) {
  EXPECT_FALSE(foreign_products_reason("n.csv", ids(900000, 49), ids(100000, 2000)));  // 49 products
  EXPECT_FALSE(foreign_products_reason("n.csv", ids(900000, 500), ids(100000, 999)));  // a store of 999
}
