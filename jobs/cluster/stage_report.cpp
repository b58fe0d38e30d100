#include "jobs/cluster/stage_report.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <utility>

#include "jobs/cluster/progress.hpp"

namespace basketgap {
namespace {

// "min A (rank i) max B (rank j)" of a per-rank figure; ties name the lowest rank.
template <typename Get, typename Show>
std::string spread(std::span<const StageFigures> ranks, Get get, Show show) {
  const auto less = [&](const StageFigures& a, const StageFigures& b) { return get(a) < get(b); };
  const auto lo = std::min_element(ranks.begin(), ranks.end(), less);
  // The first of the largest: max_element keeps the first on ties.
  const auto hi = std::max_element(ranks.begin(), ranks.end(), less);
  return fmt::format("min {} (rank {}) max {} (rank {})", show(get(*lo)), lo - ranks.begin(), show(get(*hi)),
                     hi - ranks.begin());
}

// max/mean of a per-rank figure: 1.00 is perfect balance; "" when the mean is 0.
template <typename Get>
std::string max_over_mean(std::span<const StageFigures> ranks, Get get) {
  double sum = 0, max = 0;
  for (const auto& f : ranks) {
    sum += static_cast<double>(get(f));
    max = std::max(max, static_cast<double>(get(f)));
  }
  if (sum <= 0) return "";
  return fmt::format(", max/mean {:.2f}", max * ranks.size() / sum);
}

std::string bytes(double b) { return format_bytes(b); }
std::string count(double c) { return format_count(c); }
std::string secs(double s) { return fmt::format("{:.2f}", s); }

}  // namespace

std::vector<std::string> stage_summary(const std::string& stage, std::span<const StageFigures> ranks,
                                       const std::string& rows_unit) {
  if (ranks.empty()) return {};
  std::uint64_t sent = 0, received = 0, collectives = 0;
  double seconds = 0;
  for (const auto& f : ranks) {
    sent += f.traffic.sent;
    received += f.traffic.received;
    collectives = std::max(collectives, f.traffic.collectives);
    seconds = std::max(seconds, f.seconds);
  }
  const auto sent_of = [](const StageFigures& f) { return static_cast<double>(f.traffic.sent); };
  const auto received_of = [](const StageFigures& f) { return static_cast<double>(f.traffic.received); };
  const auto rows_of = [](const StageFigures& f) { return static_cast<double>(f.rows); };
  const auto households_of = [](const StageFigures& f) { return static_cast<double>(f.households); };
  // A straggler keeps the others waiting in the next collective: every rank's stage seconds
  // come out alike, but its busy seconds (outside MPI) stand out.
  const auto busy_of = [](const StageFigures& f) { return std::max(0.0, f.seconds - f.traffic.seconds); };
  const auto mpi_of = [](const StageFigures& f) { return f.traffic.seconds; };
  return {fmt::format("{} traffic: {} rank(s), {} collective(s); sent {} ({}), received {} ({})", stage,
                      ranks.size(), collectives, bytes(sent), spread(ranks, sent_of, bytes), bytes(received),
                      spread(ranks, received_of, bytes)),
          fmt::format("{} balance: {:.2f} s; {} {}{}; households {}; busy seconds {}{}; MPI seconds {}",
                      stage, seconds, rows_unit, spread(ranks, rows_of, count), max_over_mean(ranks, rows_of),
                      spread(ranks, households_of, count), spread(ranks, busy_of, secs),
                      max_over_mean(ranks, busy_of), spread(ranks, mpi_of, secs))};
}

namespace {

// One rank's line (logged at debug level, -v).
std::string stage_rank_line(const std::string& stage, int rank, const StageFigures& f,
                            const std::string& rows_unit) {
  return fmt::format(
      "{} rank {}: sent {}, received {}, {} collective(s); {} {}, households {}; {:.2f} s ({:.2f} "
      "s in MPI)",
      stage, rank, bytes(f.traffic.sent), bytes(f.traffic.received), f.traffic.collectives, rows_unit,
      count(f.rows), count(f.households), f.seconds, f.traffic.seconds);
}

}  // namespace

JobTraffic::JobTraffic(std::string job, const Comm& comm)
    : job_(std::move(job)), comm_(comm), start_(comm.traffic()) {}

CommTraffic JobTraffic::finish() {
  const CommTraffic mine = comm_.traffic() - start_ - accounting_;
  const std::vector<CommTraffic> all = comm_.gather_to_root(mine);
  CommTraffic total;
  if (!comm_.is_root()) return total;
  std::uint64_t collectives = 0;
  for (const auto& t : all) {
    total += t;
    collectives = std::max(collectives, t.collectives);
  }
  total.collectives = collectives;
  spdlog::info(
      "{} traffic in total: {} rank(s) sent {} and received {}, {} collectives per rank ({} stage "
      "report gather(s) not counted)",
      job_, all.size(), format_bytes(total.sent), format_bytes(total.received), collectives, stages_);
  return total;
}

StageReport::StageReport(JobTraffic* job, std::string stage, std::string rows_unit)
    : job_(job),
      stage_(std::move(stage)),
      rows_unit_(std::move(rows_unit)),
      start_(job ? job->comm_.traffic() : CommTraffic{}),
      started_(std::chrono::steady_clock::now()) {}

std::vector<StageFigures> StageReport::finish() {
  if (!job_) return {};
  const Comm& comm = job_->comm_;
  figures_.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
  const CommTraffic before = comm.traffic();
  figures_.traffic = before - start_;
  std::vector<StageFigures> all = comm.gather_to_root(figures_);
  job_->accounting_ += comm.traffic() - before;  // this gather is bookkeeping, not the stage's
  ++job_->stages_;
  if (comm.is_root()) {
    for (const std::string& line : stage_summary(stage_, all, rows_unit_)) spdlog::info("{}", line);
    for (std::size_t r = 0; r < all.size(); ++r)
      spdlog::debug("{}", stage_rank_line(stage_, static_cast<int>(r), all[r], rows_unit_));
  }
  return all;
}

}  // namespace basketgap
