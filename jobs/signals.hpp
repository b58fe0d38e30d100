// SIGTERM/SIGINT handling: the handler only sets a flag; long loops poll it and stop cleanly
// with exit code 75 (EX_TEMPFAIL), which Slurm scripts treat as "requeue / rerun".
#pragma once

namespace basketgap {

void install_stop_signal_handlers();
bool stop_requested();
// Throws Error(exit_interrupted) when a stop was requested.
void throw_if_stop_requested(const char* stage);

}  // namespace basketgap
