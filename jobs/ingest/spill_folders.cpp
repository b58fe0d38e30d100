#include "jobs/ingest/spill_folders.hpp"

#include <unistd.h>

#include <filesystem>
#include <system_error>

#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap::ingest {

namespace {
// Rank 0's verdict on --spill-dir, before any work: a folder that exists (or can be made) and is
// writable; else every rank would fail later with a bare filesystem error.
void check_spill_dir(const std::string& spill_dir, const Comm& comm) {
  std::string problem;
  if (comm.is_root() && !spill_dir.empty()) {
    std::error_code ec;
    if (fs::exists(spill_dir, ec) && !fs::is_directory(spill_dir, ec))
      problem = "--spill-dir " + spill_dir + ": is not a folder";
    else if (!fs::create_directories(spill_dir, ec) && ec)
      problem = "--spill-dir " + spill_dir + ": cannot create the folder: " + ec.message();
    else if (::access(spill_dir.c_str(), W_OK | X_OK) != 0)
      problem = "--spill-dir " + spill_dir + ": folder is not writable";
  }
  throw_root_verdict(problem, exit_cant_create, comm);
}

std::string spill_root(const std::string& out, const std::string& spill_dir, const std::string& token) {
  const fs::path base = spill_dir.empty() ? fs::path(out).parent_path() : fs::path(spill_dir);
  return (base.empty() ? fs::path(".") : base) / (fs::path(out).filename().string() + ".spill-" + token);
}
}  // namespace

SpillFolders::SpillFolders(const std::string& out, const std::string& spill_dir, const std::string& token,
                           const Comm& comm)
    : comm_(comm),
      root_(spill_root(out, spill_dir, token)),
      dir_(root_ + "/rank-" + std::to_string(comm.rank())) {
  check_spill_dir(spill_dir, comm);
  // Spill folders of a killed run in --spill-dir (beside OUT, AtomicOutput already cleans).
  if (comm.is_root() && !spill_dir.empty())
    remove_stale_temporaries((fs::path(spill_dir) / fs::path(out).filename()).string());
  comm.barrier();  // no rank creates this run's folder before that clean-up is over
  temporaries_.add(dir_);
  if (comm.is_root()) temporaries_.add(root_);
  fs::create_directories(dir_);
}

void SpillFolders::remove() const {
  fs::remove_all(dir_);
  comm_.barrier();
  if (comm_.is_root()) fs::remove_all(root_);
}

}  // namespace basketgap::ingest
