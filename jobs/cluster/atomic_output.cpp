#include "jobs/cluster/atomic_output.hpp"

#include <fcntl.h>
#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/rename_no_replace.hpp"

namespace fs = std::filesystem;

namespace basketgap {

// This host's name as 8 hex digits (FNV-1a): a token names the host of its run, so that a
// temporary of a run on another node (a spill folder on shared scratch) is not judged by a pid
// that means nothing here.
const std::string& host_tag() {
  static const std::string tag = [] {
    char name[256] = {};
    ::gethostname(name, sizeof name - 1);
    std::uint32_t hash = 2166136261u;
    for (const char* c = name; *c; ++c) hash = (hash ^ static_cast<unsigned char>(*c)) * 16777619u;
    return fmt::format("{:08x}", hash);
  }();
  return tag;
}

std::string process_token() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  return fmt::format("{:x}-{:x}-{}", static_cast<unsigned>(getpid()),
                     std::chrono::duration_cast<std::chrono::microseconds>(now).count(), host_tag());
}

namespace {

fs::path folder_of(const fs::path& p) { return p.parent_path().empty() ? fs::path(".") : p.parent_path(); }

// Whether a folder is one `evaluate --report` wrote (the one folder output): its index.html and
// files beside it, no folder. Replacing a folder deletes all it holds — never a folder of
// other files (a store, its segments, a user's notes) that --report named by mistake.
bool is_report_folder(const fs::path& folder) {
  std::error_code ec;
  if (fs::is_empty(folder, ec)) return true;
  if (!fs::is_regular_file(folder / "index.html", ec)) return false;
  for (const auto& entry : fs::directory_iterator(folder, ec))
    if (!entry.is_regular_file(ec) || entry.is_symlink(ec)) return false;
  return !ec;
}

// A folder output "out/" (as a shell's completion writes a folder) is "out": its temporary is then
// "out.tmp-<run>" beside it, not inside it. "/" stays. (A file output keeps its slash: it is
// refused as a folder, in the words it was given.)
std::string without_trailing_slashes(std::string path) {
  while (path.size() > 1 && path.back() == '/') path.pop_back();
  return path;
}

// Rank 0's verdict on OUT, shared by every rank.
void check_output_path(const std::string& path, bool overwrite, AtomicOutput::Kind kind, const Comm& comm) {
  std::string problem;
  if (comm.is_root()) {
    const fs::path p(path);
    const fs::path dir = folder_of(p);
    if (!fs::is_directory(dir))
      problem = path + (fs::exists(dir) ? ": " + dir.string() + " is a file, not a folder"
                                        : ": folder " + dir.string() + " does not exist");
    else if (kind == AtomicOutput::Kind::folder &&
             (p.filename() == "." || p.filename() == ".." || p.filename().empty()))
      problem = path +
                ": names the working folder, its parent or the root, not a folder of its own: give the "
                "output a folder of its own";
    else if (kind == AtomicOutput::Kind::file && fs::is_directory(p))
      problem = path + ": is a folder, not a file";    // rename() would only fail at the end
    else if (::access(dir.c_str(), W_OK | X_OK) != 0)  // found now, not after the night's work
      problem = path + ": folder " + dir.string() + " is not writable";
    else if (fs::is_symlink(p) && !overwrite)  // a dangling link too: the publish would find it there
      problem =
          path + ": already exists as a symbolic link (pass --overwrite to replace the link by the file)";
    else if (fs::exists(p) && !overwrite)
      problem = path + ": already exists (pass --overwrite to replace it)";
    else if (kind == AtomicOutput::Kind::folder && fs::is_directory(p) && !is_report_folder(p))
      problem =
          path +
          ": is a folder basketgap did not write (no index.html, or it holds folders): --overwrite replaces "
          "a folder whole, so only a report folder it wrote; empty it by hand or give another path";
  }
  throw_root_verdict(problem, exit_cant_create, comm);
}

// A token unique to this run, identical on every rank (rank 0's process token).
std::string run_token(const Comm& comm) {
  std::string token;
  if (comm.is_root()) token = process_token();
  comm.broadcast(token);
  return token;
}

// Best effort (we are usually already failing); a second pass catches files another rank was
// removing from a shared folder at the same moment.
void remove_best_effort(const std::string& path) {
  std::error_code ec;
  for (int attempt = 0; attempt < 2; ++attempt) {
    fs::remove_all(path, ec);
    if (!fs::exists(path, ec)) break;
  }
}

// A temporary of a run on another host is kept this long: its pid cannot be checked from here.
constexpr auto kForeignRunLifetime = std::chrono::hours(48);

// A process that ended but was not reaped yet (a rank killed by MPI_Abort in a container whose
// init does not reap) still answers kill(pid, 0): it writes nothing any more.
bool is_zombie(pid_t pid) {
  std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(stat, line)) return false;
  const auto close = line.rfind(')');  // the command name may hold spaces and parentheses
  return close != std::string::npos && close + 2 < line.size() && line[close + 2] == 'Z';
}

