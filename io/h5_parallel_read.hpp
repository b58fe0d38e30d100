// Reading rows of a large 1-D dataset with every core: the compressed chunks are fetched with
// H5Dread_chunk on the calling thread (HDF5 is never called from worker threads), then
// inflated and unshuffled by oneTBB tasks. HDF5 itself decompresses on one thread, which made
// the history load the longest stage of `score` at a million households.
#pragma once

#include <vector>

#include "io/h5.hpp"

namespace basketgap::io::h5 {

// Rows [offset, offset + count) of `dataset` as T. Datasets written by this project (chunked,
// shuffle + deflate, little-endian T) take the parallel path; anything else is read with
// Dataset::read_rows. A chunk that does not decompress raises Error(exit_data) naming the
// file, dataset and row.
template <typename T>
std::vector<T> read_rows_parallel(const Dataset& dataset, hsize_t offset, hsize_t count);

extern template std::vector<std::int32_t> read_rows_parallel(const Dataset&, hsize_t, hsize_t);
extern template std::vector<std::int64_t> read_rows_parallel(const Dataset&, hsize_t, hsize_t);
extern template std::vector<float> read_rows_parallel(const Dataset&, hsize_t, hsize_t);

}  // namespace basketgap::io::h5
