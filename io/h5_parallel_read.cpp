#include "io/h5_parallel_read.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <zlib.h>

#include <algorithm>
#include <cstring>
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
      H5Tget_order(type.id()) != H5T_ORDER_LE)
    return 0;
  if constexpr (std::is_integral_v<T>)
    if ((H5Tget_sign(type.id()) == H5T_SGN_2) != std::is_signed_v<T>) return 0;
  return chunk;
}

struct RawChunk {
  hsize_t first_row = 0;
  std::uint32_t filter_mask = 0;  // bit i set: filter i was skipped for this chunk
  std::vector<unsigned char> bytes;
};

// Undoes shuffle + deflate of one chunk (chunk_rows elements) and copies elements
// [skip, skip + out.size()) of it to `out`. `inflated` and `whole` are reusable buffers.
template <typename T>
bool decode(const RawChunk& chunk, hsize_t chunk_rows, hsize_t skip, std::span<T> out,
            std::vector<unsigned char>& inflated, std::vector<T>& whole) {
  const std::size_t size = chunk_rows * sizeof(T);
  const std::vector<unsigned char>* shuffled = &chunk.bytes;
  if (!(chunk.filter_mask & 2u)) {
    inflated.resize(size);
    uLongf length = size;
    if (uncompress(inflated.data(), &length, chunk.bytes.data(), chunk.bytes.size()) != Z_OK ||
        length != size)
      return false;
    shuffled = &inflated;
  }
  if (shuffled->size() != size) return false;
  // Unshuffle straight into `out` when the chunk lies inside it (most chunks).
  const bool direct = skip == 0 && out.size() == chunk_rows;
  if (!direct) whole.resize(chunk_rows);
  auto* bytes = reinterpret_cast<unsigned char*>(direct ? out.data() : whole.data());
  if (chunk.filter_mask & 1u) {
    std::memcpy(bytes, shuffled->data(), size);
  } else {
    // Shuffle stored byte b of every element together: element i's byte b is at b * n + i.
    for (std::size_t b = 0; b < sizeof(T); ++b) {
      const unsigned char* plane = shuffled->data() + b * chunk_rows;
      for (std::size_t i = 0; i < chunk_rows; ++i) bytes[i * sizeof(T) + b] = plane[i];
    }
  }
  if (!direct) std::copy_n(whole.begin() + static_cast<std::ptrdiff_t>(skip), out.size(), out.begin());
  return true;
}

}  // namespace

template <typename T>
void read_rows_parallel(const Dataset& dataset, hsize_t offset, std::span<T> out) {
  const hsize_t count = out.size();
  const hsize_t chunk_rows = parallel_chunk_rows<T>(dataset);
  if (chunk_rows == 0 || count == 0) {
    const std::vector<T> rows = dataset.read_rows<T>(offset, count);
    std::copy(rows.begin(), rows.end(), out.begin());
    return;
  }
  if (offset + count > dataset.size())
    throw Error(exit_data, dataset.file_name() + ": dataset " + dataset.name() + ": read past the end");
  const auto fail = [&](hsize_t row, const std::string& what) {
    return Error(exit_data, dataset.file_name() + ": dataset " + dataset.name() + ": chunk at row " +
                                std::to_string(row) + " " + what + " (truncated or corrupt?)");
  };
  // Fetch the compressed chunks (HDF5, this thread only).
  std::vector<RawChunk> chunks;
  for (hsize_t c = offset / chunk_rows; c * chunk_rows < offset + count; ++c) {
    RawChunk chunk;
    chunk.first_row = c * chunk_rows;
    hsize_t stored = 0;
    if (H5Dget_chunk_storage_size(dataset.id(), &chunk.first_row, &stored) < 0 || stored == 0)
      throw fail(chunk.first_row, "has no storage");
    chunk.bytes.resize(stored);
    if (H5Dread_chunk(dataset.id(), H5P_DEFAULT, &chunk.first_row, &chunk.filter_mask, chunk.bytes.data()) <
        0)
      throw fail(chunk.first_row, "cannot be read");
    chunks.push_back(std::move(chunk));
  }
  // Decode them on every core, each into its part of `out`.
  struct Buffers {
    std::vector<unsigned char> inflated;
    std::vector<T> whole;
  };
  tbb::enumerable_thread_specific<Buffers> buffers;
  std::vector<unsigned char> bad(chunks.size(), 0);
  tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t i) {
    const RawChunk& chunk = chunks[i];
    const hsize_t first = std::max(offset, chunk.first_row);
    const hsize_t last = std::min(offset + count, chunk.first_row + chunk_rows);
    Buffers& b = buffers.local();
    if (!decode<T>(chunk, chunk_rows, first - chunk.first_row, out.subspan(first - offset, last - first),
                   b.inflated, b.whole))
      bad[i] = 1;
  });
  for (std::size_t i = 0; i < chunks.size(); ++i)
    if (bad[i]) throw fail(chunks[i].first_row, "does not decompress");
}

template void read_rows_parallel(const Dataset&, hsize_t, std::span<std::int32_t>);
template void read_rows_parallel(const Dataset&, hsize_t, std::span<std::int64_t>);
template void read_rows_parallel(const Dataset&, hsize_t, std::span<float>);

}  // namespace basketgap::io::h5