// True when the run that made temporary `path` (its token, from `token_at` of its name: the
// writer's pid, the time and the host, in hex) may still be running: a live process of this
// host, or a run of another host younger than kForeignRunLifetime — a concurrent run, whose
// files are not stale.
bool writer_alive(const fs::path& path, std::size_t token_at) {
  const std::string name = path.filename().string();
  const char* const last = name.data() + name.size();
  const char* first = name.data() + token_at;
  unsigned pid = 0;
  const auto [pid_end, pid_error] = std::from_chars(first, last, pid, 16);
  if (pid_error != std::errc() || pid_end == first || *pid_end != '-') return false;  // not a run token
  std::uint64_t micros = 0;
  const auto [time_end, time_error] = std::from_chars(pid_end + 1, last, micros, 16);
  const std::string_view host = time_error == std::errc() && last - time_end > 8 && *time_end == '-'
                                    ? std::string_view(time_end + 1, 8)
                                    : std::string_view();
  if (host.size() == 8 && host.find_first_not_of("0123456789abcdef") == std::string_view::npos &&
      host != host_tag()) {
    std::error_code ec;
    const auto age = fs::file_time_type::clock::now() - fs::last_write_time(path, ec);
    return ec || age < kForeignRunLifetime;
  }
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  return !is_zombie(static_cast<pid_t>(pid));
}

void flush_to_disk(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
}

}  // namespace

AtomicOutput::AtomicOutput(std::string final_path, bool overwrite, const Comm& comm, Kind kind)
    : final_(kind == Kind::folder ? without_trailing_slashes(std::move(final_path)) : std::move(final_path)),
      replace_(overwrite) {
  check_output_path(final_, overwrite, kind, comm);
  if (comm.is_root()) remove_stale_temporaries(final_);
  token_ = run_token(comm);  // collective: also orders the clean-up before any new temporary
  temporary_ = final_ + ".tmp-" + token_;
}

AtomicOutput::AtomicOutput(std::string final_path, std::string_view token)
    : final_(std::move(final_path)), token_(token), temporary_(final_ + ".tmp-" + token_) {}

AtomicOutput::~AtomicOutput() {
  if (!published_) remove_best_effort(temporary_);
}

void AtomicOutput::write_text(std::string_view text) const {
  std::ofstream out(temporary_, std::ios::binary | std::ios::trunc);
  out.write(text.data(), static_cast<std::streamsize>(text.size()));
  out.close();
  if (!out)
    throw Error(exit_io, temporary_ + ": cannot write: " + std::strerror(errno));  // a full disk says so
}

void AtomicOutput::publish_here_as(std::string final_path) {
  final_ = std::move(final_path);
  replace_ = true;
  publish_here();
}

void AtomicOutput::publish_here() {
  flush_to_disk(temporary_);
  if (!replace_) {
    // Another run may have published OUT since the up-front check: it stays, this one fails.
    const int error = rename_no_replace(temporary_, final_);
    if (error == EEXIST)
      throw Error(
          exit_cant_create,
          final_ + ": already exists (another run published it meanwhile; pass --overwrite to replace it)");
    if (error != 0)
      throw Error(exit_cant_create, final_ + ": cannot publish: " + std::system_category().message(error));
    published_ = true;
    return;
  }
  std::error_code ec;
  std::string replaced;  // the old folder, moved aside
  if (fs::is_directory(temporary_) && fs::is_directory(final_)) {
    // rename() does not replace a folder that has files: move the old one aside first (as a
    // temporary, so a run killed right here leaves it to remove_stale_temporaries), and delete it
    // only once the new one is in place — deleting a large folder takes time a kill may cut.
    replaced = final_ + ".tmp-" + token_ + "-replaced";
    fs::rename(final_, replaced, ec);
    if (ec) replaced.clear();
    ec.clear();
  }
  fs::rename(temporary_, final_, ec);
  if (ec) {
    if (!replaced.empty()) {
      std::error_code back;
      fs::rename(replaced, final_, back);  // the old one stays published
    }
    throw Error(exit_cant_create, final_ + ": cannot publish: " + ec.message());
  }
  published_ = true;
  if (!replaced.empty()) remove_best_effort(replaced);
}

void AtomicOutput::publish(const Comm& comm) {
  comm.barrier();  // every rank has closed the file
  std::string problem;
  if (comm.is_root()) {
    try {
      publish_here();
    } catch (const Error& e) {
      problem = e.what();
    }
  }
  throw_root_verdict(problem, exit_cant_create, comm);
  published_ = true;
}

TemporaryPaths::~TemporaryPaths() { remove_all(); }

void TemporaryPaths::remove_all() {
  for (const auto& p : paths_) remove_best_effort(p);
  paths_.clear();
}

void remove_stale_temporaries(const std::string& path) {
  const fs::path p(path);
  const std::string prefix = p.filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(folder_of(p), ec)) {
    const std::string name = entry.path().filename().string();
    // OUT.tmp-*, OUT.spill-*, and temporaries of OUT's side files such as OUT.checkpoint-*.tmp-*
    if (name.rfind(prefix + ".", 0) != 0) continue;
    const std::size_t tmp = name.find(".tmp-", prefix.size());
    const std::size_t token_at = tmp != std::string::npos                 ? tmp + 5
                                 : name.rfind(prefix + ".spill-", 0) == 0 ? prefix.size() + 7
                                                                          : std::string::npos;
    if (token_at != std::string::npos && !writer_alive(entry.path(), token_at)) {
      spdlog::warn("removing {} left by an earlier run that did not finish", entry.path().string());
      fs::remove_all(entry.path(), ec);
    }
  }
}

}  // namespace basketgap
