#include "jobs/evaluate/coupon_lists.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "engine/id_dictionary.hpp"
#include "io/coupons/reader.hpp"
#include "io/coupons/store_match.hpp"
#include "io/errors.hpp"

namespace basketgap::evaluate {

LoadedCoupons load_coupons(const std::string& path, const JudgingStore& store, std::int32_t as_of, int k,
                           const std::vector<std::int64_t>& household_ids,
                           const std::vector<std::int64_t>& product_ids, engine::Range range) {
  const io::CouponsFile file = io::read_coupons(path);
  if (file.attributes.as_of_day != as_of)
    // Every rank reads the same attribute: the verdict is the same everywhere.
    throw UsageError(fmt::format("{}: coupons were scored as of day {}, but --as-of is {}; "
                                 "evaluate them with --as-of {}",
                                 path, file.attributes.as_of_day, as_of, file.attributes.as_of_day))
        .raised_on_all_ranks();
  try {
    const std::string& scored_from = file.attributes.store_fingerprint;
    for (const auto& [version, fingerprint] : store.later_versions)
      if (fingerprint == scored_from)
        throw InputError(fmt::format(
            "{} was scored from version {} of {}, later than the version {} judged (--store-version): its "
            "lists saw rows that version lacks; judge it with --store-version {} or later",
            path, version, store.path, store.judged_version, version));
    const bool an_earlier_version =
        std::find(store.version_fingerprints.begin(), store.version_fingerprints.end(), scored_from) !=
        store.version_fingerprints.end();
    io::check_scored_from(path, scored_from, store.path,
                          an_earlier_version ? scored_from : store.fingerprint);
  } catch (Error& e) {
    e.raised_on_all_ranks();  // every rank reads the same attributes
    throw;
  }
  LoadedCoupons out;
  out.run_id = file.attributes.run_id;
  out.table.resize(k, range.size());
  out.listing.assign(static_cast<std::size_t>(range.size()), Listing::none);
  const std::vector<std::int8_t> control = io::read_control_flags(path, file.rows.households());
  out.file_households = static_cast<std::int64_t>(file.rows.households());
  out.file_k = file.rows.k;
  // Slots past K are not scored (metrics are @K); a shorter file leaves empty slots.
  const int slots = std::min(k, file.rows.k);
  const engine::IdDictionary households(household_ids), products(product_ids);
  for (std::size_t row = 0; row < file.rows.households(); ++row) {
    const std::int64_t h = households.index_of(file.rows.household_id[row]);
    if (h < 0) {
      ++out.unknown_households;
      continue;
    }
    if (h < range.begin || h >= range.end) continue;
    const std::size_t local = static_cast<std::size_t>(h - range.begin);
    if (!control.empty() && control[row] == 1) out.listing[local] = Listing::control;
    // Unknown products are counted over the whole row, the slots past K too, so the note says
    // the same for any --k.
    for (int i = slots; i < file.rows.k; ++i) {
      const std::int64_t id = file.rows.product_id[row * static_cast<std::size_t>(file.rows.k) + i];
      out.unknown_products += id >= 0 && products.index_of(id) < 0;
    }
    std::vector<std::int64_t>
        unknown_in_row;  // all unknown ids are -2 in the table: their duplicates go here
    for (int i = 0; i < slots; ++i) {
      const std::size_t src = row * static_cast<std::size_t>(file.rows.k) + i;
      const std::size_t dst = local * static_cast<std::size_t>(k) + i;
      const std::int64_t id = file.rows.product_id[src];
      if (id < 0) continue;
      const std::int64_t p = products.index_of(id);
      if (p < 0) {
        ++out.unknown_products;
        // A duplicate counts once (as a known product's does in score_list): the slot is empty.
        if (std::find(unknown_in_row.begin(), unknown_in_row.end(), id) != unknown_in_row.end()) continue;
        unknown_in_row.push_back(id);
      }
      out.listing[local] = Listing::listed;
      out.table.product[dst] = p < 0 ? -2 : static_cast<std::int32_t>(p);
      out.table.score[dst] = file.rows.score[src];
      out.table.reason[dst] = file.rows.reason[src];
    }
  }
  return out;
}

}  // namespace basketgap::evaluate
