// Outputs published as a pair (the export's file and its manifest) by renames: two runs to one
// output publishing at once could leave one's file beside the other's manifest. Each holds an
// exclusive flock on the output's folder while it publishes (a folder, not a lock file: nothing
// is left beside the mailing file for an importer to pick up).
#pragma once

#include <string>

namespace basketgap {

class FolderLock {
 public:
  // Waits for the lock at most `wait_seconds`, then Error(exit_interrupted) naming the folder.
  // A file system without flock on folders (some NFS mounts) is logged and the run goes on
  // unlocked, as it did before the lock existed.
  explicit FolderLock(const std::string& folder, int wait_seconds = 60);
  FolderLock(const FolderLock&) = delete;
  FolderLock& operator=(const FolderLock&) = delete;
  ~FolderLock();

  bool held() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

}  // namespace basketgap
