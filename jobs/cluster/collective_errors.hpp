// Local work whose failure must end every rank the same way. When a step that every rank
// runs on its own (opening the store, reading its share of rows) fails on some ranks, the
// others would wait forever in the next collective, and MPI_Abort prints a banner from each
// rank. Instead the ranks agree: all throw the same exit code, rank 0 prints one line.
#pragma once

#include <optional>
#include <string>
#include <utility>

#include "io/errors.hpp"

namespace basketgap {

class Comm;

// Collective: the largest `code` of all ranks (exit_ok when none failed).
int agree_on_exit_code(int code, const Comm& comm);

// Collective: runs `work` on every rank and returns its result; when it throws basketgap::Error
// on any rank, every rank throws (with its own message, or one naming `what` when it did not fail).
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
  code = agree_on_exit_code(code, comm);
  if (code == exit_ok) return std::move(*result);
  result.reset();  // release files before the job ends
  if (message.empty()) message = what + " failed on another rank (see its log line)";
  throw Error(static_cast<ExitCode>(code), message).raised_on_all_ranks();
}

}  // namespace basketgap
