#include "jobs/ingest/parse_pass.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>
#include <vector>

#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/ingest/parse.hpp"
#include "jobs/ingest/rejects.hpp"
#include "jobs/ingest/spill_folders.hpp"

namespace basketgap::ingest {

namespace {
// The first budgeted reject of this rank, for the one-line error ("" if none).
std::string first_budgeted(const ParseResult& parsed, const std::string& transactions,
                           std::int64_t first_line) {
  for (const auto& r : parsed.rejects)
    if (io::counts_against_budget(r.reason)) return describe(r, transactions, first_line);
  return "";
}
// Collective: the rejects file lists the first `cap` return lines of the file, whatever the rank
// count (each rank kept its first `cap`, so those of the file are among them).
void keep_first_returns(std::vector<RejectEntry>& rejects, std::int64_t cap, const Comm& comm) {
  const auto is_return = [](const RejectEntry& r) { return r.reason == io::RejectReason::return_line; };
  const auto mine = static_cast<std::int64_t>(std::count_if(rejects.begin(), rejects.end(), is_return));
  std::int64_t room = std::max<std::int64_t>(0, cap - comm.exclusive_prefix_sum(mine));
  std::erase_if(rejects, [&](const RejectEntry& r) { return is_return(r) && room-- <= 0; });
}

}  // namespace

ParsePass parse_pass(const std::string& transactions, std::uint64_t input_bytes,
                     const io::ResolvedSchema& schema, std::int64_t max_rejects, const SpillFolders& spill,
                     AtomicOutput& rejects_file, const Comm& comm, const std::string& job,
                     const std::string& failed_rejects) {
  const io::ByteRange range = io::plan_byte_range(input_bytes, comm.rank(), comm.size());
  ParsePass pass;
  pass.spill_file = spill.dir() + "/parsed.bin";
  io::SpillWriter<ParsedRecord> writer(pass.spill_file);
  Progress progress(job + "/parse", range.end - range.begin, "bytes", comm.is_root());
  ParseResult parsed = parse_range(transactions, schema, range, writer, progress, max_rejects);
  pass.first_line = comm.exclusive_prefix_sum<std::int64_t>(parsed.lines);
  pass.budgeted_rejects = comm.allreduce<std::int64_t>(parsed.budgeted_rejects, ReduceOp::sum);
  pass.return_lines = comm.allreduce<std::int64_t>(parsed.return_lines, ReduceOp::sum);
  pass.blank_lines = comm.allreduce<std::int64_t>(parsed.blank_lines, ReduceOp::sum);
  pass.records = comm.allreduce<std::uint64_t>(parsed.records, ReduceOp::sum);
  pass.data_lines = comm.allreduce<std::int64_t>(parsed.lines, ReduceOp::sum) - 1;
  keep_first_returns(parsed.rejects, max_rejects, comm);
  pass.rejects_text = gather_text(format_rejects(parsed.rejects, transactions, pass.first_line), comm);
  pass.block_hashes = comm.allgatherv<std::uint64_t>(parsed.block_hashes);
  pass.local_records = static_cast<std::int64_t>(parsed.records);
  pass.local_households = static_cast<std::int64_t>(parsed.household_rows.size());
  pass.household_rows = std::move(parsed.household_rows);
  pass.products = std::move(parsed.products);

  // Returns are dropped outside the budget (a few in a thousand lines is usual); a large share
  // says the file is not what it should be, and the night would lose most of its purchases quietly.
  if (comm.is_root() && pass.return_lines > 0 && pass.return_lines * 20 > pass.data_lines &&
      pass.return_lines < pass.data_lines)
    spdlog::warn(
        "{}: {} of {} data lines ({:.0f} %) are returns or corrections (quantity <= 0), dropped: a share "
        "that high is unusual — quantities signed the other way, weighed items with quantity 0, or a "
        "returns file in place of the sales?",
        job, pass.return_lines, pass.data_lines,
        100.0 * static_cast<double>(pass.return_lines) / pass.data_lines);
  const std::int64_t budgeted = pass.budgeted_rejects;
  if (budgeted > 0 && comm.is_root()) {
    const std::string first_reject = first_budgeted(parsed, transactions, pass.first_line);
    spdlog::warn("{}: {} line(s) rejected (budget {}); first: {}", job, budgeted, max_rejects,
                 first_reject.empty() ? "on another rank, see the rejects file" : first_reject);
  }
  if (budgeted > max_rejects) {
    if (comm.is_root()) {
      write_rejects(rejects_file, pass.rejects_text);
      if (failed_rejects.empty())
        rejects_file.publish_here();
      else
        rejects_file.publish_here_as(failed_rejects);
    }
    spill.remove();
    throw InputError(fmt::format("{}: {} lines rejected, more than --max-rejects {}; nothing was "
                                 "written; see {}",
                                 transactions, budgeted, max_rejects,
                                 failed_rejects.empty() ? rejects_file.final_path() : failed_rejects))
        .raised_on_all_ranks();
  }
  return pass;
}

}  // namespace basketgap::ingest
