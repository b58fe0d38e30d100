// Collective helpers shared by the store and coupons writers: a small string table written by
// one rank, and the root attributes.
#pragma once

#include <string>
#include <vector>

#include "io/hdf5/h5.hpp"
#include "io/store/tables.hpp"

namespace basketgap::io {

// Fixed-length string dataset sized to its longest value; rank `is_writer` writes the values,
// the others select none (every rank must call it with the same `values`).
void write_string_table(const h5::File& file, const std::string& name, const std::vector<std::string>& values,
                        bool is_writer);

// Root attributes in order (collective: the same values on every rank).
void write_attributes(const h5::File& file, const Attributes& attributes);

}  // namespace basketgap::io
