// SIGTERM/SIGINT handling: the handler only sets a flag; long loops poll it and stop cleanly
// with exit code 75 (EX_TEMPFAIL), which Slurm scripts treat as "requeue / rerun".
#pragma once

namespace basketgap {

class Comm;

void install_stop_signal_handlers();
bool stop_requested();
// Throws Error(exit_interrupted) when a stop was requested.
void throw_if_stop_requested(const char* stage);
// Collective: throws on every rank when any rank was asked to stop, so the job ends normally
// (exit 75) instead of one rank aborting the others in the middle of a checkpoint write.
void throw_if_stop_requested_on_any_rank(const char* stage, const Comm& comm);

}  // namespace basketgap
