// The file work shared by the jobs that change a store (append, retract, compact): taking the
// store's lock and opening it, the segments folder, publishing a new head and removing the
// segment files no version names any more.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "io/csv/transaction_schema.hpp"
#include "io/store/reader.hpp"
#include "jobs/append/store_lock.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::append {

struct StoreHead;

// Collective: Error(exit_no_input) when STORE does not exist; rank 0 takes STORE.lock
// (Error(exit_cant_create) naming the holder); every rank opens the store.
io::StoreReader open_for_writing(const std::string& store, std::optional<StoreLock>& lock, const Comm& comm);

// Error(exit_usage) unless the night's column mapping is the store's.
void check_same_mapping(const io::StoreReader& stored, const io::ColumnMapping& night);

// Collective: UsageError (exit 64) on every rank when `output` (ingest's --rejects) lies in
// STORE's segments folder: the folder is the store's own, and the files no version names are
// removed from it (by the next append, or with the folder when ingest replaces the store). For a
// store that exists refuse_output_over_input says so already; this covers the one ingest will write.
void refuse_output_in_segments_folder(const std::string& option, const std::string& output,
                                      const std::string& store, const Comm& comm);

// STORE.h5.segments, made by rank 0 when missing (collective). One this run made is removed
// again if the run ends with it empty (a first append that failed leaves no folder behind).
class SegmentsFolder {
 public:
  SegmentsFolder(const std::string& store, const Comm& comm);
  ~SegmentsFolder();
  SegmentsFolder(const SegmentsFolder&) = delete;
  SegmentsFolder& operator=(const SegmentsFolder&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
  bool made_ = false;
};

// Collective. Writes `head` as STORE.h5's temporary and publishes it. A one-file `stored` is
// first linked into the segments folder as `base_segment` (its batches' rows). Then rank 0
// removes the segment files the new head does not name.
void publish_head(const std::string& store, io::StoreReader& stored, const std::string& base_segment,
                  const StoreHead& head, const Comm& comm);

// Rank 0 alone, after `ingest` published a one-file STORE.h5: makes its readers' lock file
// (jobs/append/store_readers) and removes what a segmented store it
// replaced left — its segments and the rejects files of its appended batches (STORE.h5.vN.rejects.csv)
// describe a store that no longer exists, and hold household data.
void remove_replaced_store_files(const std::string& store);

// Rank 0 alone: removes the files of STORE.h5.segments that `batches` do not name, and the
// folder when nothing is left — unless a reader holds the store (jobs/append/store_readers):
// then nothing now, said in the log. Returns how many files went.
std::size_t remove_unreferenced_segments(const std::string& store,
                                         const std::vector<io::BatchRecord>& batches);

}  // namespace basketgap::append
