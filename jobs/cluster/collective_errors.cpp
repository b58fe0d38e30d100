#include "jobs/cluster/collective_errors.hpp"

#include <span>
#include <string>
#include <utility>
#include <vector>

#include "jobs/cluster/comm.hpp"

namespace basketgap {

int agree_on_exit_code(int code, const Comm& comm) { return comm.allreduce(code, ReduceOp::max); }

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
