// Room for the close of a parallel HDF5 file. HDF5 flushes its metadata when the file is closed
// collectively; a disk that fills during that flush sends the ranks down different collective
// paths inside HDF5 (one in a barrier, one in a broadcast: a hang until the time limit, not an
// error). So before the close rank 0 checks the free space of the file's file system: too
// little is exit 74 on every rank, naming the file, with nothing published.
#pragma once

#include <cstdint>
#include <string>

namespace basketgap {

class Comm;

// What the close may need beyond what is written: a margin plus a share of the file's size.
inline constexpr std::uint64_t kCloseMarginBytes = 4u << 20;
inline constexpr std::uint64_t kCloseShareOfFile = 100;  // 1 %

// "" when `available` bytes leave room to close `file` (`file_bytes` long); else the problem.
std::string room_to_close_problem(const std::string& file, std::uint64_t file_bytes, std::uint64_t available);

// Collective: rank 0 measures (statvfs of the file's folder, the file's size) and decides;
// Error(exit_io) on every rank when there is too little room.
void check_room_to_close(const std::string& file, const Comm& comm);

}  // namespace basketgap
