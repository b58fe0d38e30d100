#include "jobs/cluster/signals.hpp"

#include <mpi.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

#include "io/errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/environment_seconds.hpp"

namespace basketgap {
namespace {
volatile std::sig_atomic_t g_stop = 0;
std::atomic<bool> g_mpi_started{false};
extern "C" void on_stop_signal(int) { g_stop = 1; }
int stop_grace_seconds() {
  return seconds_from_environment("BASKETGAP_STOP_GRACE_SECONDS", kDefaultStopGraceSeconds);
}

void set_handlers() {
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGINT, on_stop_signal);
  // A file-size limit (ulimit -f) reached: the write fails with EFBIG and the job ends as on a
  // full disk (74, naming the file), instead of death by SIGXFSZ (153, no line of ours).
  std::signal(SIGXFSZ, SIG_IGN);
}
}  // namespace

void install_stop_signal_handlers() {
  set_handlers();
  // The watchdog: a rank blocked in MPI or HDF5 (waiting for a peer that is gone, or on a
  // stalled file system), or still in MPI_Init, never polls the flag. After the grace period it
  // ends the whole job with 75, before Slurm's KillWait turns the stop into a SIGKILL (137).
  std::thread([grace = stop_grace_seconds()] {
    while (!stop_requested()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    std::this_thread::sleep_for(std::chrono::seconds(grace));
    if (!g_mpi_started) {  // no MPI to abort through, no logger set up yet
      std::fprintf(stderr, "stopped by a signal %d s ago and still starting (MPI_Init waiting?): exit %d\n",
                   grace, static_cast<int>(exit_interrupted));
      std::_Exit(exit_interrupted);
    }
    spdlog::error(
        "stopped by a signal {} s ago and still running (blocked in MPI or HDF5, or a long step such as a "
        "tree fit): ending every rank "
        "with exit code {}; no output was published, rerun to resume",
        grace, static_cast<int>(exit_interrupted));
    MPI_Abort(MPI_COMM_WORLD, exit_interrupted);
    std::_Exit(exit_interrupted);
  }).detach();
}

void mpi_started() {
  set_handlers();
  g_mpi_started = true;
}

bool stop_requested() { return g_stop != 0; }

void throw_if_stop_requested(const char* stage) {
  if (stop_requested())
    throw Error(exit_interrupted, std::string("stopped by a signal during ") + stage +
                                      "; no output was published, rerun to redo it");
}

void throw_if_stop_requested_on_any_rank(const char* stage, const Comm& comm) {
  if (comm.any(stop_requested()))
    throw Error(exit_interrupted,
                std::string("stopped by a signal during ") + stage +
                    "; no output was published, rerun to redo it" +
                    (std::string_view(stage).starts_with("score") ? " (it resumes from its checkpoint)" : ""))
        .raised_on_all_ranks();
}

}  // namespace basketgap
