// SIGTERM/SIGINT handling: the handler only sets a flag; long loops poll it and stop cleanly
// with exit code 75 (EX_TEMPFAIL), which Slurm scripts treat as "requeue / rerun". A watchdog
// thread aborts the job with 75 when a rank blocked in MPI or HDF5 does not stop in time.
#pragma once

namespace basketgap {

class Comm;

// Seconds a rank may take to stop after SIGTERM/SIGINT before the watchdog aborts the job with
// 75 (environment BASKETGAP_STOP_GRACE_SECONDS; keep it below Slurm's KillWait, default 30 s).
inline constexpr int kDefaultStopGraceSeconds = 20;

// Installs the handlers (they only set the flag) and starts the watchdog thread. Called first in
// main, before MPI starts, so that a stop during start-up (Slurm preempting a job that has just
// begun) is a stop the job sees at its first check (exit 75), not death by the signal (143).
void install_stop_signal_handlers();
// MPI is up: the handlers again (MPI's start-up may have set its own), and from now on the
// watchdog ends the job through MPI_Abort.
void mpi_started();
bool stop_requested();
// Throws Error(exit_interrupted) when a stop was requested.
void throw_if_stop_requested(const char* stage);
// Collective: throws on every rank when any rank was asked to stop, so the job ends normally
// (exit 75) instead of one rank aborting the others in the middle of a checkpoint write.
void throw_if_stop_requested_on_any_rank(const char* stage, const Comm& comm);

}  // namespace basketgap
