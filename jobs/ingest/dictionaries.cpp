#include "jobs/ingest/dictionaries.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <climits>

#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/spill_folders.hpp"

namespace basketgap::ingest {

namespace {
// Merges every rank's (household id, rows) list into one ascending dictionary with counts.
void merge_households(const std::vector<IdCount>& local, const Comm& comm, std::vector<std::int64_t>& ids,
                      std::vector<std::int64_t>& rows) {
  std::vector<IdCount> all = comm.allgatherv<IdCount>(local);
  std::sort(all.begin(), all.end(), [](const IdCount& a, const IdCount& b) { return a.id < b.id; });
  ids.clear();
  rows.clear();
  for (const IdCount& e : all) {
    if (!ids.empty() && ids.back() == e.id) {
      rows.back() += e.count;
    } else {
      ids.push_back(e.id);
      rows.push_back(e.count);
    }
  }
}

std::vector<std::int64_t> merge_products(const std::vector<std::int64_t>& local, const Comm& comm) {
  std::vector<std::int64_t> all = comm.allgatherv<std::int64_t>(local);
  std::sort(all.begin(), all.end());
  all.erase(std::unique(all.begin(), all.end()), all.end());
  return all;
}
}  // namespace

Dictionaries merge_dictionaries(ParsePass& parsed, const std::string& transactions, const SpillFolders& spill,
                                const Comm& comm) {
  Dictionaries d;
  merge_households(parsed.household_rows, comm, d.household_ids, d.household_rows);
  d.product_ids = merge_products(parsed.products, comm);
  parsed.household_rows = {};
  parsed.products = {};
  if (d.household_ids.empty()) {
    spill.remove();
    throw InputError(fmt::format("{}: no valid transaction line ({} data lines: {} returns or corrections, "
                                 "quantity <= 0; {} rejected; {} blank)",
                                 transactions, parsed.data_lines, parsed.return_lines,
                                 parsed.budgeted_rejects, parsed.blank_lines))
        .raised_on_all_ranks();
  }
  if (d.household_ids.size() > INT32_MAX || d.product_ids.size() > INT32_MAX)
    throw InputError(transactions + ": more than 2^31 households or products");
  return d;
}

std::vector<std::int64_t> to_offsets(const std::vector<std::int64_t>& rows) {
  std::vector<std::int64_t> offsets(rows.size() + 1, 0);
  for (std::size_t i = 0; i < rows.size(); ++i) offsets[i + 1] = offsets[i] + rows[i];
  return offsets;
}

}  // namespace basketgap::ingest
