#include "jobs/ingest/transactions_input.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <string_view>
#include <utility>

#include "io/csv/line_reader.hpp"
#include "io/csv/transaction_schema.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap::ingest {

IngestConfig read_ingest_config(const std::string& config_path) {
  try {
    return load_config(config_path).ingest;
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
}

namespace {
// A file cut short in the middle of a line (a copy still being written, a transfer that broke off)
// ends without an end of line, on a line that does not parse. Rejected as one bad line it would
// pass inside the rejects budget — and the households after it would get no coupons. A last line
// without an end of line that parses is a whole line (some exports omit the last newline).
void refuse_cut_short(const std::string& path, const io::ResolvedSchema& schema, std::uint64_t bytes) {
  constexpr std::uint64_t kTail = 1 << 16;
  std::ifstream in(path, std::ios::binary);
  const std::uint64_t from = bytes > kTail ? bytes - kTail : 0;
  in.seekg(static_cast<std::streamoff>(from));
  std::string tail(static_cast<std::size_t>(bytes - from), '\0');
  in.read(tail.data(), static_cast<std::streamsize>(tail.size()));
  if (!in || tail.empty() || tail.back() == '\n') return;
  const std::size_t start = tail.rfind('\n');
  if (start == std::string::npos) return;  // the header alone, or a last line longer than the tail
  std::string_view line(tail.data() + start + 1, tail.size() - start - 1);
  if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
  io::TransactionRow row;
  io::ParseError error;
  if (line.find_first_not_of(" \t") == std::string_view::npos ||
      io::parse_transaction_line(line, schema, row, error) || error.reason == io::RejectReason::return_line)
    return;
  throw InputError(
      fmt::format("{}: its last line (from byte {}) ends without an end of line and does not parse "
                  "({}): the file is cut short (a copy still being written?); deliver the whole file",
                  path, from + start + 1, error.message));
}
}  // namespace

TransactionsInput open_transactions(const std::string& transactions, IngestConfig config) {
  TransactionsInput in;
  in.config = std::move(config);
  try {
    in.schema = io::resolve_schema(io::read_first_line(transactions), in.config.columns, transactions);
    in.bytes = io::file_size(transactions);
    std::error_code ec;
    in.modified = std::filesystem::last_write_time(transactions, ec);
    refuse_cut_short(transactions, in.schema, in.bytes);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  return in;
}

void refuse_changed_since_opened(const std::string& transactions, const TransactionsInput& input,
                                 const Comm& comm) {
  std::string problem;
  if (comm.is_root()) {
    std::error_code size_error, time_error;
    const std::uintmax_t now = std::filesystem::file_size(transactions, size_error);
    const auto modified = std::filesystem::last_write_time(transactions, time_error);
    if (size_error || time_error)
      problem = fmt::format("{}: gone or unreadable after it was read ({}): replaced meanwhile?",
                            transactions, (size_error ? size_error : time_error).message());
    else if (now != input.bytes || modified != input.modified)
      problem = fmt::format(
          "{} changed while it was read ({} bytes when opened, {} now{}): a copy still being written, or a "
          "file "
          "replaced meanwhile? Nothing was written; rerun once the file is whole",
          transactions, input.bytes, now, now == input.bytes ? ", modified since" : "");
  }
  throw_root_verdict(problem, exit_data, comm);
}

bool has_purchase_lines(const std::string& transactions, const io::ResolvedSchema& schema) {
  std::ifstream in(transactions, std::ios::binary);
  if (!in) throw Error(exit_no_input, transactions + ": cannot read");
  std::string line;
  std::getline(in, line);  // the header
  io::TransactionRow row;
  io::ParseError error;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank
    if (io::parse_transaction_line(line, schema, row, error) || error.reason != io::RejectReason::return_line)
      return true;
  }
  return false;
}

}  // namespace basketgap::ingest
