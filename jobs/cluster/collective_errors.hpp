// Local work whose failure must end every rank the same way. When a step that every rank
// runs on its own (opening the store, reading its share of rows) fails on some ranks, the
// others would wait forever in the next collective, and MPI_Abort prints a banner from each
// rank. Instead the ranks agree: all throw the same exit code, rank 0 prints one line.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <utility>

#include "io/errors.hpp"

namespace basketgap {

class Comm;

// Collective: the largest `code` of all ranks (exit_ok when none failed). A rank that failed
// waits for the others at most BASKETGAP_FAILED_RANK_WAIT_SECONDS (default 30): when they do
// not come (they went on into another collective step, as after an error in a write only rank
// 0 makes), it logs `message` and ends every rank with its code (MPI_Abort) — never a hang.
int agree_on_exit_code(int code, const Comm& comm, const std::string& message = "");

// How long a failed rank waits for the others to agree (BASKETGAP_FAILED_RANK_WAIT_SECONDS,
// default 30 s; a bad value is said on stderr once, the default used).
std::chrono::milliseconds failed_rank_patience();

// Collective: a check rank 0 alone makes (a path on a shared file system), its verdict shared:
// `problem` is rank 0's ("" when none; the other ranks' is ignored). Every rank throws
// Error(code, problem) when it is not empty.
void throw_root_verdict(std::string problem, ExitCode code, const Comm& comm);

// Collective, once every rank knows the job failed: throws the agreed error on every rank. Rank 0
// prints the job's one error line, so it takes the reason of the first rank that failed (its
// own, or "on rank R: ..."): the file and dataset that broke must be in the log even when
// rank 0 read nothing wrong.
[[noreturn]] void throw_agreed_error(const Comm& comm, int code, const std::string& own_message,
                                     const std::string& what);

// Collective: runs `work` on every rank and returns its result; when it throws basketgap::Error
// on any rank, every rank throws (with its own message, or the first failing rank's: throw_agreed_error).
template <typename Work>
auto on_all_ranks(const Comm& comm, const std::string& what, Work&& work) {
  std::optional<decltype(work())> result;
  std::string message;
  int code = exit_ok;
  try {
    result.emplace(work());
  } catch (const Error& e) {
    message = e.what();
    code = e.code();
  }
  code = agree_on_exit_code(code, comm, message);
  if (code == exit_ok) return std::move(*result);
  result.reset();  // release files before the job ends
  throw_agreed_error(comm, code, message, what);
}

}  // namespace basketgap
