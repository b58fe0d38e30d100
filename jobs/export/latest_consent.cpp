#include "jobs/export/latest_consent.hpp"

#include <algorithm>

#include "io/store/reader.hpp"

namespace basketgap::exporting {

std::vector<std::int8_t> latest_consent(const std::string& store_path,
                                        std::span<const std::int64_t> household_ids) {
  std::vector<std::int8_t> consent;
  if (store_path.empty()) return consent;
  const io::HouseholdTable households = io::StoreReader::open(store_path).households();
  consent.reserve(household_ids.size());
  for (const std::int64_t id : household_ids) {
    // The store's ids are ascending.
    const auto it = std::lower_bound(households.id.begin(), households.id.end(), id);
    const bool found = it != households.id.end() && *it == id;
    consent.push_back(found ? households.consent[static_cast<std::size_t>(it - households.id.begin())]
                            : std::int8_t{-1});
  }
  return consent;
}

}  // namespace basketgap::exporting
