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
};

// `sub_commodity` uses the commodity when no product has a sub-commodity.
ProductCategories product_categories(const io::ProductTable& products, engine::CategoryLevel level);

}  // namespace basketgap
