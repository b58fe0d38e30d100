// Exceptions that carry the exit code a scheduler sees (the table "Exit codes" in README.md).
#pragma once

#include <stdexcept>
#include <string>

namespace basketgap {

// Exit codes, after BSD sysexits where one fits, so Slurm's ExitCode tells what went wrong.
enum ExitCode : int {
  exit_ok = 0,
  exit_internal = 1,      // a bug or an unexpected failure
  exit_usage = 64,        // bad command line or configuration
  exit_data = 65,         // bad input data (past the reject budget, corrupt store ...)
  exit_no_input = 66,     // an input file does not exist or cannot be opened
  exit_cant_create = 73,  // the output cannot be created (exists, permissions ...)
  exit_io = 74,           // an I/O error while reading or writing
  exit_interrupted = 75,  // stopped by a signal (SIGTERM/SIGINT); safe to rerun/requeue
};

// An error the user can act on; `what()` is the one-line reason printed at the end of the log.
class Error : public std::runtime_error {
 public:
  Error(ExitCode code, const std::string& message) : std::runtime_error(message), code_(code) {}
  ExitCode code() const { return code_; }
  // True when every rank of the job raises this same error (a collective decision): the job
  // can then end normally instead of aborting the others.
  bool on_all_ranks() const { return all_ranks_; }
  Error& raised_on_all_ranks() {
    all_ranks_ = true;
    return *this;
  }

 private:
  ExitCode code_;
  bool all_ranks_ = false;
};

class InputError : public Error {
 public:
  explicit InputError(const std::string& message) : Error(exit_data, message) {}
};

class UsageError : public Error {
 public:
  explicit UsageError(const std::string& message) : Error(exit_usage, message) {}
};

}  // namespace basketgap
