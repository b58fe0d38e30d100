#include "jobs/ingest/reference_files.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>

#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap::ingest {

ReferenceFiles read_reference_files(const std::string& products_csv, const std::string& households_csv,
                                    const std::vector<std::string>& ignored_household_columns,
                                    const Comm& comm, bool warn_consent) {
  ReferenceFiles files;
  on_all_ranks(comm, "reading the products and households files", [&] {
    if (!products_csv.empty()) {
      files.products = io::read_products_csv(products_csv);
      files.product_columns = io::products_csv_columns(products_csv);
    }
    if (!households_csv.empty()) {
      files.households = io::read_households_csv(households_csv, ignored_household_columns);
      files.household_columns = io::households_csv_columns(households_csv, ignored_household_columns);
    }
    return 0;
  });
  // Names quoted: an empty one (a header ending in a comma) is seen as such.
  const auto quoted = [](const std::vector<std::string>& names) {
    std::vector<std::string> out;
    for (const std::string& n : names) out.push_back("'" + n + "'");
    return fmt::format("{}", fmt::join(out, ", "));
  };
  if (files.products && !files.product_columns.unread.empty() && comm.is_root())
    spdlog::warn(
        "{}: column(s) {} are none of a products file's (docs/FORMATS.md) and are not read: a "
        "misspelt DEPARTMENT, COMMODITY_DESC ...?",
        products_csv, quoted(files.product_columns.unread));
  if (files.households && !files.household_columns.unread.empty() && comm.is_root())
    spdlog::warn("{}: column(s) {} are none of a households file's (docs/FORMATS.md) and are not read",
                 households_csv, quoted(files.household_columns.unread));
  if (warn_consent && files.households && comm.is_root())
    if (const std::string warning =
            consent_warning(households_csv, *files.households, files.household_columns.consent);
        !warning.empty())
      spdlog::warn("ingest: {}", warning);
  return files;
}

std::string consent_warning(const std::string& households_csv,
                            const std::vector<io::HouseholdInfo>& households, bool has_consent_column) {
  if (!has_consent_column)
    return fmt::format(
        "{} has no consent column: every household's consent is unknown, export will mail nobody",
        households_csv);
  const bool someone = std::any_of(households.begin(), households.end(),
                                   [](const io::HouseholdInfo& h) { return h.consent == 1; });
  if (someone) return "";
  return fmt::format("no household of {} has consent = 1 ({} rows): export will mail nobody", households_csv,
                     households.size());
}

}  // namespace basketgap::ingest
