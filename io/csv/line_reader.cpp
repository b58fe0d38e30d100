#include "io/csv/line_reader.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <xxhash.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "io/errors.hpp"

namespace basketgap::io {

namespace {

// Past the range end only the rest of the last line is needed: read little at a time there.
constexpr std::size_t kTailReadBytes = 64u << 10;

Error system_error(ExitCode code, const std::string& path) {
  return Error(code, path + ": " + std::strerror(errno));
}

}  // namespace

ByteRange plan_byte_range(std::uint64_t file_size, int rank, int ranks) {
  if (ranks <= 0 || rank < 0 || rank >= ranks)
    throw std::invalid_argument("plan_byte_range: rank outside [0, ranks)");
  const std::uint64_t blocks = (file_size + kBlockBytes - 1) / kBlockBytes;
  const auto n = static_cast<std::uint64_t>(ranks);
  // ceil(blocks * r / n) without overflow: with fewer blocks than ranks, some ranges are empty
  // (2 blocks on 4 ranks: rank 0 the first, rank 2 the second, ranks 1 and 3 none).
  const auto boundary = [&](std::uint64_t r) { return (blocks / n) * r + ((blocks % n) * r + n - 1) / n; };
  const auto r = static_cast<std::uint64_t>(rank);
  ByteRange range;
  range.begin = std::min(boundary(r) * kBlockBytes, file_size);
  range.end = r + 1 == n ? file_size : std::min(boundary(r + 1) * kBlockBytes, file_size);
  return range;
}

LineRangeReader::LineRangeReader(const std::string& path, ByteRange range, std::size_t buffer_bytes)
    : path_(path), range_(range), hashed_(range.begin) {
  if (range.end < range.begin) throw std::invalid_argument("LineRangeReader: end < begin");
  fd_ = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd_ < 0) throw system_error(exit_no_input, path);
  ::posix_fadvise(fd_, static_cast<off_t>(range.begin), 0, POSIX_FADV_SEQUENTIAL);
  // A small range needs no 8 MiB buffer (catalog files, headers, tests).
  const std::uint64_t wanted = range.end - range.begin + kTailReadBytes;
  buf_.resize(std::max<std::size_t>(1, std::min<std::uint64_t>(buffer_bytes, wanted)) + kReadableAfterLine);
  hash_state_ = XXH3_createState();
  if (!hash_state_) throw std::bad_alloc();
  XXH3_64bits_reset(hash_state_);
}

LineRangeReader::~LineRangeReader() {
  if (fd_ >= 0) ::close(fd_);
  XXH3_freeState(hash_state_);
}

bool LineRangeReader::fill() {
  if (eof_) return false;
  if (head_ > 0) {  // keep only the unfinished line, at the front
    std::memmove(buf_.data(), buf_.data() + head_, tail_ - head_);
    buf_offset_ += head_;
    tail_ -= head_;
    head_ = 0;
  }
  if (tail_ == capacity()) buf_.resize(capacity() * 2 + kReadableAfterLine);  // a line longer than the buffer
  const std::uint64_t offset = buf_offset_ + tail_;
  std::size_t want = capacity() - tail_;
  if (offset < range_.end) {
    want = std::min<std::uint64_t>(want, range_.end - offset + kTailReadBytes);
  } else {
    want = std::min(want, kTailReadBytes);
  }
  // Ask the kernel for the next buffer's worth now, so the disk reads it while this one is
  // parsed (a plain pread waits for the disk, then the disk waits for the parse).
  if (offset + want < range_.end)
    ::posix_fadvise(fd_, static_cast<off_t>(offset + want), static_cast<off_t>(capacity()),
                    POSIX_FADV_WILLNEED);
  ssize_t got;
  do {
    got = ::pread(fd_, buf_.data() + tail_, want, static_cast<off_t>(offset));
  } while (got < 0 && errno == EINTR);
  if (got < 0) throw system_error(exit_io, path_);
  if (got == 0) {
    eof_ = true;
    return false;
  }
  hash(offset, buf_.data() + tail_, static_cast<std::size_t>(got));
  tail_ += static_cast<std::size_t>(got);
  return true;
}

