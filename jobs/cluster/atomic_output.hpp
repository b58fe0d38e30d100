// Publishing outputs atomically. Every file or folder a job publishes is written under a
// temporary name unique to the run, OUT.tmp-<run>, in OUT's own folder (same file system, so the
// rename is atomic), flushed, and renamed to OUT only when everything succeeded; it is removed
// on every other path. No half-written output ever stands under a final name.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace basketgap {

class Comm;

class AtomicOutput {
 public:
  enum class Kind { file, folder };
  // Collective. Checks OUT on rank 0 and shares the verdict (its folder exists; OUT does not,
  // unless `overwrite`; a file's OUT is never a folder): Error(exit_cant_create) on every rank
  // otherwise. Removes OUT.tmp-* left by a killed run of the same output, and agrees on one run
  // token.
  AtomicOutput(std::string final_path, bool overwrite, const Comm& comm, Kind kind = Kind::file);
  // One process, no checks: a file the job owns and replaces as it goes (checkpoints).
  AtomicOutput(std::string final_path, std::string_view token);
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;
  ~AtomicOutput();  // removes the temporary unless published

  const std::string& temporary() const { return temporary_; }  // where to write
  const std::string& final_path() const { return final_; }
  const std::string& token() const { return token_; }

  // Writes `text` to the temporary (this process); Error(exit_io) naming the file on failure.
  void write_text(std::string_view text) const;
  // Collective: every rank has closed its handles; rank 0 flushes the temporary to disk and
  // renames it to OUT (without `overwrite`: only if OUT still does not exist); every rank learns
  // the outcome (Error(exit_cant_create) on all if the rename failed).
  void publish(const Comm& comm);
  // This process alone (an output no other rank writes or removes).
  void publish_here();
  // Publishes under another final name, replacing a file there (this process alone): a failed
  // ingest's rejects, which must not replace the rejects file of the store it did not replace.
  void publish_here_as(std::string final_path);

 private:
  std::string final_, token_, temporary_;
  bool replace_ = true;  // false: publishing never replaces an OUT that appeared meanwhile
  bool published_ = false;
};

// Scratch space (spill folders): removed on every exit path unless `remove_all()` ran already.
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

// Removes OUT.tmp-* and OUT.spill-* left beside `path` by a run that was killed (one writer
// per output at a time is the rule; call on one rank only). Those of a run still alive on this
// host (the pid in their token) are left alone: two runs started together to one output must
// not break each other's temporaries (the later publish then fails "already exists"). Those of
// a run on another host (the host in their token; a spill folder on shared scratch) are left
// for 48 hours: its pid cannot be checked from here.
void remove_stale_temporaries(const std::string& path);

// This host's part of a run token (8 hex digits).
const std::string& host_tag();

// A token of this process alone (its pid, the time and host_tag(), as a run token is made on
// rank 0): names what one rank makes on its own node, so a later run on that node can tell
// whether its maker is gone (remove_stale_temporaries).
std::string process_token();

}  // namespace basketgap
