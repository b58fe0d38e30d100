#include "jobs/cluster/logging.hpp"

#include <spdlog/sinks/stdout_sinks.h>

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

}  // namespace basketgap
