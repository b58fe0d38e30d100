#include "jobs/ingest/input_warnings.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <string_view>
#include <utility>
#include <vector>

#include "io/csv/csv.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap::ingest {

namespace {
// Warns when the file's last line ends without an end of line.
void warn_if_last_line_unterminated(const std::string& path) {
  if (path.empty()) return;
  std::ifstream in(path, std::ios::binary | std::ios::ate);
  const std::streamoff size = in ? static_cast<std::streamoff>(in.tellg()) : 0;
  if (size <= 0) return;
  in.seekg(size - 1);
  char last = '\n';
  if (!in.get(last) || last == '\n') return;
  spdlog::warn(
      "{}: its last line ends without an end of line; it was read as a whole line, but a file cut "
      "short inside its last field reads so too (an id 100 for 100113): check that the file ends "
      "where its exporter ended it",
      path);
}

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

// Warns when the first data lines of an input write ids with leading zeros.
void warn_of_zero_padded_ids(const std::string& transactions, const io::ResolvedSchema& schema,
                             const std::string& products, const std::string& households) {
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
}  // namespace

void warn_of_suspect_inputs(const std::string& transactions, const io::ResolvedSchema& schema,
                            const std::string& products, const std::string& households, const Comm& comm) {
  if (!comm.is_root()) return;
  for (const std::string& path : {transactions, products, households}) warn_if_last_line_unterminated(path);
  warn_of_zero_padded_ids(transactions, schema, products, households);
}

}  // namespace basketgap::ingest
