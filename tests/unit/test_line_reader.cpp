#include <gtest/gtest.h>
#include <unistd.h>
#include <xxhash.h>

#include <cstdio>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"

using namespace basketgap::io;

namespace {

// A file in the temp folder, removed at the end of the test.
class TempFile {
 public:
  explicit TempFile(const std::string& content) {
    char name[] = "/tmp/basketgap_line_reader_XXXXXX";
    const int fd = ::mkstemp(name);
    EXPECT_GE(fd, 0);
    ::close(fd);
    path_ = name;
    std::ofstream(path_, std::ios::binary) << content;
  }
  ~TempFile() { std::remove(path_.c_str()); }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct RangeResult {
  std::vector<std::string> lines;
  std::vector<std::uint64_t> hashes;
  std::uint64_t bytes = 0;
};

RangeResult read_all(const std::string& path, int ranks,
                     std::size_t buffer = LineRangeReader::kDefaultBufferBytes) {
  RangeResult result;
  const std::uint64_t size = file_size(path);
  for (int rank = 0; rank < ranks; ++rank) {
    LineRangeReader reader(path, plan_byte_range(size, rank, ranks), buffer);
    std::string_view line;
    std::uint64_t count = 0;
    while (reader.next(line)) {
      result.lines.emplace_back(line);
      ++count;
    }
    EXPECT_FALSE(reader.next(line));  // stays done
    EXPECT_EQ(reader.lines_returned(), count);
    result.bytes += reader.bytes_consumed();
    result.hashes.insert(result.hashes.end(), reader.block_hashes().begin(), reader.block_hashes().end());
  }
  return result;
}

// XXH3 of each kBlockBytes block of `content`: what the readers must agree with.
std::vector<std::uint64_t> expected_hashes(const std::string& content) {
  std::vector<std::uint64_t> hashes;
  for (std::size_t at = 0; at < content.size(); at += kBlockBytes)
    hashes.push_back(
        XXH3_64bits(content.data() + at, std::min<std::size_t>(kBlockBytes, content.size() - at)));
  return hashes;
}

}  // namespace

TEST(LineReader, PlanSplitsOnTheBlockGrid) {
  const std::uint64_t size = 10 * kBlockBytes + 5;  // 11 blocks
  const ByteRange r0 = plan_byte_range(size, 0, 3), r1 = plan_byte_range(size, 1, 3),
                  r2 = plan_byte_range(size, 2, 3);
  EXPECT_EQ(r0.begin, 0u);
  EXPECT_EQ(r0.end, 4 * kBlockBytes);
  EXPECT_EQ(r1.begin, 4 * kBlockBytes);
  EXPECT_EQ(r1.end, 8 * kBlockBytes);
  EXPECT_EQ(r2.begin, 8 * kBlockBytes);
  EXPECT_EQ(r2.end, size);

  const ByteRange whole = plan_byte_range(size, 0, 1);
  EXPECT_EQ(whole.begin, 0u);
  EXPECT_EQ(whole.end, size);
}

TEST(LineReader, PlanGivesEmptyRangesWhenRanksOutnumberBlocks) {
  const ByteRange first = plan_byte_range(100, 0, 4);
  EXPECT_EQ(first.begin, 0u);
  EXPECT_EQ(first.end, 100u);
  for (int rank = 1; rank < 4; ++rank) {
    const ByteRange r = plan_byte_range(100, rank, 4);
    EXPECT_EQ(r.begin, 100u);
    EXPECT_EQ(r.end, 100u);
  }
  const ByteRange empty = plan_byte_range(0, 0, 2);
  EXPECT_EQ(empty.begin, 0u);
  EXPECT_EQ(empty.end, 0u);
  EXPECT_THROW(plan_byte_range(100, 2, 2), std::invalid_argument);
}

TEST(LineReader, SmallFileTerminators) {
  TempFile file("a,1\r\nb,2\n\nlast");
  const RangeResult all = read_all(file.path(), 1);
  EXPECT_EQ(all.lines, (std::vector<std::string>{"a,1", "b,2", "", "last"}));
  EXPECT_EQ(all.bytes, 14u);
  EXPECT_EQ(all.hashes, expected_hashes("a,1\r\nb,2\n\nlast"));

  TempFile ends_with_newline("x\ny\n");
  EXPECT_EQ(read_all(ends_with_newline.path(), 1).lines, (std::vector<std::string>{"x", "y"}));
}

TEST(LineReader, EmptyFile) {
  TempFile file("");
  const RangeResult all = read_all(file.path(), 2);
  EXPECT_TRUE(all.lines.empty());
  EXPECT_TRUE(all.hashes.empty());
}

TEST(LineReader, RankCountDoesNotChangeLinesOrChecksum) {
  // ~10 MB: random line lengths (some empty, some long), ~1/5 CRLF, no final newline.
  std::mt19937_64 rng(42);
  std::string content;
  std::vector<std::string> expected;
  while (content.size() < 10'000'000) {
    const std::size_t length = rng() % 50 == 0 ? rng() % 20000 : rng() % 120;
    std::string line(length, ' ');
    for (char& c : line) c = static_cast<char>('a' + rng() % 26);
    expected.push_back(line);
    content += line;
    content += rng() % 5 == 0 ? "\r\n" : "\n";
  }
  content += "final line without newline";
  expected.push_back("final line without newline");
  TempFile file(content);

  const auto reference = expected_hashes(content);
  ASSERT_EQ(reference.size(), 3u);
  for (int ranks = 1; ranks <= 4; ++ranks) {
    SCOPED_TRACE("ranks = " + std::to_string(ranks));
    const RangeResult all = read_all(file.path(), ranks);
    ASSERT_EQ(all.lines.size(), expected.size());
    EXPECT_TRUE(all.lines == expected);
    EXPECT_EQ(all.bytes, content.size());
    EXPECT_EQ(all.hashes, reference);
    EXPECT_EQ(combine_block_hashes(all.hashes), combine_block_hashes(reference));
  }
  // A tiny buffer exercises refills and growth on every line.
  EXPECT_TRUE(read_all(file.path(), 3, 64).lines == expected);
}

TEST(LineReader, LinesStartingExactlyOnABoundary) {
  // Line 1 ends with '\n' at kBlockBytes-1: line 2 starts at the boundary and belongs to rank 1.
  // Line 2's "\r\n" straddles the next boundary, so line 3 starts right after it, in rank 2.
  std::string content(kBlockBytes - 1, 'a');
  content += '\n';
  content += std::string(kBlockBytes - 1, 'b') + "\r\n";
  content += "c\n";
  content += std::string(kBlockBytes, 'd');  // a line covering all of rank 3's range
  content += "\ne";
  TempFile file(content);
  std::vector<std::size_t> counts;
  const std::uint64_t size = content.size();
  for (int rank = 0; rank < 4; ++rank) {
    LineRangeReader reader(file.path(), plan_byte_range(size, rank, 4));
    std::string_view line;
    std::size_t n = 0;
    while (reader.next(line)) ++n;
    counts.push_back(n);
  }
  // Ranges: [0,4M) [4M,8M) [8M,12M) [12M,size). Line "c" starts at 8M+1, "d..." at 8M+3,
  // "e" at 12M+3+1, so rank 2 holds "c" and "d...", rank 3 holds "e".
  EXPECT_EQ(counts, (std::vector<std::size_t>{1, 1, 2, 1}));
  const RangeResult all = read_all(file.path(), 4);
  ASSERT_EQ(all.lines.size(), 5u);
  EXPECT_EQ(all.lines[1], std::string(kBlockBytes - 1, 'b'));
  EXPECT_EQ(all.lines[2], "c");
  EXPECT_EQ(all.lines[4], "e");
  EXPECT_EQ(all.hashes, expected_hashes(content));
}

TEST(LineReader, RangeWithNoLineStartStillHashesItsBytes) {
  // One 9 MB line without newline: ranks 1 and 2 get no line but hash their blocks.
  const std::string content(9u << 20, 'x');
  TempFile file(content);
  const RangeResult all = read_all(file.path(), 3);
  ASSERT_EQ(all.lines.size(), 1u);
  EXPECT_EQ(all.lines[0].size(), content.size());
  EXPECT_EQ(all.hashes, expected_hashes(content));
}

TEST(LineReader, LineLongerThanTheDefaultBuffer) {
  const std::string longest(LineRangeReader::kDefaultBufferBytes + 12345, 'z');
  const std::string content = "head\n" + longest + "\r\ntail\n";
  TempFile file(content);
  const RangeResult all = read_all(file.path(), 1);
  ASSERT_EQ(all.lines.size(), 3u);
  EXPECT_EQ(all.lines[0], "head");
  EXPECT_TRUE(all.lines[1] == longest);
  EXPECT_EQ(all.lines[2], "tail");
}

TEST(LineReader, FirstLineAndErrors) {
  TempFile file("PRODUCT_ID,DEPARTMENT\r\n1,GROCERY\n");
  EXPECT_EQ(read_first_line(file.path()), "PRODUCT_ID,DEPARTMENT");
  EXPECT_EQ(file_size(file.path()), 33u);

  TempFile no_newline("only");
  EXPECT_EQ(read_first_line(no_newline.path()), "only");

  TempFile empty("");
  try {
    read_first_line(empty.path());
    FAIL() << "expected InputError";
  } catch (const basketgap::InputError& e) {
    EXPECT_EQ(std::string(e.what()), empty.path() + ": empty file, expected a header line");
  }

  const std::string missing = "/nonexistent/basketgap/none.csv";
  try {
    LineRangeReader reader(missing, ByteRange{0, 10});
    FAIL() << "expected Error";
  } catch (const basketgap::Error& e) {
    EXPECT_EQ(e.code(), basketgap::exit_no_input);
    EXPECT_EQ(std::string(e.what()), missing + ": No such file or directory");
  }
  EXPECT_THROW(read_first_line(missing), basketgap::Error);
  EXPECT_THROW(file_size(missing), basketgap::Error);
}

TEST(LineReader, ReadingADirectoryIsAnIoError) {
  try {
    LineRangeReader reader("/tmp", ByteRange{0, 10});
    std::string_view line;
    reader.next(line);
    FAIL() << "expected Error";
  } catch (const basketgap::Error& e) {
    EXPECT_EQ(e.code(), basketgap::exit_io);
  }
}
