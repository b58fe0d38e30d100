#include "jobs/cluster/room_to_close.hpp"

#include <fmt/format.h>
#include <sys/statvfs.h>

#include <filesystem>
#include <system_error>

#include "io/errors.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap {

std::string room_to_close_problem(const std::string& file, std::uint64_t file_bytes,
                                  std::uint64_t available) {
  const std::uint64_t needed = kCloseMarginBytes + file_bytes / kCloseShareOfFile;
  if (available >= needed) return "";
  return fmt::format(
      "{}: only {} KiB free on its file system, less than the {} KiB its closing metadata write may need "
      "(disk full?); free space and rerun",
      file, available / 1024, needed / 1024);
}

void check_room_to_close(const std::string& file, const Comm& comm) {
  std::string problem;
  if (comm.is_root()) {
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path folder =
        fs::path(file).parent_path().empty() ? fs::path(".") : fs::path(file).parent_path();
    struct statvfs stats {};
    const std::uintmax_t size = fs::file_size(file, ec);
    if (!ec && ::statvfs(folder.c_str(), &stats) == 0)  // unknown: no verdict (the close reports its own)
      problem =
          room_to_close_problem(file, size, static_cast<std::uint64_t>(stats.f_bavail) * stats.f_frsize);
  }
  throw_root_verdict(problem, exit_io, comm);
}

}  // namespace basketgap
