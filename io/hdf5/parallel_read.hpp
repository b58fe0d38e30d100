// Reading rows of a large 1-D dataset with every core: the compressed chunks are fetched with
// H5Dread_chunk on the calling thread (HDF5 is never called from worker threads), then
// inflated and unshuffled by oneTBB tasks. HDF5 itself decompresses on one thread, which made
// the history load the longest stage of `score` at a million households.
#pragma once

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "io/hdf5/h5.hpp"

namespace basketgap::io::h5 {

// A byte buffer whose resize() leaves new bytes uninitialised: the chunks are overwritten by
// H5Dread_chunk at once, and zero-filling ~1 GB of them per rank first was 5 % of the load.
template <typename T>
struct UninitialisedAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = UninitialisedAllocator<U>;
  };
  template <typename U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
using ByteBuffer = std::vector<unsigned char, UninitialisedAllocator<unsigned char>>;

// The compressed chunks covering some rows of a dataset, fetched from the file and not yet
// decoded (or, for a dataset of another layout, the rows already read by HDF5).
struct FetchedRows {
  struct Chunk {
    hsize_t first_row = 0;
    std::uint32_t filter_mask = 0;  // bit i set: filter i was skipped for this chunk
    ByteBuffer bytes;
  };
  hsize_t offset = 0, count = 0;
  hsize_t chunk_rows = 0;  // 0: `plain` holds the rows, already decoded
  std::vector<Chunk> chunks;
  std::vector<unsigned char> plain;
  std::string where;  // "file: dataset name", for errors
};

// Step 1, HDF5 (the calling thread only): rows [offset, offset + count) of `dataset` as T.
// Datasets written by this project (chunked, shuffle + deflate, little-endian T) are fetched
// as compressed chunks; anything else is read with Dataset::read_rows.
template <typename T>
FetchedRows fetch_rows(const Dataset& dataset, hsize_t offset, hsize_t count);

// Step 2, no HDF5 (any thread; oneTBB inside): inflate and unshuffle into `out` (count
// values). A chunk that does not decompress raises Error(exit_data) naming the file,
// dataset and row.
template <typename T>
void decode_rows(const FetchedRows& fetched, std::span<T> out);

#define BASKETGAP_H5_PARALLEL_READ(T)                                          \
  extern template FetchedRows fetch_rows<T>(const Dataset&, hsize_t, hsize_t); \
  extern template void decode_rows<T>(const FetchedRows&, std::span<T>);
BASKETGAP_H5_PARALLEL_READ(std::int32_t)
BASKETGAP_H5_PARALLEL_READ(std::int64_t)
BASKETGAP_H5_PARALLEL_READ(float)
#undef BASKETGAP_H5_PARALLEL_READ

}  // namespace basketgap::io::h5
