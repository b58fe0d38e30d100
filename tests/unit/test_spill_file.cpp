#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <random>
#include <string>
#include <vector>

#include "io/errors.hpp"
#include "io/spill/codec.hpp"
#include "io/spill/spill_file.hpp"

using namespace basketgap::io;

namespace {

struct Record {
  std::int64_t id, line;
  std::int32_t day;
  float value;
  bool operator==(const Record&) const = default;
};

std::string temp_path(const char* name) {
  return (std::filesystem::temp_directory_path() /
          (std::string(name) + "-" + std::to_string(::getpid()) + ".bin"))
      .string();
}

std::vector<Record> sample(std::size_t n) {
  std::mt19937_64 rng(7);
  std::vector<Record> out;
  std::int64_t line = 0;
  for (std::size_t i = 0; i < n; ++i) {
    // Mostly small steps, sometimes wild jumps and negative values.
    const bool jump = rng() % 16 == 0;
    out.push_back({jump ? static_cast<std::int64_t>(rng()) : static_cast<std::int64_t>(i / 7),
                   line += 1 + rng() % 3, static_cast<std::int32_t>(rng() % 700) - (jump ? 1000 : 0),
                   static_cast<float>(rng() % 1000) / 100.0f});
  }
  return out;
}

}  // namespace

TEST(SpillCodec, RoundTripsExtremeWords) {
  const std::vector<std::uint32_t> rows = {0, 0xFFFFFFFFu, 0x80000000u, 0x7FFFFFFFu, 1, 0, 0xFFFFFFFFu, 5};
  std::vector<std::uint8_t> bytes;
  encode_word_deltas(rows.data(), 4, 2, bytes);
  std::vector<std::uint32_t> back(rows.size());
  ASSERT_TRUE(decode_word_deltas(bytes.data(), bytes.size(), 4, 2, back.data()));
  EXPECT_EQ(back, rows);
  EXPECT_FALSE(decode_word_deltas(bytes.data(), bytes.size() - 1, 4, 2, back.data()));
  EXPECT_FALSE(decode_word_deltas(bytes.data(), bytes.size(), 3, 2, back.data()));
}

// The vector and the one-word paths write the same bytes and read each other's, for record
// widths with and without a partial group of four, with zero, small and full-width deltas.
TEST(SpillCodec, VectorAndScalarPathsAgree) {
  std::mt19937_64 rng(11);
  for (std::size_t words = 1; words <= 13; ++words) {
    const std::size_t records = 300;
    std::vector<std::uint32_t> rows(records * words);
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::uint32_t above = i >= words ? rows[i - words] : 0u;
      switch (rng() % 5) {
        case 0:
          rows[i] = above;
          break;
        case 1:
          rows[i] = above + static_cast<std::uint32_t>(rng() % 200) - 100u;
          break;
        case 2:
          rows[i] = above + static_cast<std::uint32_t>(rng() % 60000);
          break;
        case 3:
          rows[i] = static_cast<std::uint32_t>(rng());
          break;
        default:
          rows[i] = above - static_cast<std::uint32_t>(rng() % (1u << 20));
          break;
      }
    }
    std::vector<std::uint8_t> fast, slow(max_encoded_bytes(records, words));
    encode_word_deltas(rows.data(), records, words, fast);
    slow.resize(detail::encode_word_deltas_scalar(rows.data(), records, words, slow.data()));
    ASSERT_EQ(fast, slow) << words << " words";
    std::vector<std::uint32_t> back(rows.size());
    ASSERT_TRUE(decode_word_deltas(fast.data(), fast.size(), records, words, back.data()));
    EXPECT_EQ(back, rows) << words << " words";
    std::vector<std::uint32_t> back_slow(rows.size());
    ASSERT_TRUE(detail::decode_word_deltas_scalar(fast.data(), fast.data() + fast.size(), records, words,
                                                  back_slow.data(), nullptr));
    EXPECT_EQ(back_slow, rows) << words << " words";
    // A set bit in an unused code slot, or a byte short, is damage.
    if (words % 4 != 0) {
      std::vector<std::uint8_t> damaged = fast;
      damaged[(words + 3) / 4 - 1] |= 0x80;
      EXPECT_FALSE(decode_word_deltas(damaged.data(), damaged.size(), records, words, back.data()));
    }
    EXPECT_FALSE(decode_word_deltas(fast.data(), fast.size() - 1, records, words, back.data()));
  }
}

TEST(SpillFile, RoundTripsManyBlocksReadInPieces) {
  const std::string path = temp_path("spill-roundtrip");
  const std::vector<Record> records = sample(200'000);  // several 1 MiB blocks
  {
    SpillWriter<Record> writer(path);
    for (std::size_t i = 0; i < 1000; ++i) writer.push(records[i]);
    writer.write(std::span<const Record>(records).subspan(1000, 100'000));
    for (std::size_t i = 101'000; i < records.size(); ++i) writer.push(records[i]);
    EXPECT_EQ(writer.count(), records.size());
    writer.close();
  }
  // Delta encoding makes the file much smaller than the records.
  EXPECT_LT(std::filesystem::file_size(path), records.size() * sizeof(Record) / 2);
  SpillReader<Record> reader(path);
  std::vector<Record> back;
  RecordVector<Record> piece;
  while (reader.read(piece, 12'345) > 0) back.insert(back.end(), piece.begin(), piece.end());
  EXPECT_EQ(back, records);
  const RecordVector<Record> all = SpillReader<Record>(path).read_all();
  EXPECT_EQ(std::vector<Record>(all.begin(), all.end()), records);
  std::filesystem::remove(path);
}

TEST(SpillFile, TruncatedFileIsAnIoError) {
  const std::string path = temp_path("spill-truncated");
  {
    SpillWriter<Record> writer(path);
    writer.write(sample(1000));
    writer.close();
  }
  std::filesystem::resize_file(path, std::filesystem::file_size(path) - 3);
  SpillReader<Record> reader(path);
  try {
    reader.read_all();
    FAIL() << "no error";
  } catch (const basketgap::Error& e) {
    EXPECT_EQ(e.code(), basketgap::exit_io);
    EXPECT_NE(std::string(e.what()).find("truncated"), std::string::npos) << e.what();
  }
  std::filesystem::remove(path);
}
