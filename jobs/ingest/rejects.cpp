#include "jobs/ingest/rejects.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/csv/csv.hpp"
#include "jobs/cluster/atomic_output.hpp"

namespace basketgap::ingest {
namespace {

// The raw line as readable text: control bytes (NUL, ESC, a lone CR ...) as \xHH, so the
// rejects file stays a text file that spreadsheet and grep read.
std::string printable(const std::string& text) {
  std::string out;
  out.reserve(text.size());
  for (const unsigned char c : text) {
    if (c < 0x20 && c != '\t')
      out += fmt::format("\\x{:02x}", c);
    else
      out += static_cast<char>(c);
  }
  return out;
}

}  // namespace

std::string format_rejects(const std::vector<RejectEntry>& rejects, const std::string& file,
                           std::int64_t line_offset) {
  std::string out;
  for (const auto& r : rejects) {
    out += io::csv_join({file, std::to_string(r.line + line_offset), std::to_string(r.column),
                         io::reject_reason_name(r.reason), r.message, printable(r.text)});
    out += '\n';
  }
  return out;
}

std::string format_duplicates(std::vector<DuplicateLine> duplicates, const std::string& file,
                              std::int64_t cap) {
  std::sort(duplicates.begin(), duplicates.end(),
            [](const DuplicateLine& a, const DuplicateLine& b) { return a.line < b.line; });
  if (static_cast<std::int64_t>(duplicates.size()) > cap) duplicates.resize(static_cast<std::size_t>(cap));
  std::vector<RejectEntry> rejects;
  for (const auto& d : duplicates)
    rejects.push_back({d.line, 0, io::RejectReason::duplicate_line,
                       // A negative line is a row already in the store (append re-reads them).
                       d.first_line < 0 ? std::string("same purchase as a row already in the store")
                                        : "same purchase as line " + std::to_string(d.first_line),
                       ""});
  return format_rejects(rejects, file, 0);
}

std::string describe(const RejectEntry& r, const std::string& file, std::int64_t line_offset) {
  return fmt::format("{}:{}:{}: {} ({})", file, r.line + line_offset, r.column, r.message,
                     io::reject_reason_name(r.reason));
}

void write_rejects(const AtomicOutput& file, const std::string& rows) {
  file.write_text(kRejectsHeader + rows);
}

std::string gather_text(const std::string& rows, const Comm& comm) {
  const std::vector<char> all = comm.gatherv_to_root<char>(std::span<const char>(rows.data(), rows.size()));
  return std::string(all.begin(), all.end());
}

}  // namespace basketgap::ingest
