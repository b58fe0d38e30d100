// Each product's category for the engine's category features (engine/categories.hpp), read
// from the store's products table at the level the config names.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/score_config.hpp"
#include "io/store/tables.hpp"

namespace basketgap {

struct ProductCategories {
  // Per product (the store's product index) its category code, -1 none. Empty when the level is
  // none or no product has a category (a store ingested without a products file): the engine
  // then has no category features.
  std::vector<std::int32_t> of_product;
  engine::CategoryLevel level = engine::CategoryLevel::none;  // the level used

  // "sub_commodity: 2383 categories over 6988 of 23356 products", for the job's log.
  std::string describe() const;
  std::size_t count() const;  // distinct categories
  // "categories = LEVEL HASH": part of the checkpoints' key, so that a run resumed after a
  // products file moved products between categories fits its blend again.
  std::string key() const;
};

// The level `level` comes to on these products: `sub_commodity` is the commodity when no product
// has a sub-commodity, and either is none when no product has one.
engine::CategoryLevel resolved_category_level(const io::ProductTable& products, engine::CategoryLevel level);

// At `sub_commodity` a category is a (commodity, sub-commodity) pair (a commodity's products
// without a sub-commodity share one).
ProductCategories product_categories(const io::ProductTable& products, engine::CategoryLevel level);

}  // namespace basketgap
