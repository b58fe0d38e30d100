// Binary temporary files of trivially copyable records: how ingest keeps memory bounded
// (parsed rows and sort buckets go to disk between passes). Buffered, throws on I/O errors.
#pragma once

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "io/errors.hpp"

namespace basketgap::io {

template <typename T>
class SpillWriter {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  explicit SpillWriter(std::string path, bool append = false) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), append ? "ab" : "wb");
    if (!file_) throw Error(exit_cant_create, path_ + ": " + std::strerror(errno));
    buffer_.reserve(kBufferRecords);
  }
  SpillWriter(const SpillWriter&) = delete;
  SpillWriter& operator=(const SpillWriter&) = delete;
  ~SpillWriter() {
    if (file_) std::fclose(file_);
  }

  void push(const T& record) {
    buffer_.push_back(record);
    if (buffer_.size() == kBufferRecords) flush();
  }
  void write(std::span<const T> records) {
    flush();
    put(records.data(), records.size());
  }
  void flush() {
    put(buffer_.data(), buffer_.size());
    buffer_.clear();
  }
  void close() {
    flush();
    if (std::fclose(file_) != 0) {
      file_ = nullptr;
      throw Error(exit_io, path_ + ": " + std::strerror(errno));
    }
    file_ = nullptr;
  }
  std::size_t count() const { return count_ + buffer_.size(); }

 private:
  static constexpr std::size_t kBufferRecords = (1u << 20) / sizeof(T) + 1;
  void put(const T* data, std::size_t n) {
    if (n && std::fwrite(data, sizeof(T), n, file_) != n)
      throw Error(exit_io, path_ + ": write failed (disk full?): " + std::strerror(errno));
    count_ += n;
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<T> buffer_;
  std::size_t count_ = 0;
};

template <typename T>
class SpillReader {
  static_assert(std::is_trivially_copyable_v<T>);

 public:
  explicit SpillReader(std::string path) : path_(std::move(path)) {
    file_ = std::fopen(path_.c_str(), "rb");
    if (!file_) throw Error(exit_io, path_ + ": " + std::strerror(errno));
  }
  SpillReader(const SpillReader&) = delete;
  SpillReader& operator=(const SpillReader&) = delete;
  ~SpillReader() {
    if (file_) std::fclose(file_);
  }

  // Reads up to `max` records into `out` (replacing its contents); returns how many.
  std::size_t read(std::vector<T>& out, std::size_t max) {
    out.resize(max);
    const std::size_t n = std::fread(out.data(), sizeof(T), max, file_);
    if (n < max && std::ferror(file_)) throw Error(exit_io, path_ + ": read failed");
    out.resize(n);
    return n;
  }
  // The rest of the file in one read (no chunk copies; the size is known).
  std::vector<T> read_all() {
    const long here = std::ftell(file_);
    if (here < 0 || std::fseek(file_, 0, SEEK_END) != 0) throw Error(exit_io, path_ + ": seek failed");
    const long end = std::ftell(file_);
    if (end < here || std::fseek(file_, here, SEEK_SET) != 0) throw Error(exit_io, path_ + ": seek failed");
    std::vector<T> out;
    read(out, static_cast<std::size_t>(end - here) / sizeof(T));
    return out;
  }

 private:
  std::string path_;
  std::FILE* file_ = nullptr;
};

}  // namespace basketgap::io
