#include "jobs/output_files.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <system_error>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "io/errors.hpp"
#include "jobs/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap {

void remove_stale_temporaries(const std::string& path) {
  const fs::path p(path);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string();
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix + ".tmp-", 0) == 0 || name.rfind(prefix + ".spill-", 0) == 0) {
      spdlog::warn("removing {} left by an earlier run that did not finish", entry.path().string());
      fs::remove_all(entry.path(), ec);
    }
  }
}

void check_output_path(const std::string& path, bool overwrite, const Comm& comm) {
  std::string problem;
  if (comm.is_root()) {
    const fs::path p(path);
    const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
    if (!fs::is_directory(dir)) problem = path + ": folder " + dir.string() + " does not exist";
    else if (fs::exists(p) && !overwrite)
      problem = path + ": already exists (pass --overwrite to replace it)";
  }
  comm.broadcast(problem);
  if (!problem.empty()) throw Error(exit_cant_create, problem).raised_on_all_ranks();
}

std::string run_token(const Comm& comm) {
  std::string token;
  if (comm.is_root()) {
    const auto now = std::chrono::system_clock::now().time_since_epoch();
    token = fmt::format("{:x}-{:x}", static_cast<unsigned>(getpid()),
                        std::chrono::duration_cast<std::chrono::microseconds>(now).count());
  }
  comm.broadcast(token);
  return token;
}

TemporaryPaths::~TemporaryPaths() { remove_all(); }

void TemporaryPaths::remove_all() {
  for (const auto& p : paths_) {
    std::error_code ec;
    // Best effort (we are usually already failing); a second pass catches files another
    // rank was removing from a shared folder at the same moment.
    for (int attempt = 0; attempt < 2; ++attempt) {
      fs::remove_all(p, ec);
      if (!fs::exists(p, ec)) break;
    }
  }
  paths_.clear();
}

void publish(const std::string& temporary, const std::string& final_path) {
  const int fd = ::open(temporary.c_str(), O_RDONLY);
  if (fd >= 0) {
    ::fsync(fd);
    ::close(fd);
  }
  std::error_code ec;
  fs::rename(temporary, final_path, ec);
  if (ec) throw Error(exit_cant_create, final_path + ": cannot publish: " + ec.message());
}

}  // namespace basketgap
