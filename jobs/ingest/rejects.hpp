// The rejects file of ingest: one CSV row per line that did not become a purchase
// (file,line,column,reason,message,text), gathered from every rank in line order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"
#include "jobs/ingest/records.hpp"

namespace basketgap {
class AtomicOutput;
}

namespace basketgap::ingest {

inline constexpr const char* kRejectsHeader = "file,line,column,reason,message,text\n";

// CSV rows for `rejects`, whose line numbers are shifted by `line_offset`.
std::string format_rejects(const std::vector<RejectEntry>& rejects, const std::string& file,
                           std::int64_t line_offset);

// CSV rows for the first `cap` dropped duplicates by line (gathered from all ranks in any order).
std::string format_duplicates(std::vector<DuplicateLine> duplicates, const std::string& file,
                              std::int64_t cap);

// "FILE:LINE:COLUMN: message" for logs and the final one-line error.
std::string describe(const RejectEntry& reject, const std::string& file, std::int64_t line_offset);

// Writes the rejects file (the header, then `rows`) under its temporary name; rank 0 alone.
// The caller publishes it.
void write_rejects(const AtomicOutput& file, const std::string& rows);

// Collective: concatenates every rank's `rows` on rank 0, in rank order.
std::string gather_text(const std::string& rows, const Comm& comm);

}  // namespace basketgap::ingest
