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

void warn_if_nobody_consents(const std::string& households_csv, const std::vector<io::HouseholdInfo>& merged,
                             const std::string& store) {
  if (std::any_of(merged.begin(), merged.end(), [](const io::HouseholdInfo& h) { return h.consent == 1; }))
    return;
  spdlog::warn("append: after {} no household of {} has consent = 1 ({} households): export will mail nobody",
               households_csv, store, merged.size());
}

}  // namespace basketgap::append
