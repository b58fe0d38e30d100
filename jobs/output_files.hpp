// Publishing outputs atomically: write under a temporary name in the same folder, rename on
// success, remove on failure. No half-written file ever appears under a final name.
#pragma once

#include <string>
#include <vector>

namespace basketgap {

class Comm;

// Throws Error(exit_cant_create) when `path` exists and `overwrite` is false, or when its
// folder does not exist. Checked on rank 0, the verdict shared by all ranks.
void check_output_path(const std::string& path, bool overwrite, const Comm& comm);

// Removes OUT.tmp-* and OUT.spill-* left beside `path` by a run that was killed (one writer
// per output at a time is the rule; call on rank 0 only).
void remove_stale_temporaries(const std::string& path);

// A token unique to this run, identical on every rank (rank 0's pid and clock).
std::string run_token(const Comm& comm);

// Removes the registered temporary paths (files or folders) unless `commit()` was called.
class TemporaryPaths {
 public:
  TemporaryPaths() = default;
  TemporaryPaths(const TemporaryPaths&) = delete;
  TemporaryPaths& operator=(const TemporaryPaths&) = delete;
  ~TemporaryPaths();
  void add(std::string path) { paths_.push_back(std::move(path)); }
  void remove_all();

 private:
  std::vector<std::string> paths_;
};

// Renames `temporary` to `final_path` (same filesystem: atomic), fsyncing the file first.
void publish(const std::string& temporary, const std::string& final_path);

}  // namespace basketgap
