#include "jobs/append/side_file_checks.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <optional>

#include "io/errors.hpp"

namespace basketgap::append {

namespace {
// Whether `file` names an id of `stored` or of the night's rows (or is absent or empty).
template <typename Entry>
bool describes_some(const std::optional<std::vector<Entry>>& file,
                    const std::optional<std::vector<Entry>>& stored, const ingest::JoinStats& night) {
  if (!file || file->empty() || night.matched > 0) return true;
  return std::any_of(file->begin(), file->end(), [&](const Entry& e) {
    return std::binary_search(stored->begin(), stored->end(), e,
                              [](const Entry& a, const Entry& b) { return a.id < b.id; });
  });
}

}  // namespace

void refuse_foreign_side_files(const AppendOptions& o, const ingest::ReferenceFiles& files,
                               const ingest::ReferenceFiles& stored, const ingest::StoreTables& night) {
  const auto refuse = [&](const std::string& file, std::size_t entries, const char* what) {
    throw InputError(fmt::format("{}: describes none of the store's {} nor the night's ({} entries, none of "
                                 "their ids in {} or {}): the file of another shop or numbering?",
                                 file, what, entries, o.store, o.transactions))
        .raised_on_all_ranks();
  };
  if (!describes_some(files.products, stored.products, night.product_join))
    refuse(o.products, files.products->size(), "products");
  if (!describes_some(files.households, stored.households, night.household_join))
    refuse(o.households, files.households->size(), "households");
}

void refuse_households_file_applying_nothing(const std::string& households_csv,
                                             const io::HouseholdColumns& has) {
  if (has.consent || has.birth_month || has.household_type) return;
  throw InputError(fmt::format("{}: has none of the columns an append applies to the store's households "
                               "(consent, birth_month, hh_comp_desc): it would change nothing (an opt-out "
                               "file needs its 'consent' column, 0 = may not be mailed)",
                               households_csv))
      .raised_on_all_ranks();
}

void log_households_file(const std::string& households_csv, std::size_t named,
                         const std::vector<io::HouseholdInfo>& before,
                         const std::vector<io::HouseholdInfo>& after, const std::string& store) {
  std::int64_t withdrawn = 0, given = 0;
  std::size_t b = 0;
  for (const io::HouseholdInfo& h : after) {  // both ascending by id; `after` holds every id of `before`
    while (b < before.size() && before[b].id < h.id) ++b;
    const std::int8_t was = b < before.size() && before[b].id == h.id ? before[b].consent : std::int8_t{-1};
    if (was == 1 && h.consent != 1) ++withdrawn;
    if (was != 1 && h.consent == 1) ++given;
  }
  spdlog::info("append: {} names {} households: consent withdrawn for {}, given for {}", households_csv,
               named, withdrawn, given);
  if (std::any_of(after.begin(), after.end(), [](const io::HouseholdInfo& h) { return h.consent == 1; }))
    return;
  spdlog::warn("append: after {} no household of {} has consent = 1 ({} households): export will mail nobody",
               households_csv, store, after.size());
}

}  // namespace basketgap::append
