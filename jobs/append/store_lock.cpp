#include "jobs/append/store_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <string>

#include "io/errors.hpp"
#include "io/store/segments.hpp"

namespace basketgap::append {

namespace {
std::string holder_of(const std::string& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  // The file holds "HOST PID".
  const std::size_t space = line.rfind(' ');
  if (line.empty() || space == std::string::npos) return "unknown holder";
  return "host " + line.substr(0, space) + ", pid " + line.substr(space + 1);
}

// The lock is on the file now at `path`: a holder that removed it while we waited would
// leave us locking a file nobody else sees.
bool still_linked(int fd, const std::string& path) {
  struct stat open_file {
  }, named{};
  return fstat(fd, &open_file) == 0 && stat(path.c_str(), &named) == 0 && open_file.st_ino == named.st_ino &&
         open_file.st_dev == named.st_dev;
}
}  // namespace

// Beside the file the path names: a store reached through a symbolic link and by its own name
// is one store, with one writer.
StoreLock::StoreLock(const std::string& store) : path_(io::resolved_store_path(store) + ".lock") {
  for (int attempt = 0; attempt < 10; ++attempt) {
    fd_ = ::open(path_.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0640);
    if (fd_ < 0)
      throw Error(exit_cant_create, path_ + ": cannot create the store lock: " + std::strerror(errno));
    if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
      const int error = errno;
      ::close(fd_);
      fd_ = -1;
      if (error != EWOULDBLOCK)
        throw Error(exit_cant_create, path_ + ": cannot lock: " + std::strerror(error));
      throw Error(exit_cant_create, store + ": another writer holds " + path_ + " (" + holder_of(path_) +
                                        "); one writer at a time (append, compact, retract): try again when "
                                        "it has finished — if that host was lost or cut off, once it is back "
                                        "or rebooted (docs/RUNBOOK.md \"A node was lost\")");
    }
    if (!still_linked(fd_, path_)) {  // removed by the previous holder: lock the new one
      ::close(fd_);
      fd_ = -1;
      continue;
    }
    char host[256] = {0};
    gethostname(host, sizeof host - 1);
    const std::string text = std::string(host) + " " + std::to_string(getpid()) + "\n";
    if (ftruncate(fd_, 0) != 0 || ::write(fd_, text.data(), text.size()) != static_cast<ssize_t>(text.size()))
      throw Error(exit_io, path_ + ": cannot write the store lock: " + std::strerror(errno));
    return;
  }
  throw Error(exit_cant_create, path_ + ": the lock file keeps being replaced; is another writer looping?");
}

StoreLock::~StoreLock() {
  if (fd_ < 0) return;
  ::unlink(path_.c_str());  // before the unlock: a waiter then sees the file gone (still_linked)
  ::close(fd_);
}

}  // namespace basketgap::append
