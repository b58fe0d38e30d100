#include "io/hdf5/parallel_read.hpp"

#include <isa-l/igzip_lib.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "io/errors.hpp"

namespace basketgap::io::h5 {
namespace {

// The chunk length in rows when the dataset is a 1-D shuffle + deflate chunked dataset whose
// file type is T in little-endian order; 0 otherwise (take the plain path).
template <typename T>
hsize_t parallel_chunk_rows(const Dataset& dataset) {
  if (dataset.dims().size() != 1) return 0;
  Handle dcpl(H5Dget_create_plist(dataset.id()), H5Pclose);
  if (H5Pget_layout(dcpl.id()) != H5D_CHUNKED) return 0;
  hsize_t chunk = 0;
  if (H5Pget_chunk(dcpl.id(), 1, &chunk) != 1) return 0;
  if (H5Pget_nfilters(dcpl.id()) != 2) return 0;
  const auto filter = [&](unsigned index) {
    unsigned flags = 0, values[8];  // HDF5 refuses a null buffer for the filters' parameters
    std::size_t n_values = 8;
    return H5Pget_filter2(dcpl.id(), index, &flags, &n_values, values, 0, nullptr, nullptr);
  };
  if (filter(0) != H5Z_FILTER_SHUFFLE || filter(1) != H5Z_FILTER_DEFLATE) return 0;
  Handle type(H5Dget_type(dataset.id()), H5Tclose);
  const H5T_class_t expected = std::is_floating_point_v<T> ? H5T_FLOAT : H5T_INTEGER;
  if (H5Tget_class(type.id()) != expected || H5Tget_size(type.id()) != sizeof(T) ||
      (sizeof(T) > 1 && H5Tget_order(type.id()) != H5T_ORDER_LE))
    return 0;
  if constexpr (std::is_integral_v<T>)
    if ((H5Tget_sign(type.id()) == H5T_SGN_2) != std::is_signed_v<T>) return 0;
  return chunk;
}

// One zlib stream (header, deflate data, adler32, as HDF5's deflate filter writes it) into
// exactly `size` bytes of `out`. ISA-L's inflate, ~3x zlib's on these chunks, which were a
// fifth of score's CPU; the checksum is verified as zlib's uncompress() would.
bool inflate_zlib(const ByteBuffer& in, ByteBuffer& out, std::size_t size) {
  if (in.size() > UINT32_MAX || size > UINT32_MAX) return false;
  out.resize(size);
  inflate_state state;
  isal_inflate_init(&state);
  state.crc_flag = ISAL_ZLIB;
  state.next_in = const_cast<unsigned char*>(in.data());
  state.avail_in = static_cast<std::uint32_t>(in.size());
  state.next_out = out.data();
  state.avail_out = static_cast<std::uint32_t>(size);
  const int status = isal_inflate_stateless(&state);
  return status == ISAL_DECOMP_OK && state.total_out == size;
}

// Shuffle stored byte b of every element together: element i's byte b is at b * n + i. One
// pass over the elements, each assembled from its bytes in the planes (little-endian, as the
// file type was checked to be), vectorises; byte-wise stores to every plane did not.
// 8-byte elements as two 4-byte halves: 32-bit lanes are what the vector unit assembles well.
template <std::size_t Width>
void unshuffle(const unsigned char* planes, std::size_t n, unsigned char* out) {
  static_assert((Width == 4 || Width == 8) && std::endian::native == std::endian::little);
  const auto half = [&](std::size_t i, std::size_t first_plane) {
    std::uint32_t word = 0;
    for (std::size_t b = 0; b < 4; ++b)
      word |= static_cast<std::uint32_t>(planes[(first_plane + b) * n + i]) << (8 * b);
    return word;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const std::uint32_t low = half(i, 0);
    std::memcpy(out + i * Width, &low, 4);
    if constexpr (Width == 8) {
      const std::uint32_t high = half(i, 4);
      std::memcpy(out + i * Width + 4, &high, 4);
    }
  }
}

// Undoes shuffle + deflate of one chunk (chunk_rows elements) and copies elements
// [skip, skip + out.size()) of it to `out`. `inflated` and `whole` are reusable buffers.
template <typename T>
bool decode(const FetchedRows::Chunk& chunk, hsize_t chunk_rows, hsize_t skip, std::span<T> out,
            ByteBuffer& inflated, std::vector<T>& whole) {
  const std::size_t size = chunk_rows * sizeof(T);
  const ByteBuffer* shuffled = &chunk.bytes;
  if (!(chunk.filter_mask & 2u)) {
    if (!inflate_zlib(chunk.bytes, inflated, size)) return false;
    shuffled = &inflated;
  }
  if (shuffled->size() != size) return false;
  // Unshuffle straight into `out` when the chunk lies inside it (most chunks).
  const bool direct = skip == 0 && out.size() == chunk_rows;
  if (!direct) whole.resize(chunk_rows);
  auto* bytes = reinterpret_cast<unsigned char*>(direct ? out.data() : whole.data());
  if constexpr (sizeof(T) == 1) {  // one-byte elements: the shuffle is the identity
    std::memcpy(bytes, shuffled->data(), size);
  } else if (chunk.filter_mask & 1u) {
    std::memcpy(bytes, shuffled->data(), size);
  } else {
    unshuffle<sizeof(T)>(shuffled->data(), chunk_rows, bytes);
  }
  if (!direct) std::copy_n(whole.begin() + static_cast<std::ptrdiff_t>(skip), out.size(), out.begin());
  return true;
}

Error damaged(const FetchedRows& fetched, hsize_t row, const std::string& what) {
  return Error(exit_data, fetched.where + ": chunk at row " + std::to_string(row) + " " + what +
                              " (truncated or corrupt?)");
}

}  // namespace

template <typename T>
FetchedRows fetch_rows(const Dataset& dataset, hsize_t offset, hsize_t count) {
  FetchedRows fetched;
  fetched.offset = offset;
  fetched.count = count;
  fetched.where = dataset.file_name() + ": dataset " + dataset.name();
  fetched.chunk_rows = parallel_chunk_rows<T>(dataset);
  if (fetched.chunk_rows == 0 || count == 0) {
    fetched.chunk_rows = 0;
    const std::vector<T> rows = dataset.read_rows<T>(offset, count);
    fetched.plain.resize(rows.size() * sizeof(T));
    if (!rows.empty()) std::memcpy(fetched.plain.data(), rows.data(), fetched.plain.size());
    return fetched;
  }
  if (offset + count > dataset.size()) throw Error(exit_data, fetched.where + ": read past the end");
  const hsize_t chunk_rows = fetched.chunk_rows;
  for (hsize_t c = offset / chunk_rows; c * chunk_rows < offset + count; ++c) {
    FetchedRows::Chunk chunk;
    chunk.first_row = c * chunk_rows;
    hsize_t stored = 0;
    if (H5Dget_chunk_storage_size(dataset.id(), &chunk.first_row, &stored) < 0 || stored == 0)
      throw damaged(fetched, chunk.first_row, "has no storage");
    chunk.bytes.resize(stored);
    if (H5Dread_chunk(dataset.id(), H5P_DEFAULT, &chunk.first_row, &chunk.filter_mask, chunk.bytes.data()) <
        0)
      throw damaged(fetched, chunk.first_row, "cannot be read");
    fetched.chunks.push_back(std::move(chunk));
  }
  return fetched;
}

template <typename T>
void decode_rows(const FetchedRows& fetched, std::span<T> out) {
  if (out.size() != fetched.count) throw std::logic_error("decode_rows: output size does not match");
  if (fetched.chunk_rows == 0) {
    if (!fetched.plain.empty()) std::memcpy(out.data(), fetched.plain.data(), fetched.plain.size());
    return;
  }
  const hsize_t offset = fetched.offset, count = fetched.count, chunk_rows = fetched.chunk_rows;
  struct Buffers {
    ByteBuffer inflated;
    std::vector<T> whole;
  };
  tbb::enumerable_thread_specific<Buffers> buffers;
  std::vector<unsigned char> bad(fetched.chunks.size(), 0);
  tbb::parallel_for(std::size_t{0}, fetched.chunks.size(), [&](std::size_t i) {
    const FetchedRows::Chunk& chunk = fetched.chunks[i];
    const hsize_t first = std::max(offset, chunk.first_row);
    const hsize_t last = std::min(offset + count, chunk.first_row + chunk_rows);
    Buffers& b = buffers.local();
    if (!decode<T>(chunk, chunk_rows, first - chunk.first_row, out.subspan(first - offset, last - first),
                   b.inflated, b.whole))
      bad[i] = 1;
  });
  for (std::size_t i = 0; i < fetched.chunks.size(); ++i)
    if (bad[i]) throw damaged(fetched, fetched.chunks[i].first_row, "does not decompress");
}

#define BASKETGAP_H5_PARALLEL_READ(T)                                   \
  template FetchedRows fetch_rows<T>(const Dataset&, hsize_t, hsize_t); \
  template void decode_rows<T>(const FetchedRows&, std::span<T>);
BASKETGAP_H5_PARALLEL_READ(std::uint8_t)
BASKETGAP_H5_PARALLEL_READ(std::int32_t)
BASKETGAP_H5_PARALLEL_READ(std::int64_t)
BASKETGAP_H5_PARALLEL_READ(float)
#undef BASKETGAP_H5_PARALLEL_READ

}  // namespace basketgap::io::h5
