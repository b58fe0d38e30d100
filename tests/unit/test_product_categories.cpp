// Each product's category for the engine, from the store's products table: a sub-commodity is
// the pair (commodity, sub-commodity), numbered in the names' order.
#include <gtest/gtest.h>

#include "jobs/score/product_categories.hpp"

using basketgap::product_categories;
using basketgap::resolved_category_level;
using basketgap::engine::CategoryLevel;

namespace {

// Six products: commodities SOUP (0) and SNACKS (1); the sub-commodity MISC (0) under both.
basketgap::io::ProductTable products() {
  basketgap::io::ProductTable t;
  t.id = {11, 12, 13, 14, 15, 16};
  t.commodity = {{0, 0, 1, 1, -1, 0}, {"SNACKS", "SOUP"}};
  t.sub_commodity = {{0, 1, 0, -1, 1, -1}, {"MISC", "TOMATO"}};
  return t;
}

}  // namespace

TEST(ProductCategories, ASubCommodityIsThePairWithItsCommodity) {
  const auto c = product_categories(products(), CategoryLevel::sub_commodity);
  EXPECT_EQ(c.level, CategoryLevel::sub_commodity);
  // Pairs in order: (-1, 1) (0, -1) (0, 0) (0, 1) (1, -1) (1, 0). MISC under SNACKS and under SOUP
  // are two categories; a commodity's products without a sub-commodity share one.
  EXPECT_EQ(c.of_product, (std::vector<std::int32_t>{2, 3, 5, 4, 0, 1}));
  EXPECT_EQ(c.describe(), "sub_commodity: 6 categories over 6 of 6 products");
}

TEST(ProductCategories, CommodityLevelAndFallbacks) {
  const auto commodity = product_categories(products(), CategoryLevel::commodity);
  EXPECT_EQ(commodity.level, CategoryLevel::commodity);
  EXPECT_EQ(commodity.of_product, (std::vector<std::int32_t>{0, 0, 1, 1, -1, 0}));

  auto no_sub = products();
  no_sub.sub_commodity = {{-1, -1, -1, -1, -1, -1}, {}};
  EXPECT_EQ(resolved_category_level(no_sub, CategoryLevel::sub_commodity), CategoryLevel::commodity);
  EXPECT_EQ(product_categories(no_sub, CategoryLevel::sub_commodity).of_product, commodity.of_product);

  basketgap::io::ProductTable bare;  // ingested without a products file
  bare.id = {1, 2};
  EXPECT_EQ(resolved_category_level(bare, CategoryLevel::sub_commodity), CategoryLevel::none);
  EXPECT_TRUE(product_categories(bare, CategoryLevel::sub_commodity).of_product.empty());
  EXPECT_TRUE(product_categories(products(), CategoryLevel::none).of_product.empty());
}

TEST(ProductCategories, TheKeyChangesWithTheCategories) {
  const auto a = product_categories(products(), CategoryLevel::sub_commodity);
  auto moved = products();
  moved.sub_commodity.codes[0] = 1;  // product 11 moved to TOMATO
  const auto b = product_categories(moved, CategoryLevel::sub_commodity);
  EXPECT_NE(a.key(), b.key());
  EXPECT_EQ(a.key(), product_categories(products(), CategoryLevel::sub_commodity).key());
  EXPECT_NE(a.key(), product_categories(products(), CategoryLevel::commodity).key());
}
