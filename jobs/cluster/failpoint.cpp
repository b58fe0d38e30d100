#include "jobs/cluster/failpoint.hpp"

#include <spdlog/spdlog.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace basketgap {

void failpoint(const char* name) {
  const char* wanted = std::getenv("BASKETGAP_FAILPOINT");
  if (!wanted || std::strcmp(wanted, name) != 0) return;
  spdlog::warn("failpoint {}: paused (BASKETGAP_FAILPOINT), waiting to be killed", name);
  spdlog::default_logger()->flush();
  for (;;) pause();
}

}  // namespace basketgap
