#include "jobs/cluster/failpoint.hpp"

#include <mpi.h>
#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <string>
#include <thread>

#include "io/errors.hpp"
#include "jobs/cluster/signals.hpp"

namespace basketgap {

void failpoint(const char* name) {
  const char* wanted = std::getenv("BASKETGAP_FAILPOINT");
  if (!wanted) return;
  if (std::strcmp(wanted, name) == 0) {
    spdlog::warn("failpoint {}: paused (BASKETGAP_FAILPOINT), waiting to be killed", name);
    spdlog::default_logger()->flush();
    for (;;) pause();
  }
  // An injected write error on rank 0 alone (the other ranks go on: a failure in a step only
  // rank 0 makes, inside a collective one).
  if (std::string(wanted) == std::string(name) + ":fail-rank0") {
    int initialized = 0, rank = 0;
    MPI_Initialized(&initialized);
    if (initialized) MPI_Comm_rank(MPI_COMM_WORLD, &rank);
    if (rank == 0)
      throw Error(exit_io,
                  std::string("failpoint ") + name + ": an injected write error (BASKETGAP_FAILPOINT)");
    return;
  }
  // A bug (an exception that is no basketgap::Error) on every rank: the exit policy's last resort.
  if (std::string(wanted) == std::string(name) + ":bug")
    throw std::logic_error(std::string("failpoint ") + name +
                           ": an injected internal error (BASKETGAP_FAILPOINT)");
  // Paused until a file appears (a test's reader held while another job runs), then on.
  if (const std::string prefix = std::string(name) + ":until-file=";
      std::string(wanted).starts_with(prefix)) {
    const std::string file = std::string(wanted).substr(prefix.size());
    spdlog::warn("failpoint {}: waiting for {} (BASKETGAP_FAILPOINT)", name, file);
    spdlog::default_logger()->flush();
    while (access(file.c_str(), F_OK) != 0 && !stop_requested())
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return;
  }
  if (std::string(wanted) == std::string(name) + ":until-stop") {
    spdlog::warn("failpoint {}: waiting for a stop signal (BASKETGAP_FAILPOINT)", name);
    spdlog::default_logger()->flush();
    while (!stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace basketgap
