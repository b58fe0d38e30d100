#include "jobs/ingest/parse.hpp"

#include <algorithm>
#include <unordered_map>

#include "engine/flat_id_map.hpp"
#include "io/csv/csv.hpp"
#include "jobs/cluster/signals.hpp"

namespace basketgap::ingest {
namespace {
constexpr std::size_t kRejectTextBytes = 200;
}

ParseResult parse_range(const std::string& path, const io::ResolvedSchema& schema, io::ByteRange range,
                        io::SpillWriter<ParsedRecord>& spill, Progress& progress, std::int64_t reject_cap) {
  ParseResult result;
  io::LineRangeReader reader(path, range);
  std::unordered_map<std::int64_t, std::int64_t> household_rows;
  engine::IdMap products;  // value unused: a set
  std::int64_t last_household = -1;
  std::int64_t* last_count = nullptr;  // rows of one household are usually contiguous
  std::int64_t kept_other = 0;

  std::string_view line;
  io::TransactionRow row;
  io::ParseError error;
  bool header_pending = range.begin == 0;
  while (reader.next(line)) {
    const auto line_no = static_cast<std::int64_t>(reader.lines_returned());
    if (header_pending) {  // line 1 of the file is the header, resolved by the caller
      header_pending = false;
      continue;
    }
    if ((line_no & 0xFFFF) == 0) {
      progress.update(reader.bytes_consumed(), result.records);
      throw_if_stop_requested("ingest/parse");
    }
    // A line of blanks is blank, as in the products and households files (not a line of one field).
    if (line.empty() ||
        ((line[0] == ' ' || line[0] == '\t') && line.find_first_not_of(" \t\r") == line.npos)) {
      ++result.blank_lines;
      continue;
    }
    if (!io::parse_padded_transaction_line(line, schema, row, error)) {  // the reader's lines are padded
      const bool budgeted = io::counts_against_budget(error.reason);
      if (budgeted)
        ++result.budgeted_rejects;
      else
        ++result.return_lines;
      // Keep enough entries to report; counts stay exact beyond the cap.
      const bool keep = budgeted ? result.budgeted_rejects <= reject_cap + 1 : kept_other++ < reject_cap;
      if (keep) {
        result.rejects.push_back({line_no, error.column, error.reason, error.message,
                                  std::string(io::utf8_prefix(line, kRejectTextBytes))});
      }
      continue;
    }
    if (row.household != last_household || !last_count) {
      last_household = row.household;
      last_count = &household_rows[row.household];
    }
    ++*last_count;
    products.at_or_insert(row.product);
    spill.push({row.household, row.basket, row.product, line_no, row.day, row.quantity, row.spend});
    ++result.records;
  }
  spill.close();
  progress.finish(reader.bytes_consumed(), result.records);

  result.lines = reader.lines_returned();
  result.block_hashes = reader.block_hashes();
  result.household_rows.reserve(household_rows.size());
  for (const auto& [id, count] : household_rows) result.household_rows.push_back({id, count});
  std::sort(result.household_rows.begin(), result.household_rows.end(),
            [](const IdCount& a, const IdCount& b) { return a.id < b.id; });
  result.products = products.keys();
  std::sort(result.products.begin(), result.products.end());
  return result;
}

}  // namespace basketgap::ingest
