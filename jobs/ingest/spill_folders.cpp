#include "jobs/ingest/spill_folders.hpp"

#include <filesystem>

#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap::ingest {

namespace {
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
