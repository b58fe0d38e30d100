#include "jobs/ingest/spill_folders.hpp"

#include <unistd.h>

#include <algorithm>
#include <cstdint>
#include <filesystem>
#include <system_error>
#include <vector>

#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap::ingest {

namespace {
// Rank 0's verdict on --spill-dir, before any work: a folder that exists and is writable; else
// every rank would fail later with a bare filesystem error. Not made when missing: a mistyped
// scratch path would put the spill on another file system (the one its nearest folder is on).
void check_spill_dir(const std::string& spill_dir, const Comm& comm) {
  std::string problem;
  if (comm.is_root() && !spill_dir.empty()) {
    std::error_code ec;
    if (fs::exists(spill_dir, ec) && !fs::is_directory(spill_dir, ec))
      problem = "--spill-dir " + spill_dir + ": is not a folder";
    else if (!fs::is_directory(spill_dir, ec))
      problem = "--spill-dir " + spill_dir + ": no such folder (create it first; it is not made for you)";
    else if (::access(spill_dir.c_str(), W_OK | X_OK) != 0)
      problem = "--spill-dir " + spill_dir + ": folder is not writable";
  }
  throw_root_verdict(problem, exit_cant_create, comm);
}

fs::path spill_base(const std::string& out, const std::string& spill_dir) {
  const fs::path base = spill_dir.empty() ? fs::path(out).parent_path() : fs::path(spill_dir);
  return base.empty() ? fs::path(".") : base;
}

// Whether this rank is the lowest of the ranks on its host (by host_tag).
bool first_on_host(const Comm& comm) {
  const auto host = static_cast<std::uint32_t>(std::stoul(host_tag(), nullptr, 16));
  const std::vector<std::uint32_t> hosts = comm.allgather(host);
  return std::find(hosts.begin(), hosts.end(), host) - hosts.begin() == comm.rank();
}
}  // namespace

SpillFolders::SpillFolders(const std::string& out, const std::string& spill_dir, const Comm& comm)
    : comm_(comm),
      dir_((spill_base(out, spill_dir) / (fs::path(out).filename().string() + ".spill-" + process_token()))
               .string()) {
  check_spill_dir(spill_dir, comm);
  // Spill folders of a killed run of this node (its pid gone); the run's other temporaries
  // beside OUT are AtomicOutput's.
  if (first_on_host(comm))
    remove_stale_temporaries((spill_base(out, spill_dir) / fs::path(out).filename()).string());
  comm.barrier();  // no rank creates this run's folder before that clean-up is over
  temporaries_.add(dir_);
  fs::create_directories(dir_);
}

void SpillFolders::remove() const {
  fs::remove_all(dir_);
  comm_.barrier();
}

}  // namespace basketgap::ingest
