// The bytes of an export file: gzip members (one per block of households, so that ranks can
// compress their blocks independently), the file created with mode 0640 and written in parts
// at byte offsets (one part per rank, on a shared file system); and the reverse, the text lines
// of a (possibly multi-member gzip) export for verification.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace basketgap::io {

// Appends `text` compressed as one complete gzip member (zlib level 6) to `out`. Concatenated
// members are one gzip file to gunzip, zcat and for_each_line.
void append_gzip_member(std::string_view text, std::string& out);

// Creates `path` (must not exist), empty, with mode 0640 whatever the umask;
// Error(exit_cant_create) on failure.
void create_export_file(const std::string& path);

// Writes `bytes` at byte `offset` of the existing file `path` (created by create_export_file,
// possibly by another process) and flushes them to disk; Error(exit_io) naming the file.
void write_export_part(const std::string& path, std::uint64_t offset, std::string_view bytes);

// Calls `line` for every line (without '\n') of a plain or gzip file (zlib detects which; all
// members of a multi-member gzip file are read). Throws Error(exit_data) when a gzip stream is
// corrupt or cut short.
void for_each_line(const std::string& path, const std::function<void(std::string_view)>& line);

}  // namespace basketgap::io
