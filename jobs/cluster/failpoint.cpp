#include "jobs/cluster/failpoint.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

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
  if (std::string(wanted) == std::string(name) + ":until-stop") {
    spdlog::warn("failpoint {}: waiting for a stop signal (BASKETGAP_FAILPOINT)", name);
    spdlog::default_logger()->flush();
    while (!stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace basketgap
