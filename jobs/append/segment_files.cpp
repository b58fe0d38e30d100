#include "jobs/append/segment_files.hpp"

#include <spdlog/spdlog.h>

#include <filesystem>
#include <regex>
#include <system_error>

#include "io/errors.hpp"
#include "io/store/provenance.hpp"
#include "io/store/segments.hpp"
#include "io/store/writer.hpp"
#include "jobs/append/next_head.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/room_to_close.hpp"

namespace basketgap::append {

namespace fs = std::filesystem;

io::StoreReader open_for_writing(const std::string& store, std::optional<StoreLock>& lock, const Comm& comm) {
  if (!fs::exists(store))
    throw Error(exit_no_input, store + ": no such store (a store is made by ingest; append adds to one)")
        .raised_on_all_ranks();
  on_all_ranks(comm, store, [&] {  // before the lock, whose file would go beside it
    io::refuse_segment_as_store(store);
    return 0;
  });
  // The lock first: AtomicOutput removes STORE.tmp-* of killed runs, never a live writer's.
  on_all_ranks(comm, store + ".lock", [&] {
    if (comm.is_root()) lock.emplace(store);
    return 0;
  });
  io::StoreReader stored = on_all_ranks(comm, store, [&] { return io::StoreReader::open(store); });
  // The segments the head names, checked before a version is added on top of them (as every read
  // checks them): a missing or foreign segment found at the next night's score is a night lost.
  if (stored.segmented())
    on_all_ranks(comm, io::segments_folder(store), [&] {
      if (comm.is_root()) io::open_segments(stored);
      return 0;
    });
  return stored;
}

void check_same_mapping(const io::StoreReader& stored, const io::ColumnMapping& night) {
  const std::string mapping = io::column_mapping_text(night);
  for (const auto& [name, value] : stored.summary().attributes)
    if (name == "column_mapping" && std::get<std::string>(value) != mapping)
      throw Error(exit_usage, stored.path() + ": built with column mapping '" + std::get<std::string>(value) +
                                  "', the night's is '" + mapping + "' (give the store's --config)")
          .raised_on_all_ranks();
}

SegmentsFolder::SegmentsFolder(const std::string& store, const Comm& comm)
    : path_(io::segments_folder(store)) {
  on_all_ranks(comm, path_, [&] {
    std::error_code error;
    if (comm.is_root() && !fs::is_directory(path_)) {
      if (!fs::create_directory(path_, error))
        throw Error(exit_cant_create, path_ + ": cannot create the segments folder: " + error.message());
      made_ = true;
    }
    return 0;
  });
}

SegmentsFolder::~SegmentsFolder() {
  std::error_code error;
  if (made_ && fs::is_empty(path_, error) && !error) fs::remove(path_, error);
}

namespace {
// The one-file store's own file becomes the segment of the batches it holds: a hard link (no
// copy, and STORE.h5 keeps the file until the new head replaces it); a copy where the file
// system has no hard links.
void link_base_segment(const std::string& store, const std::string& base_path) {
  std::error_code error;
  fs::remove(base_path, error);  // left by a killed append or a replaced store: nothing names it
  fs::create_hard_link(store, base_path, error);
  if (!error) return;
  spdlog::warn("{}: cannot hard-link it as {} ({}); copying it once", store, base_path, error.message());
  fs::copy_file(store, base_path, fs::copy_options::overwrite_existing, error);
  if (error)
    throw Error(exit_cant_create, base_path + ": cannot link or copy the store's rows: " + error.message());
}
}  // namespace

void refuse_output_in_segments_folder(const std::string& option, const std::string& output,
                                      const std::string& store, const Comm& comm) {
  std::string problem;
  if (comm.is_root() && !output.empty()) {
    std::error_code e1, e2;
    const fs::path folder = fs::weakly_canonical(fs::absolute(io::segments_folder(store)), e1);
    const fs::path parent = fs::weakly_canonical(fs::absolute(output), e2).parent_path();
    if (!e1 && !e2 && parent == folder)
      problem = option + " " + output + " lies in " + io::segments_folder(store) +
                ", the store's own folder (files no version names are removed from it): give it another path";
  }
  throw_root_verdict(problem, exit_usage, comm);
}

void publish_head(const std::string& store, io::StoreReader& stored, const std::string& base_segment,
                  const StoreHead& head, const Comm& comm) {
  const bool was_one_file = !stored.segmented();
  stored.close();
  if (was_one_file)
    on_all_ranks(comm, store, [&] {
      if (comm.is_root()) link_base_segment(store, io::segments_folder(store) + "/" + base_segment);
      return 0;
    });
  failpoint("head/base-linked");
  AtomicOutput head_file(store, true, comm);
  on_all_ranks(comm, head_file.temporary(), [&] {
    failpoint("head/writing");  // a test's write error on rank 0 alone, the others writing on
    io::write_store_head(head_file.temporary(), comm.raw(), head.households, head.products, head.catalog,
                         head.batches, head.attributes, comm.is_root(),
                         [&] { check_room_to_close(head_file.temporary(), comm); });
    return 0;
  });
  failpoint("head/written");
  head_file.publish(comm);
  if (comm.is_root()) {
    make_readers_lock(store);
    const std::size_t removed = remove_unreferenced_segments(store, head.batches);
    if (removed > 0) spdlog::info("{}: removed {} segment file(s) no version names", store, removed);
  }
}

std::size_t remove_unreferenced_segments(const std::string& store,
                                         const std::vector<io::BatchRecord>& batches) {
  std::size_t removed = 0;
  const std::vector<std::string> unreferenced = io::unreferenced_segment_files(store, batches);
  if (!unreferenced.empty()) {
    // A reader that opened the head before this writer published its own may still open them.
    const NoStoreReaders alone(store);
    if (!alone.held()) {
      if (alone.readers())
        spdlog::warn(
            "{}: {} segment file(s) no version names kept for now: a score, evaluate, export or inspect "
            "of the store is reading it ({}); the next append or compact without readers removes them",
            store, unreferenced.size(), readers_lock_path(store));
      else
        spdlog::warn(
            "{}: {} segment file(s) no version names kept: the readers' lock could not be had (above)", store,
            unreferenced.size());
      return 0;
    }
    for (const std::string& path : unreferenced) {
      std::error_code error;
      if (fs::remove(path, error)) ++removed;
    }
  }
  std::error_code error;
  const std::string folder = io::segments_folder(store);
  if (fs::is_directory(folder, error) && fs::is_empty(folder, error)) fs::remove(folder, error);
  return removed;
}

void remove_replaced_store_files(const std::string& store) {
  make_readers_lock(store);
  const std::size_t segments = remove_unreferenced_segments(store, {});
  std::size_t rejects = 0;
  static const std::regex batch_rejects(R"(\.v[0-9]+\.rejects\.csv)");
  const fs::path path(store);
  const std::string prefix = path.filename().string();
  std::error_code error;
  const fs::path folder = path.parent_path().empty() ? fs::path(".") : path.parent_path();
  for (const fs::directory_entry& e : fs::directory_iterator(folder, error)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(prefix) && std::regex_match(name.substr(prefix.size()), batch_rejects) &&
        fs::remove(e.path(), error))
      ++rejects;
  }
  if (segments + rejects > 0)
    spdlog::info("ingest: removed the replaced store's {} segment file(s) and {} batch rejects file(s)",
                 segments, rejects);
}

}  // namespace basketgap::append
