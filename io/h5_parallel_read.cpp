#include "io/h5_parallel_read.hpp"

#include <tbb/parallel_for.h>
#include <zlib.h>

#include <cstring>
#include <type_traits>

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
  unsigned flags = 0;
  std::size_t n_values = 0;
  if (H5Pget_filter2(dcpl.id(), 0, &flags, &n_values, nullptr, 0, nullptr, nullptr) != H5Z_FILTER_SHUFFLE ||
      H5Pget_filter2(dcpl.id(), 1, &flags, &n_values, nullptr, 0, nullptr, nullptr) != H5Z_FILTER_DEFLATE)
    return 0;
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

// Undoes shuffle + deflate of one chunk into `out` (chunk_rows * sizeof(T) bytes).
template <typename T>
bool decode(const RawChunk& chunk, std::vector<unsigned char>& inflated, std::vector<unsigned char>& out) {
  const std::size_t size = out.size();
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
  if (chunk.filter_mask & 1u) {
    std::memcpy(out.data(), shuffled->data(), size);
    return true;
  }
  // Shuffle stored byte b of every element together: element i's byte b is at b * n + i.
  const std::size_t n = size / sizeof(T);
  for (std::size_t b = 0; b < sizeof(T); ++b) {
    const unsigned char* plane = shuffled->data() + b * n;
    for (std::size_t i = 0; i < n; ++i) out[i * sizeof(T) + b] = plane[i];
  }
  return true;
}

}  // namespace

template <typename T>
std::vector<T> read_rows_parallel(const Dataset& dataset, hsize_t offset, hsize_t count) {
  const hsize_t chunk_rows = parallel_chunk_rows<T>(dataset);
  if (chunk_rows == 0 || count == 0) return dataset.read_rows<T>(offset, count);
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
  // Decode them on every core and copy the wanted rows.
  std::vector<T> out(count);
  std::vector<unsigned char> bad(chunks.size(), 0);
  tbb::parallel_for(std::size_t{0}, chunks.size(), [&](std::size_t i) {
    const RawChunk& chunk = chunks[i];
    std::vector<unsigned char> inflated, decoded(chunk_rows * sizeof(T));
    if (!decode<T>(chunk, inflated, decoded)) {
      bad[i] = 1;
      return;
    }
    const hsize_t first = std::max(offset, chunk.first_row);
    const hsize_t last = std::min(offset + count, chunk.first_row + chunk_rows);
    std::memcpy(out.data() + (first - offset), decoded.data() + (first - chunk.first_row) * sizeof(T),
                (last - first) * sizeof(T));
  });
  for (std::size_t i = 0; i < chunks.size(); ++i)
    if (bad[i]) throw fail(chunks[i].first_row, "does not decompress");
  return out;
}

template std::vector<std::int32_t> read_rows_parallel(const Dataset&, hsize_t, hsize_t);
template std::vector<std::int64_t> read_rows_parallel(const Dataset&, hsize_t, hsize_t);
template std::vector<float> read_rows_parallel(const Dataset&, hsize_t, hsize_t);

}  // namespace basketgap::io::h5
