#include "jobs/cluster/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>

#include <unistd.h>

#include <string>

namespace basketgap {

void setup_logging(int rank, bool verbose, bool quiet) {
  // stderr, unbuffered lines: Slurm captures it into the job's .err/.out file as it goes.
  auto logger = spdlog::stderr_logger_mt("basketgap");
  logger->set_pattern("[%Y-%m-%dT%H:%M:%S%z] [rank " + std::to_string(rank) + "] [%l] %v");
  spdlog::level::level_enum level = spdlog::level::info;
  if (verbose) level = spdlog::level::debug;
  if (quiet || rank != 0) level = spdlog::level::warn;
  logger->set_level(level);
  logger->flush_on(spdlog::level::info);
  spdlog::set_default_logger(logger);
}

void log_rank_placement(int rank, bool quiet) {
  if (quiet) return;
  char host[256] = {};
  ::gethostname(host, sizeof host - 1);
  const auto logger = spdlog::default_logger();
  const auto level = logger->level();
  logger->set_level(spdlog::level::info);  // other ranks log warnings only: this line is the exception
  logger->info("rank {} on host {} (pid {})", rank, host, static_cast<long>(::getpid()));
  logger->set_level(level);
}

}  // namespace basketgap
