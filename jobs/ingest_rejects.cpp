#include "jobs/ingest_rejects.hpp"

#include <fmt/format.h>

#include "io/csv.hpp"

namespace basketgap::ingest {

std::string format_rejects(const std::vector<RejectEntry>& rejects, const std::string& file,
                           std::int64_t line_offset) {
  std::string out;
  for (const auto& r : rejects) {
    out += io::csv_join({file, std::to_string(r.line + line_offset), std::to_string(r.column),
                         io::reject_reason_name(r.reason), r.message, r.text});
    out += '\n';
  }
  return out;
}

std::string describe(const RejectEntry& r, const std::string& file, std::int64_t line_offset) {
  return fmt::format("{}:{}:{}: {} ({})", file, r.line + line_offset, r.column, r.message,
                     io::reject_reason_name(r.reason));
}

std::string gather_text(const std::string& rows, const Comm& comm) {
  const std::vector<char> all = comm.gatherv_to_root<char>(std::span<const char>(rows.data(), rows.size()));
  return std::string(all.begin(), all.end());
}

}  // namespace basketgap::ingest
