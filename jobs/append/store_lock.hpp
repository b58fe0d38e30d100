// One writer per store: `append` holds an exclusive flock on STORE.lock while it runs (the
// file records "host pid" of the holder, for the message). The kernel releases the lock when
// the holder dies, however it dies, so a killed run never leaves a lock that blocks the next.
#pragma once

#include <string>

namespace basketgap::append {

class StoreLock {
 public:
  // Takes the lock (this process); Error(exit_cant_create) naming the holder when it is held.
  explicit StoreLock(const std::string& store);
  StoreLock(const StoreLock&) = delete;
  StoreLock& operator=(const StoreLock&) = delete;
  ~StoreLock();  // removes the file and releases the lock

  const std::string& path() const { return path_; }

 private:
  std::string path_;
  int fd_ = -1;
};

}  // namespace basketgap::append
