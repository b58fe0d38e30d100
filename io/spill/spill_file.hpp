// Binary temporary files of trivially copyable records: how ingest keeps memory bounded
// (parsed rows and sort buckets go to disk between passes). Buffered, throws on I/O errors.
// A file is a sequence of blocks — record count, byte count, the records delta-encoded
// (io/spill/codec.hpp) — so the disk carries ~2.5x fewer bytes than the records' size.
#pragma once

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "io/errors.hpp"
#include "io/spill/codec.hpp"
#include "io/spill/record_vector.hpp"

namespace basketgap::io {

// Records are encoded as rows of 32-bit words: make padding an explicit member set to zero,
// or indeterminate bytes reach the file (and encode badly).
template <typename T>
constexpr bool kSpillable = std::is_trivially_copyable_v<T> && sizeof(T) % 4 == 0;

template <typename T>
class SpillWriter {
  static_assert(kSpillable<T>);

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
    for (std::size_t i = 0; i < records.size(); i += kBufferRecords)
      put(records.data() + i, std::min(kBufferRecords, records.size() - i));
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
  static constexpr std::size_t kMaxBlockBytes = max_encoded_bytes(kBufferRecords, sizeof(T) / 4);
  void put(const T* data, std::size_t n) {
    if (n == 0) return;
    // A buffer for the largest block, allocated once and never cleared: zero-filling it for
    // every block (as a vector's resize does) was a sixth of ingest's time.
    if (!block_) block_ = std::make_unique_for_overwrite<std::uint8_t[]>(8 + kMaxBlockBytes);
    const std::size_t bytes =
        encode_word_deltas(reinterpret_cast<const std::uint32_t*>(data), n, sizeof(T) / 4, block_.get() + 8);
    const auto header =
        std::array<std::uint32_t, 2>{static_cast<std::uint32_t>(n), static_cast<std::uint32_t>(bytes)};
    std::memcpy(block_.get(), header.data(), 8);
    if (std::fwrite(block_.get(), 1, 8 + bytes, file_) != 8 + bytes)
      throw Error(exit_io, path_ + ": write failed (disk full?): " + std::strerror(errno));
    count_ += n;
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<T> buffer_;
  std::unique_ptr<std::uint8_t[]> block_;
  std::size_t count_ = 0;
};

template <typename T>
class SpillReader {
  static_assert(kSpillable<T>);

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

  // Reads up to `max` records into `out` (replacing its contents); returns how many. Whole
  // blocks decode straight into `out`; only a block that does not fit goes through the buffer.
  std::size_t read(RecordVector<T>& out, std::size_t max) {
    out.clear();
    while (out.size() < max) {
      if (next_ == decoded_.size()) {
        std::uint32_t header[2];
        if (!read_header(header)) break;
        if (header[0] <= max - out.size()) {
          decode_body(header, out);
          continue;
        }
        decoded_.clear();
        next_ = 0;
        decode_body(header, decoded_);
      }
      const std::size_t take = std::min(max - out.size(), decoded_.size() - next_);
      out.insert(out.end(), decoded_.begin() + next_, decoded_.begin() + next_ + take);
      next_ += take;
    }
    return out.size();
  }
  // The rest of the file (blocks decode straight into the result); `expected` records, when
  // known, spares the reallocations.
  RecordVector<T> read_all(std::size_t expected = 0) {
    RecordVector<T> out;
    out.reserve(expected);
    out.assign(decoded_.begin() + next_, decoded_.end());
    next_ = decoded_.size();
    while (decode_block(out)) {}
    return out;
  }

 private:
  // Appends the next block to `out`; false at the end of the file.
  bool decode_block(RecordVector<T>& out) {
    std::uint32_t header[2];
    if (!read_header(header)) return false;
    decode_body(header, out);
    return true;
  }
  // The next block's record count and byte count; false at the end of the file.
  bool read_header(std::uint32_t (&header)[2]) {
    const std::size_t got = std::fread(header, 1, sizeof header, file_);
    if (got == 0 && !std::ferror(file_)) return false;
    if (got != sizeof header) throw Error(exit_io, path_ + ": read failed (truncated spill file)");
    return true;
  }
  // The block after `header`, appended to `out`.
  void decode_body(const std::uint32_t (&header)[2], RecordVector<T>& out) {
    block_.resize(header[1]);
    if (std::fread(block_.data(), 1, block_.size(), file_) != block_.size())
      throw Error(exit_io, path_ + ": read failed (truncated spill file)");
    const std::size_t at = out.size();
    out.resize(at + header[0]);
    if (!decode_word_deltas(block_.data(), block_.size(), header[0], sizeof(T) / 4,
                            reinterpret_cast<std::uint32_t*>(out.data() + at)))
      throw Error(exit_io, path_ + ": damaged spill file");
  }

  std::string path_;
  std::FILE* file_ = nullptr;
  std::vector<std::uint8_t> block_;
  RecordVector<T> decoded_;
  std::size_t next_ = 0;
};

}  // namespace basketgap::io
