#include "io/store/batches.hpp"

#include <algorithm>
#include <ctime>
#include <variant>

#include "io/hdf5/tables.hpp"
#include "io/store/schema.hpp"

namespace basketgap::io {

namespace {
template <typename T>
void write_column(const h5::File& file, const char* name, const std::vector<T>& values, bool is_writer) {
  auto ds = h5::Dataset::create<T>(file, name, {values.size()});
  ds.template write_rows<T>(0, is_writer ? std::span<const T>(values) : std::span<const T>());
}

template <typename T>
T attribute_or(const Attributes& attributes, const std::string& name, T fallback) {
  for (const auto& [n, v] : attributes)
    if (n == name && std::holds_alternative<T>(v)) return std::get<T>(v);
  return fallback;
}
}  // namespace

void write_batches(const h5::File& file, const std::vector<BatchRecord>& batches, bool is_writer) {
  std::vector<std::int64_t> version, rows, rejected, first_day, last_day, retracted_in;
  std::vector<std::string> source, xxh3, time, fingerprint, segment, segment_fingerprint;
  bool segmented = false;
  for (const BatchRecord& b : batches) {
    version.push_back(b.version);
    rows.push_back(b.rows);
    rejected.push_back(b.rejected_lines);
    first_day.push_back(b.first_day);
    last_day.push_back(b.last_day);
    source.push_back(b.source);
    xxh3.push_back(b.source_xxh3);
    time.push_back(b.utc_time);
    fingerprint.push_back(b.fingerprint);
    segment.push_back(b.segment);
    segment_fingerprint.push_back(b.segment_fingerprint);
    retracted_in.push_back(b.retracted_in);
    segmented = segmented || !b.segment.empty() || b.retracted_in != 0;
  }
  write_column(file, store::kBatchVersion, version, is_writer);
  write_string_table(file, store::kBatchSource, source, is_writer);
  write_string_table(file, store::kBatchSourceXxh3, xxh3, is_writer);
  write_column(file, store::kBatchRows, rows, is_writer);
  write_column(file, store::kBatchRejected, rejected, is_writer);
  write_column(file, store::kBatchFirstDay, first_day, is_writer);
  write_column(file, store::kBatchLastDay, last_day, is_writer);
  write_string_table(file, store::kBatchTime, time, is_writer);
  write_string_table(file, store::kBatchFingerprint, fingerprint, is_writer);
  if (!segmented) return;  // a one-file store keeps the version-1 layout
  write_string_table(file, store::kBatchSegment, segment, is_writer);
  write_string_table(file, store::kBatchSegmentFingerprint, segment_fingerprint, is_writer);
  write_column(file, store::kBatchRetractedIn, retracted_in, is_writer);
}

std::vector<BatchRecord> read_batches(const h5::File& file, const Attributes& attributes) {
  if (!h5::exists(file, store::kBatchVersion)) {
    // Written before batches: the whole store is version 1.
    BatchRecord b;
    b.source = attribute_or<std::string>(attributes, "source_transactions", "");
    b.source_xxh3 = attribute_or<std::string>(attributes, "source_transactions_xxh3", "");
    b.rows = attribute_or<std::int64_t>(attributes, "rows", 0);
    b.rejected_lines = attribute_or<std::int64_t>(attributes, "rejected_lines", 0);
    b.first_day = attribute_or<std::int64_t>(attributes, "min_day", 0);
    b.last_day = attribute_or<std::int64_t>(attributes, "max_day", 0);
    b.fingerprint = attribute_or<std::string>(attributes, "fingerprint", "");
    return {b};
  }
  const auto ints = [&](const char* name) { return h5::Dataset::open(file, name).read_all<std::int64_t>(); };
  const auto strings = [&](const char* name) { return h5::Dataset::open(file, name).read_strings(); };
  const auto version = ints(store::kBatchVersion), rows = ints(store::kBatchRows),
             rejected = ints(store::kBatchRejected), first_day = ints(store::kBatchFirstDay),
             last_day = ints(store::kBatchLastDay);
  const auto source = strings(store::kBatchSource), xxh3 = strings(store::kBatchSourceXxh3),
             time = strings(store::kBatchTime), fingerprint = strings(store::kBatchFingerprint);
  const std::size_t n = version.size();
  const bool segmented = h5::exists(file, store::kBatchSegment);
  const std::vector<std::string> segment =
      segmented ? strings(store::kBatchSegment) : std::vector<std::string>(n);
  const std::vector<std::string> segment_fingerprint =
      segmented ? strings(store::kBatchSegmentFingerprint) : std::vector<std::string>(n);
  const std::vector<std::int64_t> retracted_in =
      segmented ? ints(store::kBatchRetractedIn) : std::vector<std::int64_t>(n, 0);
  for (std::size_t size :
       {segment.size(), segment_fingerprint.size(), retracted_in.size(), rows.size(), rejected.size(),
        first_day.size(), last_day.size(), source.size(), xxh3.size(), time.size(), fingerprint.size()})
    if (size != n)
      throw Error(exit_data, file.path() + ": the /batches datasets disagree in length (corrupt store)");
  std::vector<BatchRecord> out(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (version[i] != static_cast<std::int64_t>(i) + 1)
      throw Error(exit_data,
                  file.path() + ": dataset " + store::kBatchVersion + " is not 1, 2, 3, ... (corrupt store)");
    out[i] = {version[i],
              source[i],
              xxh3[i],
              rows[i],
              rejected[i],
              first_day[i],
              last_day[i],
              time[i],
              fingerprint[i],
              segment[i],
              segment_fingerprint[i],
              retracted_in[i]};
    if (retracted_in[i] != 0 && retracted_in[i] <= version[i])
      throw Error(exit_data, file.path() + ": batch " + std::to_string(version[i]) +
                                 " retracted in version " + std::to_string(retracted_in[i]) +
                                 " (corrupt store)");
  }
  return out;
}

const BatchRecord* find_batch_by_checksum(const std::vector<BatchRecord>& batches, const std::string& xxh3,
                                          std::optional<std::int64_t> no_sales_day) {
  for (const BatchRecord& b : batches)
    if (b.is_night(xxh3, no_sales_day) && b.retracted_in == 0) return &b;
  return nullptr;
}

std::int64_t last_covered_day(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                              std::int64_t fallback) {
  std::int64_t last = fallback;
  for (const BatchRecord& b : batches)
    if (b.covers_days() && b.visible_at(as_of_version)) last = std::max(last, b.last_day);
  return last;
}

std::int64_t last_no_sales_day(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                               std::int64_t day, std::int64_t fallback) {
  std::int64_t last = fallback;
  for (const BatchRecord& b : batches)
    if (b.no_sales_night() && b.visible_at(as_of_version) && b.first_day <= day)
      last = std::max(last, b.first_day);
  return last;
}

std::int64_t first_no_sales_day_after(const std::vector<BatchRecord>& batches, std::int64_t as_of_version,
                                      std::int64_t day, std::int64_t fallback) {
  std::int64_t first = fallback;
  for (const BatchRecord& b : batches)
    if (b.no_sales_night() && b.visible_at(as_of_version) && b.first_day > day)
      first = std::min(first, b.first_day);
  return first;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&now, &tm);
  char text[32];
  std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return text;
}

}  // namespace basketgap::io
