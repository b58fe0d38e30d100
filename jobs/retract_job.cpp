// `basketgap retract --version V`: withdraws batch V (a night whose file was wrong) as a new
// version: the batch is marked retracted in that version and its rows are skipped by every
// read of that version or later; versions before keep it, so their pinned reruns still give
// what they gave. Only a batch appended since the last `compact` (one segment of its own) can
// be retracted; compact then drops its rows for good. STORE.h5 is rewritten (the dictionaries
// and batch records, not the rows), atomically and under the store's lock.
#include <spdlog/spdlog.h>

#include <exception>
#include <optional>
#include <string>
#include <variant>

#include "io/store/reader.hpp"
#include "io/store/segments.hpp"
#include "jobs/append/retracted_head.hpp"
#include "jobs/append/segment_files.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/day_span.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {
namespace {

std::string attribute_text(const io::Attributes& attributes, const std::string& name) {
  for (const auto& [key, value] : attributes)
    if (key == name && std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  return "";
}

// Retract withdraws a night's rows, not what its households or products file changed: an
// opt-out stays (consent is never given back by undoing a file), and so does consent the file
// gave — which, from a wrong night's file, the operator must correct. Says so when it had one.
void warn_side_files_stay(const std::string& store, const io::BatchRecord& withdrawn) {
  if (withdrawn.segment.empty()) return;
  if (withdrawn.no_sales_night()) {
    // No segment holds its sources: whether it came with a households or products file is not
    // recorded, so the warning is given whenever such a night is withdrawn.
    spdlog::warn(
        "retract: batch {} was a night without sales: if it came with a households or products file, what "
        "that file changed stays (consent it gave still holds; retract withdraws rows only): if that file "
        "was wrong, append the right one with the next night (append --households / --products)",
        withdrawn.version);
    return;
  }
  io::Attributes night;
  try {
    night = io::StoreReader::open_segment(io::segments_folder(store) + "/" + withdrawn.segment)
                .summary()
                .attributes;
  } catch (const std::exception&) {
    return;  // the head is published; a segment that cannot be read is score's error to give
  }
  const std::string households = attribute_text(night, "source_households");
  const std::string products = attribute_text(night, "source_products");
  if (!households.empty())
    spdlog::warn(
        "retract: batch {} came with the households file {}: its consent changes stay (retract withdraws "
        "rows "
        "only; consent it gave still holds): if that file was wrong too, append the right households file "
        "with the next night (append --households)",
        withdrawn.version, households);
  if (!products.empty())
    spdlog::warn(
        "retract: batch {} came with the products file {}: its descriptions stay (retract withdraws rows "
        "only): "
        "if that file was wrong too, append the right products file with the next night (append --products)",
        withdrawn.version, products);
}

}  // namespace

int run_retract(const RetractOptions& o, const Comm& comm) {
  std::optional<append::StoreLock> lock;
  io::StoreReader stored = append::open_for_writing(o.store, lock, comm);
  const io::BatchRecord withdrawn = append::retractable(stored, o.version);
  // A compacted store is one file: it is linked into the segments folder as the base segment of
  // its versions, as the first append does (only a night without sales is retractable there).
  std::string base_segment;
  std::optional<append::SegmentsFolder> segments;
  if (!stored.segmented()) {
    base_segment = io::segment_name(1, stored.summary().store_version);
    segments.emplace(o.store, comm);
  }
  const append::StoreHead head =
      on_all_ranks(comm, o.store, [&] { return append::retracted_head(stored, withdrawn, base_segment); });
  append::publish_head(o.store, stored, base_segment, head, comm);
  if (comm.is_root()) {
    spdlog::info(
        "retract: {} is now version {}: batch {} ({}, {} rows, days {}) withdrawn; versions before "
        "{} still read it",
        o.store, head.batches.back().version, withdrawn.version, withdrawn.source, withdrawn.rows,
        day_span(withdrawn.first_day, withdrawn.last_day), head.batches.back().version);
    warn_side_files_stay(o.store, withdrawn);
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
