#include "jobs/cluster/folder_lock.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <thread>

#include "io/errors.hpp"

namespace basketgap {

FolderLock::FolderLock(const std::string& folder, int wait_seconds) {
  const int fd = ::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) {
    spdlog::warn("{}: cannot open the folder to lock it while publishing ({}): publishing unlocked", folder,
                 std::strerror(errno));
    return;
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  bool said = false;
  while (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK && errno != EINTR) {
      spdlog::warn("{}: no flock on this file system ({}): publishing unlocked", folder,
                   std::strerror(errno));
      ::close(fd);
      return;
    }
    if (std::chrono::steady_clock::now() > deadline) {
      ::close(fd);
      throw Error(exit_interrupted, folder + ": locked by another process for " +
                                        std::to_string(wait_seconds) +
                                        " s (another export publishing here, or a tool holding an flock on "
                                        "the folder); rerun once it is done");
    }
    if (!said)
      spdlog::info(
          "{}: another run is publishing into this folder (or a tool holds an flock on it); waiting for it",
          folder);
    said = true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  fd_ = fd;
}

FolderLock::~FolderLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the lock
}

}  // namespace basketgap
