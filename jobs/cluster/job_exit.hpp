// How a job's end becomes the process's exit: the error line (rank 0's, or the failing rank's),
// the exit code a scheduler reads (docs/RUNBOOK.md), and when every rank must be ended through
// MPI_Abort instead of returning (a failure one rank alone saw, or a parallel file left open).
#pragma once

#include <functional>
#include <string>

namespace basketgap {

class Comm;

// Runs `job` (the subcommand `name`) and returns its exit code, having logged why it failed;
// ends every rank with that code through MPI_Abort when returning would leave a rank waiting
// in a collective or MPI_Finalize closing a file written in parallel.
int run_job_with_exit_policy(const std::string& name, const Comm& comm, const std::function<int()>& job);

}  // namespace basketgap
