#include "jobs/ingest/transactions_input.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <fstream>
#include <string_view>
#include <utility>
#include <vector>

#include "io/csv/csv.hpp"
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

void warn_of_unterminated_last_lines(std::initializer_list<std::string> paths, const Comm& comm) {
  if (!comm.is_root()) return;
  for (const std::string& path : paths) {
    if (path.empty()) continue;
    std::ifstream in(path, std::ios::binary | std::ios::ate);
    const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
    if (size <= 0) continue;
    in.seekg(size - 1);
    char last = '\n';
    if (!in.get(last) || last == '\n') continue;
    spdlog::warn(
        "{}: its last line ends without an end of line; it was read as a whole line, but a file cut "
        "short inside its last field reads so too (an id 100 for 100113): check that the file ends "
        "where its exporter ended it",
        path);
  }
}

namespace {
// The first zero-padded id in the first data lines of `path` among the columns `names` (or the
// positions `columns`), as "column 'x' ... on line N"; "" when none.
std::string first_zero_padded_id(const std::string& path, std::vector<int> columns,
                                 const std::vector<std::string>& names) {
  constexpr int kLines = 1000;
  std::ifstream in(path, std::ios::binary);
  std::string line;
  if (!in || !std::getline(in, line)) return "";
  const std::vector<std::string> header = io::split_csv_header(line, path);
  for (const std::string& name : names) columns.push_back(io::find_column(header, name, path));
  std::vector<std::string_view> fields;
  std::string scratch;
  io::ParseError error;
  for (int number = 2; number <= kLines + 1 && std::getline(in, line); ++number) {
    if (!io::split_csv_line(line, fields, scratch, error)) continue;
    for (const int c : columns) {
      if (c < 0 || static_cast<std::size_t>(c) >= fields.size()) continue;
      const std::string_view id = fields[static_cast<std::size_t>(c)];
      if (id.size() > 1 && id[0] == '0' && id.find_first_not_of("0123456789") == std::string_view::npos)
        return fmt::format("{} '{}' on line {}", header[static_cast<std::size_t>(c)], id, number);
    }
  }
  return "";
}
}  // namespace

void warn_of_zero_padded_ids(const std::string& transactions, const io::ResolvedSchema& schema,
                             const std::string& products, const std::string& households, const Comm& comm) {
  if (!comm.is_root()) return;
  // A file that cannot be read so is reported by its reader, on every rank: nothing to add here.
  const auto first = [](const std::string& path, std::vector<int> columns,
                        const std::vector<std::string>& names) {
    try {
      return first_zero_padded_id(path, std::move(columns), names);
    } catch (const std::exception&) {
      return std::string();
    }
  };
  const auto warn = [](const std::string& path, const std::string& example) {
    if (example.empty()) return;
    spdlog::warn(
        "{}: ids written with leading zeros ({}): ids are whole numbers, so '000123' and '123' are one id, "
        "stored as 123 (and so exported, for households and products) — a system that matches the codes "
        "as text needs them padded again",
        path, example);
  };
  warn(transactions, first(transactions, {schema.household, schema.basket, schema.product}, {}));
  if (!products.empty()) warn(products, first(products, {}, {"PRODUCT_ID"}));
  if (!households.empty()) warn(households, first(households, {}, {"household_key"}));
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
