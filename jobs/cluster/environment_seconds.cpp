#include "jobs/cluster/environment_seconds.hpp"

#include <cstdio>
#include <cstdlib>

namespace basketgap {

int seconds_from_environment(const char* variable, int fallback) {
  const char* text = std::getenv(variable);
  if (text == nullptr || *text == '\0') return fallback;
  char* end = nullptr;
  const long seconds = std::strtol(text, &end, 10);
  if (*end == '\0' && seconds > 0 && seconds <= 3600) return static_cast<int>(seconds);
  std::fprintf(stderr, "basketgap: %s='%s' is not 1 to 3600 seconds; using %d\n", variable, text, fallback);
  return fallback;
}

}  // namespace basketgap
