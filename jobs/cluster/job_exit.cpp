#include "jobs/cluster/job_exit.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <exception>
#include <thread>

#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/signals.hpp"

namespace basketgap {

int run_job_with_exit_policy(const std::string& name, const Comm& comm, const std::function<int()>& job) {
  int code = exit_internal;
  bool all_ranks_failed = false;
  try {
    throw_if_stop_requested_on_any_rank("start-up", comm);  // a stop while MPI started
    code = job();
  } catch (const Error& e) {
    code = e.code();
    all_ranks_failed = e.on_all_ranks();
    if (code == exit_interrupted && !all_ranks_failed && comm.size() > 1) {
      // A stop this rank alone saw: a signal to it alone, or mpirun ending the job after another
      // rank failed (it sends the others SIGTERM). Said as such, and the MPI_Abort below waits a
      // moment, so that the failed rank's own code (74, 65, ...) ends the job, not 75 — which
      // the Slurm scripts would requeue.
      spdlog::warn(
          "{}: {} (a time limit, scancel or preemption; or, when another rank failed just before, "
          "this is the job being ended: its error line says why)",
          name, e.what());
      std::this_thread::sleep_for(std::chrono::seconds(3));
    } else if (comm.is_root() || !all_ranks_failed) {
      spdlog::error("{} failed: {}", name, e.what());
    }
  } catch (const std::exception& e) {
    spdlog::error("{} failed (internal error): {}", name, e.what());
    code = exit_internal;
  }
  // A stop that came after the job's last point of stopping (its outputs were being published):
  // the job completed, and its exit says so, but the log must not be silent about the signal.
  if (code == exit_ok && stop_requested())
    spdlog::warn(
        "{}: a stop signal came after the job's last point of stopping (while its outputs were written or "
        "published); they are complete (exit 0)",
        name);
  if (code != exit_ok && comm.size() > 1 && (!all_ranks_failed || io::h5::parallel_write_left_open())) {
    // A failure seen by one rank only would leave the others waiting in a collective; a file
    // written in parallel left open would be closed by MPI_Finalize (a hang on a full disk).
    spdlog::shutdown();
    abort_job(code);
  }
  return code;
}

}  // namespace basketgap
