#include "jobs/cluster/collective_errors.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/environment_seconds.hpp"

namespace basketgap {

std::chrono::milliseconds failed_rank_patience() {
  // Read once: at start-up (main), so a bad value is said on a healthy night too.
  static const std::chrono::milliseconds patience =
      std::chrono::seconds(seconds_from_environment("BASKETGAP_FAILED_RANK_WAIT_SECONDS", 30));
  return patience;
}

int agree_on_exit_code(int code, const Comm& comm, const std::string& message) {
  if (code == exit_ok) return *comm.agree_max(code, std::nullopt);
  const auto patience = failed_rank_patience();
  if (const std::optional<int> agreed = comm.agree_max(code, patience)) return *agreed;
  spdlog::error(
      "{} (rank {}); the other ranks did not come to agree on the failure within {} s (they went on "
      "into another collective step): ending every rank",
      message.empty() ? std::string("failed") : message, comm.rank(),
      std::chrono::duration<double>(patience).count());
  spdlog::default_logger()->flush();
  abort_job(code);
}

namespace {
// The reason of the lowest rank that failed with one, and that rank (-1: none had a message).
std::pair<int, std::string> first_reason(const Comm& comm, const std::string& own_message) {
  std::vector<char> local(own_message.begin(), own_message.end());
  local.push_back('\0');  // every rank sends one terminated message, empty when it did not fail
  const std::vector<char> all = comm.allgatherv(std::span<const char>(local));
  std::size_t begin = 0;
  for (int r = 0; r < comm.size(); ++r) {
    std::string message(all.data() + begin);
    begin += message.size() + 1;
    if (!message.empty()) return {r, message};
  }
  return {-1, {}};
}
}  // namespace

void throw_root_verdict(std::string problem, ExitCode code, const Comm& comm) {
  comm.broadcast(problem);
  if (!problem.empty()) throw Error(code, problem).raised_on_all_ranks();
}

void throw_agreed_error(const Comm& comm, int code, const std::string& own_message, const std::string& what) {
  const auto [rank, reason] = first_reason(comm, own_message);
  std::string message = own_message;
  if (message.empty())
    message = rank < 0 ? what + " failed on another rank" : "on rank " + std::to_string(rank) + ": " + reason;
  throw Error(static_cast<ExitCode>(code), message).raised_on_all_ranks();
}

}  // namespace basketgap
