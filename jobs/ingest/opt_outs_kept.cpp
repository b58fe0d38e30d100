#include "jobs/ingest/opt_outs_kept.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <cstdint>
#include <exception>
#include <filesystem>
#include <vector>

#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap::ingest {
namespace {

// Ids with consent 0 in `table` (ids ascending in each table).
void add_opted_out(const io::HouseholdTable& table, std::vector<std::int64_t>& out) {
  for (std::size_t h = 0; h < table.id.size() && h < table.consent.size(); ++h)
    if (table.consent[h] == 0) out.push_back(table.id[h]);
}

// Consent of `id` in `table`, -1 when absent or unknown.
int consent_of(const io::HouseholdTable& table, std::int64_t id) {
  const auto at = std::lower_bound(table.id.begin(), table.id.end(), id);
  if (at == table.id.end() || *at != id) return -1;
  const auto h = static_cast<std::size_t>(at - table.id.begin());
  return h < table.consent.size() ? table.consent[h] : -1;
}

}  // namespace

void refuse_lost_opt_outs(const std::string& old_store, const io::HouseholdTable& fresh,
                          const io::HouseholdTable& fresh_catalog, const Comm& comm) {
  on_all_ranks(comm, old_store, [&] {
    if (!comm.is_root() || !std::filesystem::is_regular_file(old_store)) return 0;
    std::vector<std::int64_t> opted_out;
    std::int64_t version = 0;
    try {
      const io::StoreReader old = io::StoreReader::open(old_store);
      version = old.summary().store_version;
      // A store of one version holds the consent of the households file it was ingested with: a
      // rebuild with a newer file (a household that opted in again) is the rebuild's purpose.
      if (version <= 1) return 0;
      add_opted_out(old.households(), opted_out);
      add_opted_out(old.catalog().households, opted_out);
    } catch (const std::exception&) {
      return 0;  // not a store (or a broken one): nothing of it to keep
    }
    std::vector<std::int64_t> given_back;
    for (std::int64_t id : opted_out)
      if (consent_of(fresh, id) == 1 || consent_of(fresh_catalog, id) == 1) given_back.push_back(id);
    if (given_back.empty()) return 0;
    std::sort(given_back.begin(), given_back.end());
    const std::size_t shown = std::min<std::size_t>(given_back.size(), 5);
    throw InputError(fmt::format(
        "--overwrite would replace {} (version {}: nights appended since its ingest), where {} household(s) "
        "have no consent, with a store that gives them consent again (e.g. {}{}): opt-outs that came with "
        "the appended nights' households files would be lost and they would be mailed. Add them to "
        "--households with consent 0; if the new consent is right, remove the old store first",
        old_store, version, given_back.size(),
        fmt::join(given_back.begin(), given_back.begin() + static_cast<std::ptrdiff_t>(shown), ", "),
        given_back.size() > shown ? ", ..." : ""));
  });
}

}  // namespace basketgap::ingest
