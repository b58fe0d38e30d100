#include "jobs/evaluate/lift.hpp"

#include <algorithm>

#include "engine/id_dictionary.hpp"
#include "io/coupons/reader.hpp"
#include "io/errors.hpp"

namespace basketgap::evaluate {

LiftLists load_lift_lists(const std::string& path, const std::vector<std::int64_t>& household_ids,
                          const std::vector<std::int64_t>& product_ids, engine::Range range) {
  const io::CouponsFile file = io::read_coupons(path);
  const std::size_t rows = file.rows.households();
  const auto k = static_cast<std::size_t>(file.rows.k);
  io::ControlLists lists;
  try {
    lists = io::read_control_lists(path, rows, file.rows.k);
  } catch (Error& e) {
    e.raised_on_all_ranks();  // every rank reads the same file
    throw;
  }
  const std::vector<std::int8_t>& control = lists.control;
  const std::vector<std::int64_t>& would_be = lists.product_id;
  // Every rank reads the whole file: the verdict is the same everywhere.
  std::int64_t control_lists = 0;
  for (std::size_t row = 0; row < rows; ++row)
    if (control[row] == 1 && std::any_of(would_be.begin() + row * k, would_be.begin() + (row + 1) * k,
                                         [](std::int64_t id) { return id >= 0; }))
      ++control_lists;
  if (control_lists == 0)
    throw UsageError(path +
                     ": --lift needs a control group, and this coupons file has no control household "
                     "with a would-be list (score with a [campaign] control_share > 0)")
        .raised_on_all_ranks();

  LiftLists out;
  out.k = static_cast<int>(k);
  out.group.assign(static_cast<std::size_t>(range.size()), -1);
  out.product.assign(static_cast<std::size_t>(range.size()) * k, -1);
  std::vector<std::int64_t> ids;
  const engine::IdDictionary households(household_ids), products(product_ids);
  for (std::size_t row = 0; row < rows; ++row) {
    const std::int64_t h = households.index_of(file.rows.household_id[row]);
    if (h < range.begin || h >= range.end) continue;  // also: not in the store (-1)
    const bool is_control = control[row] == 1;
    const std::int64_t* list = (is_control ? would_be.data() : file.rows.product_id.data()) + row * k;
    ids.clear();
    for (std::size_t i = 0; i < k; ++i)
      if (list[i] >= 0) ids.push_back(list[i]);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    if (ids.empty()) continue;  // no coupon (treated) / no would-be list: not counted
    const auto local = static_cast<std::size_t>(h - range.begin);
    out.group[local] = is_control ? 1 : 0;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::int64_t p = products.index_of(ids[i]);
      out.product[local * k + i] = p < 0 ? -2 : static_cast<std::int32_t>(p);
    }
  }
  return out;
}

std::vector<engine::LiftRecord> lift_records(const LiftLists& lists, const engine::ProductSets& truth) {
  std::vector<engine::LiftRecord> out;
  const auto k = static_cast<std::size_t>(lists.k);
  for (std::size_t h = 0; h < lists.group.size(); ++h) {
    if (lists.group[h] < 0) continue;
    engine::LiftRecord r;
    r.group = lists.group[h];
    const auto bought = truth.of(static_cast<std::int64_t>(h));
    for (std::size_t i = 0; i < k; ++i) {
      const std::int32_t p = lists.product[h * k + i];
      if (p == -1) continue;
      ++r.coupons;
      if (p >= 0 && std::binary_search(bought.begin(), bought.end(), p)) ++r.bought;
    }
    out.push_back(r);
  }
  return out;
}

}  // namespace basketgap::evaluate
