#include "jobs/append/unapplied_references.hpp"

#include <algorithm>
#include <optional>
#include <tuple>
#include <vector>

namespace basketgap::append {
namespace {

auto kept_fields(const io::HouseholdInfo& h) { return std::tie(h.consent, h.birth_month, h.household_type); }
auto kept_fields(const io::ProductInfo& p) {
  return std::tie(p.department, p.commodity, p.sub_commodity, p.brand);
}

// Entries of `with_files` that `stored` lacks or holds with other kept fields (both ascending by
// id, `with_files` a superset of `stored`'s ids).
template <typename Entry>
std::int64_t changed(const std::optional<std::vector<Entry>>& stored,
                     const std::optional<std::vector<Entry>>& with_files) {
  if (!stored || !with_files) return 0;
  std::int64_t n = 0;
  for (const Entry& e : *with_files) {
    const auto it = std::lower_bound(stored->begin(), stored->end(), e.id,
                                     [](const Entry& s, std::int64_t id) { return s.id < id; });
    if (it == stored->end() || it->id != e.id || kept_fields(*it) != kept_fields(e)) ++n;
  }
  return n;
}

}  // namespace

ReferenceChanges reference_changes(const ingest::ReferenceFiles& stored,
                                   const ingest::ReferenceFiles& with_files) {
  return {changed(stored.products, with_files.products), changed(stored.households, with_files.households)};
}

}  // namespace basketgap::append
