// A number of seconds an operator may set in the environment (BASKETGAP_STOP_GRACE_SECONDS,
// BASKETGAP_FAILED_RANK_WAIT_SECONDS): 1 to 3600, else the default, said on stderr (the job's
// log gets it; it may be read before the logger is set up).
#pragma once

namespace basketgap {

int seconds_from_environment(const char* variable, int fallback);

}  // namespace basketgap
