// Segment files a reader may still have to open: `score`, `evaluate`, `export` and `inspect`
// open a store's head first and its segments after, so a writer that removed the segments no
// version names any more in between (a `compact`, which leaves none named; an `ingest
// --overwrite` of a segmented store) would fail the reader. Readers hold a shared flock on
// STORE.readers.lock while they read; a writer removes such files only while it holds that lock
// alone, else leaves them for the next writer that does. The kernel releases a dead reader's
// lock. The file stays beside the store (removing it would let a new reader lock another file).
#pragma once

#include <cstdint>
#include <string>

#include "io/store/reader.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::append {

std::string readers_lock_path(const std::string& store);

// Collective: the store head `file` (StoreReaders::file()) opened on every rank — each by
// itself, or as one parallel file with `collective_io` — pinned to `version` when > 0, and the
// same head on every rank: ranks that opened different heads (a writer published between their
// opens) open it again (jobs/cluster/alike_on_all_ranks.hpp). `named` is the store as the user
// gave it, for messages.
io::StoreReader open_head_alike(const std::string& named, const std::string& file, std::int64_t version,
                                const Comm& comm, bool collective_io);

// Writers make the lock file when they publish a store or a head (readers only open it).
void make_readers_lock(const std::string& store);

// A reader's shared hold on `store`, released by release() or when destroyed. The store is
// resolved once — a symbolic link ("current.h5") switched to another store while the job reads
// must not give it that store's segments — and file() is what the job opens. While a writer
// removes files (milliseconds) it waits, at most `wait_seconds`; no lock file (a store no writer
// of this version wrote yet) or a lock not taken in time is logged and the job reads on without.
class StoreReaders {
 public:
  // One process (inspect).
  explicit StoreReaders(const std::string& store, int wait_seconds = 60);
  // Collective: resolved on rank 0 and sent to every rank, so that no two ranks read two stores.
  StoreReaders(const std::string& store, const Comm& comm, int wait_seconds = 60);
  StoreReaders(const StoreReaders&) = delete;
  StoreReaders& operator=(const StoreReaders&) = delete;
  ~StoreReaders() { release(); }
  void release();
  bool held() const { return fd_ >= 0; }
  const std::string& file() const { return file_; }

 private:
  void hold(int wait_seconds);
  std::string file_;
  int fd_ = -1;
};

// A writer's hold on `store` with no reader: taken at once or not at all — held() false while
// any reader holds the store (readers() true), or when the lock cannot be had at all (logged).
class NoStoreReaders {
 public:
  explicit NoStoreReaders(const std::string& store);
  NoStoreReaders(const NoStoreReaders&) = delete;
  NoStoreReaders& operator=(const NoStoreReaders&) = delete;
  ~NoStoreReaders();
  bool held() const { return fd_ >= 0; }
  bool readers() const { return readers_; }

 private:
  int fd_ = -1;
  bool readers_ = false;
};

}  // namespace basketgap::append
