// The parallel chunk reader against HDF5's own read: rows across chunk boundaries, a partial
// last chunk, every supported type, and a damaged chunk. Each rank works on its own file
// (MPI_COMM_SELF), so this runs under every rank count of the MPI suite.
#include <gtest/gtest.h>
#include <mpi.h>
#include <unistd.h>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "io/errors.hpp"
#include "io/hdf5/h5.hpp"
#include "io/hdf5/parallel_read.hpp"

namespace h5 = basketgap::io::h5;

namespace {
std::string scratch_file() {
  int rank = 0;
  MPI_Comm_rank(MPI_COMM_WORLD, &rank);
  return (std::filesystem::temp_directory_path() /
          ("bg-parallel-read-" + std::to_string(::getpid()) + "-" + std::to_string(rank) + ".h5"))
      .string();
}

template <typename T>
std::vector<T> fetch_and_decode(const h5::Dataset& d, hsize_t offset, hsize_t count) {
  std::vector<T> out(count);
  h5::decode_rows<T>(h5::fetch_rows<T>(d, offset, count), out);
  return out;
}
}  // namespace

TEST(H5ParallelRead, MatchesHdf5AcrossChunksAndTypes) {
  const std::string path = scratch_file();
  // 1 MiB chunks: 131,072 int64 rows, 262,144 int32/float rows; 300,001 rows leave a
  // partial last chunk.
  const hsize_t n = 300'001;
  std::vector<std::int64_t> wide(n);
  std::vector<std::int32_t> narrow(n);
  std::vector<float> real(n);
  // One-byte flags (the store's basket starts): 1,048,576 rows a chunk, so more rows than n.
  const hsize_t n_flags = 2'500'001;
  std::vector<std::uint8_t> flags(n_flags);
  for (hsize_t i = 0; i < n_flags; ++i) flags[i] = (i * 2654435761u) % 7 == 0;
  for (hsize_t i = 0; i < n; ++i) {
    wide[i] = static_cast<std::int64_t>(i * 2654435761u) - 7'000'000'000LL;
    narrow[i] = static_cast<std::int32_t>(i % 711) - 5;
    real[i] = static_cast<float>(i) * 0.25f;
  }
  {
    h5::File file = h5::File::create_parallel(path, MPI_COMM_SELF);
    h5::Dataset::create<std::int64_t>(file, "/wide", {n}).write_rows<std::int64_t>(0, wide);
    h5::Dataset::create<std::int32_t>(file, "/narrow", {n}).write_rows<std::int32_t>(0, narrow);
    h5::Dataset::create<float>(file, "/real", {n}).write_rows<float>(0, real);
    h5::Dataset::create<std::uint8_t>(file, "/flags", {n_flags}).write_rows<std::uint8_t>(0, flags);
    file.close();
  }
  h5::File file = h5::File::open_read(path);
  {
    const h5::Dataset w = h5::Dataset::open(file, "/wide");
    const h5::Dataset s = h5::Dataset::open(file, "/narrow");
    const h5::Dataset f = h5::Dataset::open(file, "/real");
    EXPECT_EQ(fetch_and_decode<std::int64_t>(w, 0, n), wide);
    EXPECT_EQ(fetch_and_decode<std::int32_t>(s, 0, n), narrow);
    EXPECT_EQ(fetch_and_decode<float>(f, 0, n), real);
    const h5::Dataset b = h5::Dataset::open(file, "/flags");
    EXPECT_EQ(h5::fetch_rows<std::uint8_t>(b, 0, 1).chunk_rows, 1u << 20);  // the chunked path, not HDF5's
    EXPECT_EQ(fetch_and_decode<std::uint8_t>(b, 0, n_flags), flags);
    EXPECT_EQ(fetch_and_decode<std::uint8_t>(b, 1'000'000, 1'100'000),
              std::vector<std::uint8_t>(flags.begin() + 1'000'000, flags.begin() + 2'100'000));
    // A range starting and ending inside chunks, across two boundaries of /wide.
    EXPECT_EQ(fetch_and_decode<std::int64_t>(w, 100'000, 200'000),
              std::vector<std::int64_t>(wide.begin() + 100'000, wide.begin() + 300'000));
    EXPECT_EQ(fetch_and_decode<std::int64_t>(w, 299'990, 11), w.read_rows<std::int64_t>(299'990, 11));
    EXPECT_TRUE(fetch_and_decode<std::int32_t>(s, 5, 0).empty());
    EXPECT_THROW(fetch_and_decode<std::int32_t>(s, n - 1, 2), basketgap::Error);  // past the end

    // A damaged chunk: the error names the file, the dataset and the chunk's first row.
    h5::FetchedRows fetched = h5::fetch_rows<std::int64_t>(w, 131'072, 10);
    ASSERT_EQ(fetched.chunks.size(), 1u);
    for (std::size_t i = 2; i < fetched.chunks[0].bytes.size(); i += 7) fetched.chunks[0].bytes[i] ^= 0x5a;
    std::vector<std::int64_t> out(10);
    try {
      h5::decode_rows<std::int64_t>(fetched, out);
      ADD_FAILURE() << "a damaged chunk decoded";
    } catch (const basketgap::Error& e) {
      const std::string what = e.what();
      EXPECT_NE(what.find(path), std::string::npos) << what;
      EXPECT_NE(what.find("/wide"), std::string::npos) << what;
      EXPECT_NE(what.find("row 131072"), std::string::npos) << what;
      EXPECT_EQ(e.code(), basketgap::exit_data);
    }
  }  // datasets released before the file closes
  file.close();
  std::filesystem::remove(path);
}
