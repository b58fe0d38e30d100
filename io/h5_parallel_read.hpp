// Reading rows of a large 1-D dataset with every core: the compressed chunks are fetched with
// H5Dread_chunk on the calling thread (HDF5 is never called from worker threads), then
// inflated and unshuffled by oneTBB tasks. HDF5 itself decompresses on one thread, which made
// the history load the longest stage of `score` at a million households.
#pragma once

#include <span>

#include "io/h5.hpp"

namespace basketgap::io::h5 {

// Rows [offset, offset + out.size()) of `dataset` into `out`. Datasets written by this
// project (chunked, shuffle + deflate, little-endian T) take the parallel path; anything else
// is read with Dataset::read_rows. A chunk that does not decompress raises Error(exit_data)
// naming the file, dataset and row.
template <typename T>
void read_rows_parallel(const Dataset& dataset, hsize_t offset, std::span<T> out);

extern template void read_rows_parallel(const Dataset&, hsize_t, std::span<std::int32_t>);
extern template void read_rows_parallel(const Dataset&, hsize_t, std::span<std::int64_t>);
extern template void read_rows_parallel(const Dataset&, hsize_t, std::span<float>);

}  // namespace basketgap::io::h5
