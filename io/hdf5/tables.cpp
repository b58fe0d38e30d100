#include "io/hdf5/tables.hpp"

#include <algorithm>

namespace basketgap::io {

void write_string_table(const h5::File& file, const std::string& name, const std::vector<std::string>& values,
                        bool is_writer) {
  std::size_t width = 1;
  for (const auto& v : values) width = std::max(width, v.size());
  auto ds = h5::Dataset::create_strings(file, name, values.size(), width);
  ds.write_strings_rows(0, is_writer ? values : std::vector<std::string>{});
}

void write_attributes(const h5::File& file, const Attributes& attributes) {
  for (const auto& [name, value] : attributes) {
    if (const auto* i = std::get_if<std::int64_t>(&value))
      h5::set_attribute(file, name, *i);
    else
      h5::set_attribute(file, name, std::get<std::string>(value));
  }
}

}  // namespace basketgap::io
