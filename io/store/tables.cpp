#include "io/store/tables.hpp"

namespace basketgap::io {

void TransactionColumns::reserve(std::size_t n) {
  household.reserve(n);
  day.reserve(n);
  basket.reserve(n);
  product.reserve(n);
  quantity.reserve(n);
  spend.reserve(n);
  batch.reserve(n);
}

void TransactionColumns::clear() {
  household.clear();
  day.clear();
  basket.clear();
  product.clear();
  quantity.clear();
  spend.clear();
  batch.clear();
  basket_start.clear();
}

}  // namespace basketgap::io
