#include "jobs/evaluate/lift.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/id_dictionary.hpp"
#include "io/coupons/file.hpp"
#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"

namespace basketgap::evaluate {

MeanVariance mean_variance(std::span<const double> values) {
  MeanVariance m;
  m.n = static_cast<std::int64_t>(values.size());
  if (values.empty()) return m;
  double sum = 0;
  for (double v : values) sum += v;
  m.mean = sum / static_cast<double>(m.n);
  if (m.n < 2) return m;
  double squares = 0;
  for (double v : values) squares += (v - m.mean) * (v - m.mean);
  m.variance = squares / static_cast<double>(m.n - 1);
  return m;
}

Difference welch_difference(const MeanVariance& a, const MeanVariance& b) {
  Difference d;
  d.estimate = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return d;
  d.standard_error = std::sqrt(a.variance / static_cast<double>(a.n) + b.variance / static_cast<double>(b.n));
  d.ci_low = d.estimate - kZ95 * d.standard_error;
  d.ci_high = d.estimate + kZ95 * d.standard_error;
  return d;
}

LiftLists load_lift_lists(const std::string& path, const std::vector<std::int64_t>& household_ids,
                          const std::vector<std::int64_t>& product_ids, engine::Range range) {
  const io::CouponsFile file = io::read_coupons(path);
  const std::size_t rows = file.rows.households();
  const auto k = static_cast<std::size_t>(file.rows.k);
  std::vector<std::int8_t> control;
  std::vector<std::int64_t> would_be;
  {
    io::h5::File h5 = io::h5::File::open_read(path);
    for (const char* name : {"/households/control", "/households/control_product_id"})
      if (!io::h5::exists(h5, name))
        throw Error(exit_data, fmt::format("{}: no {} (scored before the lift view existed? score it again)", path, name))
            .raised_on_all_ranks();
    control = io::h5::Dataset::open(h5, "/households/control").read_all<std::int8_t>();
    would_be = io::h5::Dataset::open(h5, "/households/control_product_id").read_all<std::int64_t>();
  }
  if (control.size() != rows || would_be.size() != rows * k)
    throw Error(exit_data, path + ": /households/control or control_product_id does not match /coupons/household_id")
        .raised_on_all_ranks();
  // Every rank reads the whole file: the verdict is the same everywhere.
  std::int64_t control_lists = 0;
  for (std::size_t row = 0; row < rows; ++row)
    if (control[row] == 1 && std::any_of(would_be.begin() + row * k, would_be.begin() + (row + 1) * k,
                                         [](std::int64_t id) { return id >= 0; }))
      ++control_lists;
  if (control_lists == 0)
    throw UsageError(path + ": --lift needs a control group, and this coupons file has no control household "
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

std::vector<LiftRecord> lift_records(const LiftLists& lists, const engine::ProductSets& truth) {
  std::vector<LiftRecord> out;
  const auto k = static_cast<std::size_t>(lists.k);
  for (std::size_t h = 0; h < lists.group.size(); ++h) {
    if (lists.group[h] < 0) continue;
    LiftRecord r;
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

LiftResult summarise_lift(std::span<const LiftRecord> records) {
  LiftResult out;
  out.present = true;
  std::vector<double> share[2], buyer[2];
  LiftGroup* groups[2] = {&out.treated, &out.control};
  for (const LiftRecord& r : records) {
    const int g = r.group == 1 ? 1 : 0;
    share[g].push_back(static_cast<double>(r.bought) / r.coupons);
    buyer[g].push_back(r.bought > 0 ? 1.0 : 0.0);
    groups[g]->households += 1;
    groups[g]->coupons += r.coupons;
    groups[g]->bought += r.bought;
  }
  for (int g = 0; g < 2; ++g) {
    groups[g]->share = mean_variance(share[g]);
    groups[g]->buyer = mean_variance(buyer[g]);
  }
  out.share = welch_difference(out.treated.share, out.control.share);
  out.buyer_rate = welch_difference(out.treated.buyer, out.control.buyer);
  return out;
}

}  // namespace basketgap::evaluate
