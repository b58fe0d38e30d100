// Where ingest spills between passes: one folder a rank, OUT.spill-<token of the rank's own
// process>, beside OUT or under --spill-dir; removed on every exit path. The rank's own token
// (not the run's, rank 0's): with --spill-dir on node-local scratch, a killed run's folders lie
// on every node, and only a process of that node can tell that their maker is gone.
#pragma once

#include <string>

#include "jobs/cluster/atomic_output.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

class SpillFolders {
 public:
  // Collective: the first rank of each node removes the spill folders of killed runs of that
  // node (beside OUT or in --spill-dir), then each rank creates its own folder.
  SpillFolders(const std::string& out, const std::string& spill_dir, const Comm& comm);

  const std::string& dir() const { return dir_; }  // this rank's folder
  // Collective: each rank removes its own folder.
  void remove() const;

 private:
  const Comm& comm_;
  std::string dir_;
  TemporaryPaths temporaries_;  // the folders, should a pass throw
};

}  // namespace basketgap::ingest
