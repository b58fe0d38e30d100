#include "jobs/append/store_readers.hpp"

#include "io/errors.hpp"
#include "io/store/segments.hpp"
#include "jobs/cluster/alike_on_all_ranks.hpp"
#include "jobs/cluster/comm.hpp"

#include <fcntl.h>
#include <spdlog/spdlog.h>
#include <sys/file.h>
#include <unistd.h>

#include <xxhash.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <filesystem>
#include <system_error>
#include <thread>

#include <fmt/format.h>

namespace basketgap::append {
namespace {

// The lock file, made if missing (readable as the store is under basketgap's umask: its group
// may lock it too, since flock needs no write access — every hold opens it read-only).
void make_lock_file(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  if (fd >= 0) ::close(fd);
}

// What the ranks compare to know that they opened the same head: its last version and that
// version's fingerprint, and its households, products and rows (a compact keeps the version
// and may drop retracted rows).
std::uint64_t head_identity(const io::StoreSummary& summary) {
  const std::string& fingerprint =
      summary.batches.empty() ? summary.fingerprint : summary.batches.back().fingerprint;
  const std::int64_t version =
      summary.batches.empty() ? summary.store_version : summary.batches.back().version;
  const std::string key =
      fmt::format("{} {} {} {} {}", fingerprint, version, summary.households, summary.products, summary.rows);
  return XXH3_64bits(key.data(), key.size());
}

}  // namespace

io::StoreReader open_head_alike(const std::string& named, const std::string& file, std::int64_t version,
                                const Comm& comm, bool collective_io) {
  return open_alike_on_all_ranks(
      comm, named,
      [&] {
        io::StoreReader opened =
            collective_io ? io::StoreReader::open(file, comm.raw()) : io::StoreReader::open(file);
        if (version > 0) opened.pin(version);  // a past night's store again
        return opened;
      },
      [](const io::StoreReader& opened) { return head_identity(opened.summary()); });
}

// Beside the file the path names: a store reached through a symbolic link ("current.h5") and
// by its own name is one store, with one lock (its segments folder is found the same way).
std::string readers_lock_path(const std::string& store) {
  return io::resolved_store_path(store) + ".readers.lock";
}

void make_readers_lock(const std::string& store) { make_lock_file(readers_lock_path(store)); }

StoreReaders::StoreReaders(const std::string& store, int wait_seconds)
    : file_(io::resolved_store_path(store)) {
  hold(wait_seconds);
}

StoreReaders::StoreReaders(const std::string& store, const Comm& comm, int wait_seconds) {
  if (comm.is_root()) file_ = io::resolved_store_path(store);
  comm.broadcast(file_);
  hold(wait_seconds);
}

void StoreReaders::hold(int wait_seconds) {
  const std::string path = readers_lock_path(file_);
  // Read-only: a reader writes nothing beside the store (nor beside a segment given by mistake).
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    spdlog::debug(
        "{}: cannot open ({}; the writers of this version make it): read without it, a compact "
        "meanwhile could remove segments this job reads",
        path, std::strerror(errno));
    return;
  }
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(wait_seconds);
  while (flock(fd_, LOCK_SH | LOCK_NB) != 0) {
    if (errno != EWOULDBLOCK || std::chrono::steady_clock::now() > give_up) {
      spdlog::warn("{}: cannot take the readers' lock ({}): reading without it", path,
                   errno == EWOULDBLOCK ? "a writer held it " + std::to_string(wait_seconds) + " s"
                                        : std::string(std::strerror(errno)));
      ::close(fd_);
      fd_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

void StoreReaders::release() {
  if (fd_ < 0) return;
  ::close(fd_);  // the lock goes with the descriptor
  fd_ = -1;
}

NoStoreReaders::NoStoreReaders(const std::string& store) {
  const std::string path = readers_lock_path(store);
  make_lock_file(path);
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) {
    spdlog::warn("{}: cannot open the readers' lock ({}): segment files are kept as if a reader held it",
                 path, std::strerror(errno));
    return;
  }
  if (flock(fd_, LOCK_EX | LOCK_NB) != 0) {
    readers_ = errno == EWOULDBLOCK;
    if (!readers_)
      spdlog::warn("{}: cannot lock it ({}): segment files are kept as if a reader held it", path,
                   std::strerror(errno));
    ::close(fd_);
    fd_ = -1;
  }
}

NoStoreReaders::~NoStoreReaders() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace basketgap::append
