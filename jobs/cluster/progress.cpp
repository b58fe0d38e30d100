#include "jobs/cluster/progress.hpp"

#include <spdlog/spdlog.h>

#include <sys/resource.h>

#include <cmath>

namespace basketgap {
namespace {
// CPU seconds (user + system, all threads) this process has used so far.
double process_cpu_seconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  const auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + t.tv_usec / 1e6; };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}
}  // namespace

Progress::Progress(std::string stage, std::uint64_t total, std::string unit, bool enabled,
                   double interval_seconds)
    : stage_(std::move(stage)),
      total_(total),
      unit_(std::move(unit)),
      enabled_(enabled),
      interval_(interval_seconds),
      start_(std::chrono::steady_clock::now()),
      last_(start_),
      cpu_start_(process_cpu_seconds()) {}

double Progress::elapsed_seconds() const {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
}

void Progress::update(std::uint64_t done, std::uint64_t items) {
  if (!enabled_) return;
  const auto now = std::chrono::steady_clock::now();
  if (std::chrono::duration<double>(now - last_).count() < interval_) return;
  last_ = now;
  spdlog::info("{}", line(done, items, false));
}

void Progress::finish(std::uint64_t done, std::uint64_t items) {
  if (enabled_) spdlog::info("{}", line(done, items, true));
}

std::string Progress::line(std::uint64_t done, std::uint64_t items, bool final) const {
  const double secs = std::max(elapsed_seconds(), 1e-6);
  const bool bytes = unit_ == "bytes";
  const double rate = done / secs;
  std::string text = stage_;
  if (final) {
    // CPU time next to wall time shows how well the stage used its threads.
    text +=
        fmt::format(" done in {} (cpu {:.1f} s)", format_duration(secs), process_cpu_seconds() - cpu_start_);
  } else if (total_ > 0) {
    text += fmt::format(" {:5.1f}%", 100.0 * done / total_);
  }
  if (bytes) {
    if (items) text += fmt::format("  {} rows ({}/s)", format_count(items), format_count(items / secs));
    text += fmt::format("  {:.1f} MB  {:.1f} MB/s", done / 1e6, rate / 1e6);
  } else {
    text += fmt::format("  {} {}  {}/s", format_count(done), unit_, format_count(rate));
  }
  if (!final && total_ > 0 && done > 0 && done < total_)
    text += fmt::format("  ETA {}", format_duration(remaining_seconds(done, total_, secs)));
  return text;
}

double remaining_seconds(std::uint64_t done, std::uint64_t total, double elapsed_seconds) {
  if (done == 0 || done >= total) return 0.0;
  return static_cast<double>(total - done) * elapsed_seconds / static_cast<double>(done);
}

std::string format_duration(double seconds) {
  const long s = std::lround(std::max(seconds, 0.0));
  return fmt::format("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60);
}

std::string format_count(double count) {
  if (count >= 1e9) return fmt::format("{:.2f}G", count / 1e9);
  if (count >= 1e6) return fmt::format("{:.2f}M", count / 1e6);
  if (count >= 1e4) return fmt::format("{:.1f}k", count / 1e3);
  return fmt::format("{:.0f}", count);
}

std::string format_bytes(double bytes) {
  if (bytes >= 1e9) return fmt::format("{:.2f} GB", bytes / 1e9);
  if (bytes >= 1e6) return fmt::format("{:.1f} MB", bytes / 1e6);
  if (bytes >= 1e3) return fmt::format("{:.1f} kB", bytes / 1e3);
  return fmt::format("{:.0f} B", bytes);
}

}  // namespace basketgap
