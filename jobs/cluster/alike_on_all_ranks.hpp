// A file every rank opens by its path (a store's head) can be replaced between two ranks' opens:
// an `append`, `retract` or `compact` publishing a new head while a `score` starts. Ranks that
// read different heads would split the households differently — some scored twice, some not at
// all — so the ranks compare what they opened and, when it differs, open it again.
#pragma once

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstdint>
#include <string>
#include <thread>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap {

// Collective: `open()` on every rank (as on_all_ranks), then `identity(opened)` (a 64-bit key of
// what was opened) compared across ranks; where it differs every rank opens again, at most
// `attempts` times, then Error(exit_interrupted): a rerun, once the writer is done, reads one.
template <typename Open, typename Identity>
auto open_alike_on_all_ranks(const Comm& comm, const std::string& what, Open&& open, Identity&& identity,
                             int attempts = 5) {
  for (int attempt = 1;; ++attempt) {
    auto opened = on_all_ranks(comm, what, open);
    const auto mine = static_cast<std::int64_t>(identity(opened));
    if (comm.allreduce<std::int64_t>(mine, ReduceOp::min) ==
        comm.allreduce<std::int64_t>(mine, ReduceOp::max))
      return opened;
    if (attempt == attempts)
      throw Error(exit_interrupted,
                  what + " changed while the ranks opened it, " + std::to_string(attempts) +
                      " times (a writer publishing again and again?): rerun once it is done")
          .raised_on_all_ranks();
    if (comm.is_root())
      spdlog::warn(
          "{} changed while the ranks opened it (a writer published a new version): opening it again", what);
    std::this_thread::sleep_for(std::chrono::milliseconds(100 * attempt));
  }
}

}  // namespace basketgap
