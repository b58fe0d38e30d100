#include "jobs/ingest/ingest_passes.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <numeric>

#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/ingest/spill_folders.hpp"
#include "jobs/ingest/transactions_input.hpp"

namespace basketgap::ingest {

IngestedRows ingest_rows(const std::string& transactions, const TransactionsInput& input,
                         std::int64_t max_rejects, std::int64_t memory_rows, const SpillFolders& spill,
                         AtomicOutput& rejects_file, JobTraffic* traffic, const std::string& job,
                         const Comm& comm, const std::string& failed_rejects) {
  IngestedRows out;
  // Pass 1: parse.
  StageReport parse_report(traffic, job + "/parse");
  out.parsed = parse_pass(transactions, input.bytes, input.schema, max_rejects, spill, rejects_file, comm,
                          job, failed_rejects);
  parse_report.set_work(out.parsed.local_records, out.parsed.local_households);
  parse_report.finish();

  // Dictionaries and the split of households over ranks.
  StageReport dictionaries_report(traffic, job + "/dictionaries");
  out.dictionaries = merge_dictionaries(out.parsed, transactions, spill, comm);
  out.split = split_households(out.dictionaries.household_rows, memory_rows, comm);
  dictionaries_report.set_work(out.parsed.local_records, out.parsed.local_households);
  dictionaries_report.finish();
  if (comm.is_root())
    spdlog::info("{}: {} rows, {} households, {} products; {} bucket(s) on rank 0", job, out.parsed.records,
                 out.dictionaries.household_ids.size(), out.dictionaries.product_ids.size(),
                 out.split.plan.buckets());

  // Pass 2: route to owners. A rank's work: the rows it receives, of the households it owns.
  StageReport route_report(traffic, job + "/route");
  out.buckets = std::make_unique<BucketStore>(out.split.plan, spill.dir(), out.split.fits_in_memory);
  route_to_buckets(
      {out.parsed.spill_file, out.dictionaries.household_ids, out.dictionaries.product_ids, out.split.owners,
       out.parsed.first_line, std::clamp<std::int64_t>(memory_rows / 4, 1024, 1 << 20)},
      out.split.plan, *out.buckets, comm, out.parsed.records);
  out.buckets->finish_appending();
  const engine::Range& owned = out.split.plan.mine;
  const auto& rows = out.dictionaries.household_rows;
  out.owned_rows = std::accumulate(rows.begin() + owned.begin, rows.begin() + owned.end, std::int64_t{0});
  route_report.set_work(out.owned_rows, owned.size());
  route_report.finish();
  failpoint("ingest/routed");  // the rows in their owners' buckets, nothing sorted yet

  // Pass 3: sort and de-duplicate.
  StageReport sort_report(traffic, job + "/sort");
  out.sorted = sort_pass(out.split.plan, *out.buckets, transactions, max_rejects, comm);
  out.parsed.rejects_text += out.sorted.duplicates_text;
  out.kept_rows =
      std::accumulate(out.sorted.local.rows.begin(), out.sorted.local.rows.end(), std::int64_t{0});
  sort_report.set_work(out.kept_rows, owned.size());
  sort_report.finish();
  return out;
}

}  // namespace basketgap::ingest
