// Parallel line reading: each rank reads the lines that start in its own byte range of a file,
// and hashes the raw bytes of that range in fixed blocks so the ranks together checksum the file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

struct XXH3_state_s;

namespace basketgap::io {

// Byte ranges and block hashes sit on this grid, so the checksum ignores the rank count.
constexpr std::uint64_t kBlockBytes = 4u << 20;

struct ByteRange {
  std::uint64_t begin = 0, end = 0;
};

// The range of `rank` among `ranks` contiguous ranges covering [0, file_size): boundaries on
// multiples of kBlockBytes (the last end is file_size), block counts differing by at most one.
// With fewer blocks than ranks some ranks get empty ranges, spread among the others.
ByteRange plan_byte_range(std::uint64_t file_size, int rank, int ranks);

// Lines that start inside a byte range, in file order; the last one may run past range.end.
// A line starts at offset 0 or right after '\n'; "\n" and "\r\n" terminators are stripped and
// a final line without a newline counts. Throws Error(exit_no_input) when the file cannot be
// opened and Error(exit_io) on a read error or when the file is shorter than the range.
class LineRangeReader {
 public:
  static constexpr std::size_t kDefaultBufferBytes = 8u << 20;
  // Every line next() returns is followed by at least this many readable bytes (of any value):
  // a parser may load whole vectors across the line's end (io/csv/transaction_fast_path).
  static constexpr std::size_t kReadableAfterLine = 64;

  // `buffer_bytes` is the initial buffer (it grows for longer lines); small values are for tests.
  LineRangeReader(const std::string& path, ByteRange range, std::size_t buffer_bytes = kDefaultBufferBytes);
  ~LineRangeReader();
  LineRangeReader(const LineRangeReader&) = delete;
  LineRangeReader& operator=(const LineRangeReader&) = delete;

  // The next line; the view is valid until the next call. False once the range is done.
  bool next(std::string_view& line);

  std::uint64_t lines_returned() const { return lines_; }
  // Raw bytes of the returned lines, terminators included (sums to the file size over ranks).
  std::uint64_t bytes_consumed() const { return consumed_; }
  // XXH3_64bits of each kBlockBytes block of [begin, end), the last one maybe shorter;
  // complete once next() has returned false.
  const std::vector<std::uint64_t>& block_hashes() const { return hashes_; }
  const ByteRange& range() const { return range_; }

 private:
  // The bytes buf_ may hold; the slack behind them keeps kReadableAfterLine.
  std::size_t capacity() const { return buf_.size() - kReadableAfterLine; }
  void skip_partial_line();
  bool fill();
  void hash(std::uint64_t offset, const char* data, std::size_t size);
  void finish();

  std::string path_;
  ByteRange range_;
  int fd_ = -1;
  std::vector<char> buf_;
  std::size_t head_ = 0;          // next unread byte of buf_
  std::size_t tail_ = 0;          // end of valid bytes in buf_
  std::uint64_t buf_offset_ = 0;  // file offset of buf_[0]
  bool eof_ = false, started_ = false, done_ = false;
  std::uint64_t lines_ = 0, consumed_ = 0;
  std::uint64_t hashed_ = 0;      // file offset up to which bytes went into the hashes
  std::uint64_t block_fill_ = 0;  // bytes in the current block
  XXH3_state_s* hash_state_ = nullptr;
  std::vector<std::uint64_t> hashes_;
};

// The first line of a file without its terminator (the header). Throws like LineRangeReader,
// and InputError "<path>: empty file, expected a header line" for an empty file.
std::string read_first_line(const std::string& path);

// Throws Error(exit_no_input) when the file cannot be examined.
std::uint64_t file_size(const std::string& path);

// The input-file checksum: XXH3_64bits over the concatenated block hashes of all ranks.
std::uint64_t combine_block_hashes(std::span<const std::uint64_t> hashes);

}  // namespace basketgap::io
