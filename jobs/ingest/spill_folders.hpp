// Where ingest spills between passes: OUT.spill-<run>/rank-<r>, beside OUT or under
// --spill-dir; removed on every exit path.
#pragma once

#include <string>

#include "jobs/cluster/atomic_output.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

class SpillFolders {
 public:
  // Collective: rank 0 removes a killed run's spill folders from --spill-dir, then each rank
  // creates its own folder; `token` is the run's (the store's AtomicOutput).
  SpillFolders(const std::string& out, const std::string& spill_dir, const std::string& token,
               const Comm& comm);

  const std::string& dir() const { return dir_; }  // this rank's folder
  // Collective: each rank removes its own folder, then rank 0 the parent.
  void remove() const;

 private:
  const Comm& comm_;
  std::string root_, dir_;
  TemporaryPaths temporaries_;  // the folders, should a pass throw
};

}  // namespace basketgap::ingest
