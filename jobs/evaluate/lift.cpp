#include "jobs/evaluate/lift.hpp"

#include <algorithm>

#include "engine/id_dictionary.hpp"
#include "engine/mailing_rule.hpp"
#include "io/coupons/reader.hpp"
#include "io/errors.hpp"

namespace basketgap::evaluate {
namespace {

bool any_product(const std::vector<std::int64_t>& ids, std::size_t row, std::size_t k) {
  return std::any_of(ids.begin() + row * k, ids.begin() + (row + 1) * k,
                     [](std::int64_t id) { return id >= 0; });
}

// The group of a row (0 treated, 1 control, -1 left out), counted in `rows` with its reason.
std::int8_t group_of(std::int8_t consent, std::int8_t control, bool has_coupon, bool has_would_be,
                     LiftRows& rows) {
  switch (engine::mailing_of(consent, control, has_coupon)) {
    case engine::Mailing::mailed:
      ++rows.treated;
      return 0;
    case engine::Mailing::no_consent:
      ++rows.no_consent;
      return -1;
    case engine::Mailing::no_coupon:
      ++rows.no_coupon;
      return -1;
    case engine::Mailing::control:
      break;
  }
  if (!has_would_be) {
    ++rows.control_without_list;
    return -1;
  }
  ++rows.control;
  return 1;
}

struct FileLists {
  io::CouponsFile file;
  io::CouponHouseholds households;  // consent
  io::ControlLists lists;           // control and the would-be lists
};

FileLists read_file_lists(const std::string& path) {
  FileLists f;
  f.file = io::read_coupons(path);
  const std::size_t rows = f.file.rows.households();
  try {
    f.lists = io::read_control_lists(path, rows, f.file.rows.k);
    f.households = io::read_coupon_households(path, rows);
  } catch (Error& e) {
    e.raised_on_all_ranks();  // every rank reads the same file
    throw;
  }
  return f;
}

}  // namespace

LiftLists load_lift_lists(const std::string& path, const std::vector<std::int64_t>& household_ids,
                          const std::vector<std::int64_t>& product_ids, engine::Range range) {
  const FileLists f = read_file_lists(path);
  const std::size_t rows = f.file.rows.households();
  const auto k = static_cast<std::size_t>(f.file.rows.k);
  const std::vector<std::int64_t>& would_be = f.lists.product_id;

  LiftLists out;
  out.k = static_cast<int>(k);
  out.group.assign(static_cast<std::size_t>(range.size()), -1);
  out.product.assign(static_cast<std::size_t>(range.size()) * k, -1);
  out.rows.file_households = static_cast<std::int64_t>(rows);
  std::vector<std::int64_t> ids;
  const engine::IdDictionary households(household_ids), products(product_ids);
  // Every rank walks the whole file: the counts, and the verdict below, are the same everywhere.
  for (std::size_t row = 0; row < rows; ++row) {
    const std::int64_t h = households.index_of(f.file.rows.household_id[row]);
    if (h < 0) {
      ++out.rows.not_in_store;
      continue;
    }
    const std::int8_t group =
        group_of(f.households.consent[row], f.lists.control[row], any_product(f.file.rows.product_id, row, k),
                 any_product(would_be, row, k), out.rows);
    if (group < 0 || h < range.begin || h >= range.end) continue;
    const std::int64_t* list = (group == 1 ? would_be.data() : f.file.rows.product_id.data()) + row * k;
    ids.clear();
    for (std::size_t i = 0; i < k; ++i)
      if (list[i] >= 0) ids.push_back(list[i]);
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
    const auto local = static_cast<std::size_t>(h - range.begin);
    out.group[local] = group;
    for (std::size_t i = 0; i < ids.size(); ++i) {
      const std::int64_t p = products.index_of(ids[i]);
      out.product[local * k + i] = p < 0 ? -2 : static_cast<std::int32_t>(p);
    }
  }
  if (out.rows.control == 0)
    throw UsageError(path +
                     ": --lift needs a control group, and this coupons file has no consented control "
                     "household with a would-be list (score with a [campaign] control_share > 0)")
        .raised_on_all_ranks();
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
