// Progress lines for long stages: stage, percent, rate, ETA, at most one line every few
// seconds, e.g. "ingest/parse  42.0% 350.1k rows  118.3 MB/s  ETA 00:01:12".
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <utility>

namespace basketgap {

class Progress {
 public:
  // `total` is in `unit`s (bytes are shown as MB/s); `enabled` is false on ranks != 0.
  Progress(std::string stage, std::uint64_t total, std::string unit, bool enabled,
           double interval_seconds = 5.0);

  // Reports `done` units so far (and `items`, e.g. rows, when the unit is bytes).
  void update(std::uint64_t done, std::uint64_t items = 0);
  // Logs the closing line of the stage with its elapsed time and mean rate.
  void finish(std::uint64_t done, std::uint64_t items = 0);
  double elapsed_seconds() const;
  // E.g. the running lines count rank 0's share, the closing line every rank's.
  void set_unit(std::string unit) { unit_ = std::move(unit); }

 private:
  std::string line(std::uint64_t done, std::uint64_t items, bool final) const;

  std::string stage_;
  std::uint64_t total_;
  std::string unit_;
  bool enabled_;
  double interval_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_;
  double cpu_start_;  // process CPU seconds when the stage started
};

// The time the rest of a stage takes at its mean rate so far: `done` of `total` units took
// `elapsed_seconds` (0 before the first unit or after the last).
double remaining_seconds(std::uint64_t done, std::uint64_t total, double elapsed_seconds);
std::string format_duration(double seconds);  // HH:MM:SS
std::string format_count(double count);       // 1.23M, 456.7k, 89
std::string format_bytes(double bytes);       // 1.20 GB, 4.3 MB, 12.3 kB, 512 B (powers of 1000, like MB/s)

}  // namespace basketgap