void LineRangeReader::hash(std::uint64_t offset, const char* data, std::size_t size) {
  // Reads are sequential and start at or before range.begin, so offset <= hashed_ here.
  const std::uint64_t lo = std::max(offset, hashed_);
  const std::uint64_t hi = std::min(offset + size, range_.end);
  if (lo >= hi) return;
  data += lo - offset;
  std::uint64_t left = hi - lo;
  while (left > 0) {
    const std::uint64_t take = std::min(left, kBlockBytes - block_fill_);
    XXH3_64bits_update(hash_state_, data, static_cast<std::size_t>(take));
    data += take;
    left -= take;
    hashed_ += take;
    block_fill_ += take;
    if (block_fill_ == kBlockBytes) {
      hashes_.push_back(XXH3_64bits_digest(hash_state_));
      XXH3_64bits_reset(hash_state_);
      block_fill_ = 0;
    }
  }
}

void LineRangeReader::skip_partial_line() {
  // A line starts at range.begin only if the byte before it is '\n': start reading there.
  buf_offset_ = range_.begin - 1;
  for (;;) {
    if (head_ < tail_) {
      const void* nl = std::memchr(buf_.data() + head_, '\n', tail_ - head_);
      if (nl) {
        head_ = static_cast<const char*>(nl) - buf_.data() + 1;
        return;
      }
      head_ = tail_;
    }
    if (buf_offset_ + tail_ >= range_.end) return;  // no line starts inside the range
    if (!fill()) return;
  }
}

void LineRangeReader::finish() {
  while (hashed_ < range_.end) {  // bytes of the range behind the last line start
    head_ = tail_;
    if (!fill()) break;
  }
  if (hashed_ < range_.end)
    throw Error(exit_io, path_ + ": file shorter than expected (changed while reading?)");
  if (block_fill_ > 0) hashes_.push_back(XXH3_64bits_digest(hash_state_));
  block_fill_ = 0;
  buf_ = {};
  done_ = true;
}

bool LineRangeReader::next(std::string_view& line) {
  if (done_) return false;
  if (!started_) {
    started_ = true;
    if (range_.begin > 0 && range_.begin < range_.end) skip_partial_line();
  }
  if (range_.begin >= range_.end || buf_offset_ + head_ >= range_.end) {
    finish();
    return false;
  }
  std::size_t searched = 0;  // bytes after head_ known to hold no '\n'
  for (;;) {
    const char* base = buf_.data();
    const void* nl = searched < tail_ - head_
                         ? std::memchr(base + head_ + searched, '\n', tail_ - head_ - searched)
                         : nullptr;
    if (nl) {
      const std::size_t pos = static_cast<const char*>(nl) - base;
      std::size_t length = pos - head_;
      consumed_ += length + 1;
      if (length > 0 && base[pos - 1] == '\r') --length;
      line = std::string_view(base + head_, length);
      head_ = pos + 1;
      ++lines_;
      return true;
    }
    searched = tail_ - head_;
    if (!fill()) {
      if (head_ == tail_) {  // the file ended with '\n' (or the range holds nothing more)
        finish();
        return false;
      }
      line = std::string_view(buf_.data() + head_, tail_ - head_);
      consumed_ += tail_ - head_;
      head_ = tail_;
      ++lines_;
      return true;
    }
  }
}

std::uint64_t file_size(const std::string& path) {
  struct stat st;
  if (::stat(path.c_str(), &st) != 0) throw system_error(exit_no_input, path);
  // The ranks read their own byte ranges: a pipe or a device has no size to split.
  if (!S_ISREG(st.st_mode))
    throw Error(exit_no_input, path +
                                   ": not a regular file (a pipe or a device?): the ranks read it by byte "
                                   "ranges; write it to a file first");
  return static_cast<std::uint64_t>(st.st_size);
}

std::string read_first_line(const std::string& path) {
  if (file_size(path) == 0) throw InputError(path + ": empty file, expected a header line");
  LineRangeReader first(path, ByteRange{0, 1}, kTailReadBytes);
  std::string_view line;
  if (!first.next(line)) throw InputError(path + ": empty file, expected a header line");
  return std::string(line);
}

std::uint64_t combine_block_hashes(std::span<const std::uint64_t> hashes) {
  return XXH3_64bits(hashes.data(), hashes.size_bytes());
}

}  // namespace basketgap::io
