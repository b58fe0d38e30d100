// The bytes of an export file: written once, optionally gzip-compressed (zlib), created with
// mode 0640, with the SHA-256 and size of what reached the disk; and the reverse, the text
// lines of a (possibly gzip) export for verification.
#pragma once

#include <zlib.h>

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

#include "io/export/sha256.hpp"

namespace basketgap::io {

class ExportSink {
 public:
  // Creates `path` (must not exist) with mode 0640; Error(exit_cant_create) on failure.
  ExportSink(const std::string& path, bool gzip);
  ~ExportSink();
  ExportSink(const ExportSink&) = delete;
  ExportSink& operator=(const ExportSink&) = delete;

  void write(std::string_view text);
  // Ends the gzip stream, fsyncs and closes; then sha256_hex()/bytes() describe the file.
  void finish();
  const std::string& sha256_hex() const { return digest_; }
  std::uint64_t bytes() const { return bytes_; }

 private:
  void put(const char* data, std::size_t size);  // raw bytes to the file
  void deflate_some(int flush);

  std::string path_;
  int fd_ = -1;
  bool gzip_ = false;
  z_stream zs_{};
  std::string buffer_;
  Sha256 sha_;
  std::string digest_;
  std::uint64_t bytes_ = 0;
};

// Calls `line` for every line (without '\n') of a plain or gzip file (zlib detects which).
// Throws Error(exit_data) when a gzip stream is corrupt or cut short.
void for_each_line(const std::string& path, const std::function<void(std::string_view)>& line);

}  // namespace basketgap::io
