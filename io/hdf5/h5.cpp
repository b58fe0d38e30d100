#include "io/hdf5/h5.hpp"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>

#include "io/hdf5/deflate.hpp"

namespace basketgap::io::h5 {
namespace {

// The innermost message of HDF5's error stack, e.g. "file signature not found".
std::string hdf5_reason() {
  std::string reason;
  H5Ewalk2(
      H5E_DEFAULT, H5E_WALK_DOWNWARD,
      [](unsigned, const H5E_error2_t* e, void* out) -> herr_t {
        auto* text = static_cast<std::string*>(out);
        if (e->desc && *e->desc) *text = e->desc;
        return 0;
      },
      &reason);
  H5Eclear2(H5E_DEFAULT);
  return reason.empty() ? "HDF5 error" : reason;
}

Handle check(hid_t id, Handle::Closer closer, ExitCode code, const std::string& what) {
  if (id < 0) throw Error(code, what + ": " + hdf5_reason());
  return Handle(id, closer);
}

// True when the object's file was opened through MPI-IO (collective transfers allowed).
bool uses_mpio(hid_t object) {
  Handle file(H5Iget_file_id(object), H5Fclose);
  Handle fapl(H5Fget_access_plist(file.id()), H5Pclose);
  return H5Pget_driver(fapl.id()) == H5FD_MPIO;
}

Handle dataspace(const std::vector<hsize_t>& dims) {
  return check(H5Screate_simple(static_cast<int>(dims.size()), dims.data(), nullptr), H5Sclose, exit_internal,
               "H5Screate_simple");
}

}  // namespace

namespace {
// Names of the files this process has open through MPI-IO. Asking HDF5 for a file's driver
// (H5Fget_access_plist) duplicates its communicator: a collective call, unusable here.
std::multiset<std::string>& parallel_files() {
  static std::multiset<std::string> names;
  return names;
}

// The same for the files created for writing (a subset).
std::multiset<std::string>& parallel_writes() {
  static std::multiset<std::string> names;
  return names;
}

void forget_parallel_file(const std::string& path) {
  for (std::multiset<std::string>* names : {&parallel_files(), &parallel_writes()}) {
    const auto it = names->find(path);
    if (it != names->end()) names->erase(it);
  }
}
}  // namespace

bool parallel_write_left_open() { return !parallel_writes().empty(); }

bool on_parallel_file(hid_t id) {
  if (id < 0 || parallel_files().empty()) return false;
  const ssize_t size = H5Fget_name(id, nullptr, 0);  // local: the name kept with the file
  if (size <= 0) {
    H5Eclear2(H5E_DEFAULT);  // a property list, dataspace or type: no file
    return false;
  }
  std::string name(static_cast<std::size_t>(size) + 1, '\0');
  H5Fget_name(id, name.data(), name.size());
  name.resize(static_cast<std::size_t>(size));
  return parallel_files().count(name) > 0;
}

namespace {

// Silences HDF5's own error printing once per process: we report errors ourselves.
void quiet_hdf5_errors() {
  static bool done = false;
  if (!done) H5Eset_auto2(H5E_DEFAULT, nullptr, nullptr);
  done = true;
}

}  // namespace

File File::create_parallel(const std::string& path, MPI_Comm comm) {
  quiet_hdf5_errors();
  use_fast_deflate();
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_mpio(fapl.id(), comm, MPI_INFO_NULL);
  // Metadata operations are collective anyway; this lets HDF5 batch them.
  H5Pset_coll_metadata_write(fapl.id(), true);
  // The 1.10 file format checksums every metadata block (superblock, object headers with their
  // attributes, chunk indexes), so a damaged header is refused with a clear error instead of
  // being decoded: fuzzing found reads past HDF5's buffers on damaged v1 object headers.
  H5Pset_libver_bounds(fapl.id(), H5F_LIBVER_V110, H5F_LIBVER_V110);
  Handle f = check(H5Fcreate(path.c_str(), H5F_ACC_TRUNC, H5P_DEFAULT, fapl.id()), H5Fclose, exit_cant_create,
                   path + ": cannot create HDF5 file");
  parallel_files().insert(path);
  parallel_writes().insert(path);
  return File(std::move(f), path, true);
}

namespace {
// A missing or unreadable file is an input problem (66), not a damaged one: H5Fis_hdf5 says
// "not HDF5" for a file it may not read.
void check_readable(const std::string& path) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    if (error) throw Error(exit_no_input, path + ": cannot read: " + error.message());
    throw Error(exit_no_input, path + ": no such file");
  }
  if (::access(path.c_str(), R_OK) != 0)
    throw Error(exit_no_input, path + ": cannot read: " + std::strerror(errno));
  if (std::filesystem::is_directory(path, error))  // a store's segments folder given for the store?
    throw Error(exit_no_input, path + ": is a folder, not an HDF5 file");
}
}  // namespace

File File::open_read(const std::string& path) {
  quiet_hdf5_errors();
  check_readable(path);
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw Error(exit_data, path + ": not an HDF5 file (or truncated/corrupt)");
  Handle f = check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT), H5Fclose, exit_data,
                   path + ": cannot open HDF5 file");
  return File(std::move(f), path, false);
}

File File::open_read_parallel(const std::string& path, MPI_Comm comm) {
  quiet_hdf5_errors();
  check_readable(path);
  if (H5Fis_hdf5(path.c_str()) <= 0)
    throw Error(exit_data, path + ": not an HDF5 file (or truncated/corrupt)");
  Handle fapl(H5Pcreate(H5P_FILE_ACCESS), H5Pclose);
  H5Pset_fapl_mpio(fapl.id(), comm, MPI_INFO_NULL);
  Handle f = check(H5Fopen(path.c_str(), H5F_ACC_RDONLY, fapl.id()), H5Fclose, exit_data,
                   path + ": cannot open HDF5 file");
  parallel_files().insert(path);
  return File(std::move(f), path, true);
}

File::~File() {
  // Unwinding on a parallel file: the handle is left open (see Handle), so it stays listed.
  if (handle_.valid() && parallel_ && std::uncaught_exceptions() == 0) forget_parallel_file(path_);
}

void File::close() {
  if (!handle_.valid()) return;
  const herr_t closed = H5Fclose(handle_.id());
  handle_.release();
  // A parallel file whose close failed stays listed: HDF5 still holds it, and MPI_Finalize
  // would close it again (a crash) — the job ends through MPI_Abort instead (jobs/main).
  if (closed < 0) throw Error(exit_io, path_ + ": closing the file failed: " + hdf5_reason());
  if (parallel_) forget_parallel_file(path_);
}

bool exists(const File& file, const std::string& path) {
  // Check each prefix: H5Lexists fails on a missing intermediate group.
  std::size_t pos = 0;
  while ((pos = path.find('/', pos + 1)) != std::string::npos) {
    if (H5Lexists(file.id(), path.substr(0, pos).c_str(), H5P_DEFAULT) <= 0) return false;
  }
  return H5Lexists(file.id(), path.c_str(), H5P_DEFAULT) > 0;
}

namespace {

// Creates the groups of `path` ("/a/b") that do not exist yet. Collective when parallel.
void ensure_groups(const File& file, const std::string& path) {
  std::size_t pos = 0;
  while (pos != std::string::npos) {
    pos = path.find('/', pos + 1);
    const std::string prefix = path.substr(0, pos);
    if (prefix.empty() || prefix == "/") continue;
    if (H5Lexists(file.id(), prefix.c_str(), H5P_DEFAULT) > 0) continue;
    check(H5Gcreate2(file.id(), prefix.c_str(), H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT), H5Gclose, exit_io,
          file.path() + ": cannot create group " + prefix);
  }
}

}  // namespace

Dataset Dataset::create_typed(const File& file, const std::string& name, hid_t type,
                              std::vector<hsize_t> dims, bool compress) {
  const auto slash = name.rfind('/');
  if (slash != std::string::npos && slash > 0) ensure_groups(file, name.substr(0, slash));
  Handle space = dataspace(dims);
  Handle dcpl(H5Pcreate(H5P_DATASET_CREATE), H5Pclose);
  hsize_t row_elems = 1;
  for (std::size_t i = 1; i < dims.size(); ++i) row_elems *= dims[i];
  if (compress && dims[0] > 0) {
    const hsize_t bytes_per_row = row_elems * H5Tget_size(type);
    std::vector<hsize_t> chunk = dims;
    chunk[0] = std::clamp<hsize_t>(kChunkBytes / std::max<hsize_t>(bytes_per_row, 1), 1, dims[0]);
    H5Pset_chunk(dcpl.id(), static_cast<int>(chunk.size()), chunk.data());
    H5Pset_shuffle(dcpl.id());
    H5Pset_deflate(dcpl.id(), 1);
  }
  // Never write fill values: every element is written once, collectively.
  H5Pset_fill_time(dcpl.id(), H5D_FILL_TIME_NEVER);
  H5Pset_alloc_time(dcpl.id(), H5D_ALLOC_TIME_EARLY);
  Handle ds =
      check(H5Dcreate2(file.id(), name.c_str(), type, space.id(), H5P_DEFAULT, dcpl.id(), H5P_DEFAULT),
            H5Dclose, exit_io, file.path() + ": cannot create dataset " + name);
  return Dataset(std::move(ds), file.path(), name);
}

Dataset Dataset::create_strings(const File& file, const std::string& name, hsize_t count, std::size_t width) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), std::max<std::size_t>(width, 1));
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  return create_typed(file, name, type.id(), {count}, false);
}

Dataset Dataset::open(const File& file, const std::string& name) {
  if (!exists(file, name)) throw Error(exit_data, file.path() + ": missing dataset " + name);
  Handle ds = check(H5Dopen2(file.id(), name.c_str(), H5P_DEFAULT), H5Dclose, exit_data,
                    file.path() + ": cannot open dataset " + name);
  return Dataset(std::move(ds), file.path(), name);
}

void Dataset::fail(const std::string& what) const {
  throw Error(exit_io, file_ + ": dataset " + name_ + ": " + what + ": " + hdf5_reason());
}

std::vector<hsize_t> Dataset::dims() const {
  Handle space(H5Dget_space(handle_.id()), H5Sclose);
  const int rank = H5Sget_simple_extent_ndims(space.id());
  std::vector<hsize_t> d(std::max(rank, 0));
  H5Sget_simple_extent_dims(space.id(), d.data(), nullptr);
  return d;
}

hsize_t Dataset::size() const {
  const auto d = dims();
  return d.empty() ? 0 : d[0];
}

hsize_t Dataset::row_width() const {
  const auto d = dims();
  hsize_t w = 1;
  for (std::size_t i = 1; i < d.size(); ++i) w *= d[i];
  return w;
}

void Dataset::check_type_class(H5T_class_t expected) const {
  Handle type(H5Dget_type(handle_.id()), H5Tclose);
  if (H5Tget_class(type.id()) != expected)
    throw Error(exit_data, file_ + ": dataset " + name_ + " has an unexpected type");
  // A damaged type header (found by fuzzing: a 1032-byte "integer") overflows HDF5's own
  // conversion buffers; no number this project writes is wider than 8 bytes.
  if (expected != H5T_STRING) {
    const std::size_t bytes = H5Tget_size(type.id());
    const std::size_t bits = H5Tget_precision(type.id());
    if (bytes == 0 || bytes > 8 || bits == 0 || bits > 8 * bytes)
      throw Error(exit_data, file_ + ": dataset " + name_ + " has a damaged type (" + std::to_string(bytes) +
                                 " bytes, " + std::to_string(bits) + " bits)");
  }
}

void Dataset::write_raw(hid_t mem_type, hsize_t offset, const void* data, std::size_t elements) {
  const auto d = dims();
  if (d.empty() || d[0] == 0) return;  // nothing to write on any rank (same dims everywhere)
  const hsize_t width = row_width();
  if (width == 0 || elements % width != 0) fail("row width mismatch");
  std::vector<hsize_t> start(d.size(), 0), count = d;
  start[0] = offset;
  count[0] = elements / width;
  if (offset + count[0] > d[0]) fail("write past the end");
  Handle file_space(H5Dget_space(handle_.id()), H5Sclose);
  Handle mem_space = dataspace({std::max<hsize_t>(elements, 1)});
  if (elements == 0) {
    H5Sselect_none(file_space.id());
    H5Sselect_none(mem_space.id());
  } else {
    H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, count.data(), nullptr);
  }
  Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id(), H5FD_MPIO_COLLECTIVE);
  // A file opened without MPI-IO rejects the collective property; fall back to the default.
  const bool mpio = uses_mpio(handle_.id());
  if (H5Dwrite(handle_.id(), mem_type, mem_space.id(), file_space.id(), mpio ? dxpl.id() : H5P_DEFAULT,
               data) < 0)
    fail("write failed");
}

void Dataset::read_raw(hid_t mem_type, hsize_t offset, hsize_t count, void* out) const {
  const auto d = dims();
  if (offset + count > (d.empty() ? 0 : d[0])) fail("read past the end");
  if (count == 0) return;
  std::vector<hsize_t> start(d.size(), 0), cnt = d;
  start[0] = offset;
  cnt[0] = count;
  Handle file_space(H5Dget_space(handle_.id()), H5Sclose);
  H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, start.data(), nullptr, cnt.data(), nullptr);
  hsize_t elements = count * row_width();
  Handle mem_space = dataspace({elements});
  if (H5Dread(handle_.id(), mem_type, mem_space.id(), file_space.id(), H5P_DEFAULT, out) < 0)
    throw Error(exit_data,
                file_ + ": dataset " + name_ + ": read failed (truncated or corrupt?): " + hdf5_reason());
}

void Dataset::write_strings_rows(hsize_t offset, const std::vector<std::string>& values) {
  Handle type(H5Dget_type(handle_.id()), H5Tclose);
  const std::size_t width = H5Tget_size(type.id());
  std::vector<char> buf(values.size() * width, '\0');
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (values[i].size() > width) fail("string longer than the dataset width");
    std::memcpy(buf.data() + i * width, values[i].data(), values[i].size());
  }
  const auto d = dims();
  if (d[0] == 0) return;  // nothing to write on any rank
  if (offset + values.size() > d[0]) fail("write past the end");
  Handle file_space(H5Dget_space(handle_.id()), H5Sclose);
  Handle mem_space = dataspace({std::max<hsize_t>(values.size(), 1)});
  if (values.empty()) {
    H5Sselect_none(file_space.id());
    H5Sselect_none(mem_space.id());
  } else {
    hsize_t start = offset, count = values.size();
    H5Sselect_hyperslab(file_space.id(), H5S_SELECT_SET, &start, nullptr, &count, nullptr);
  }
  Handle dxpl(H5Pcreate(H5P_DATASET_XFER), H5Pclose);
  H5Pset_dxpl_mpio(dxpl.id(), H5FD_MPIO_COLLECTIVE);
  const bool mpio = uses_mpio(handle_.id());
  if (H5Dwrite(handle_.id(), type.id(), mem_space.id(), file_space.id(), mpio ? dxpl.id() : H5P_DEFAULT,
               buf.data()) < 0)
    fail("write failed");
}

std::vector<std::string> Dataset::read_strings() const {
  check_type_class(H5T_STRING);
  Handle type(H5Dget_type(handle_.id()), H5Tclose);
  if (H5Tis_variable_str(type.id()) > 0) fail("variable-length strings are not supported");
  const std::size_t width = H5Tget_size(type.id());
  const hsize_t n = size();
  std::vector<char> buf(n * width + 1, '\0');
  if (n > 0 && H5Dread(handle_.id(), type.id(), H5S_ALL, H5S_ALL, H5P_DEFAULT, buf.data()) < 0)
    throw Error(exit_data, file_ + ": dataset " + name_ + ": read failed: " + hdf5_reason());
  std::vector<std::string> out(n);
  for (hsize_t i = 0; i < n; ++i) {
    const char* s = buf.data() + i * width;
    out[i].assign(s, strnlen(s, width));
  }
  return out;
}

// --- attributes ---------------------------------------------------------------------------

namespace {
void write_attribute(const File& file, const std::string& name, hid_t type, const void* value) {
  if (H5Aexists(file.id(), name.c_str()) > 0) H5Adelete(file.id(), name.c_str());
  Handle space(H5Screate(H5S_SCALAR), H5Sclose);
  Handle attr = check(H5Acreate2(file.id(), name.c_str(), type, space.id(), H5P_DEFAULT, H5P_DEFAULT),
                      H5Aclose, exit_io, file.path() + ": cannot create attribute " + name);
  if (H5Awrite(attr.id(), type, value) < 0)
    throw Error(exit_io, file.path() + ": cannot write attribute " + name + ": " + hdf5_reason());
}

Handle open_attribute(const File& file, const std::string& name) {
  if (H5Aexists(file.id(), name.c_str()) <= 0)
    throw Error(exit_data, file.path() + ": missing attribute " + name);
  return check(H5Aopen(file.id(), name.c_str(), H5P_DEFAULT), H5Aclose, exit_data,
               file.path() + ": cannot open attribute " + name);
}
}  // namespace

void set_attribute(const File& file, const std::string& name, std::int64_t value) {
  write_attribute(file, name, H5T_NATIVE_INT64, &value);
}

void set_attribute(const File& file, const std::string& name, const std::string& value) {
  Handle type(H5Tcopy(H5T_C_S1), H5Tclose);
  H5Tset_size(type.id(), std::max<std::size_t>(value.size(), 1));
  H5Tset_strpad(type.id(), H5T_STR_NULLPAD);
  H5Tset_cset(type.id(), H5T_CSET_UTF8);
  std::string padded = value.empty() ? std::string(1, '\0') : value;
  write_attribute(file, name, type.id(), padded.data());
}

void set_attribute(const File& file, const std::string& name, double value) {
  write_attribute(file, name, H5T_NATIVE_DOUBLE, &value);
}

double get_double_attribute(const File& file, const std::string& name) {
  Handle attr = open_attribute(file, name);
  double value = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_DOUBLE, &value) < 0)
    throw Error(exit_data, file.path() + ": attribute " + name + " is not a number");
  return value;
}

bool has_attribute(const File& file, const std::string& name) {
  return H5Aexists(file.id(), name.c_str()) > 0;
}

std::int64_t get_int_attribute(const File& file, const std::string& name) {
  Handle attr = open_attribute(file, name);
  std::int64_t value = 0;
  if (H5Aread(attr.id(), H5T_NATIVE_INT64, &value) < 0)
    throw Error(exit_data, file.path() + ": attribute " + name + " is not an integer");
  return value;
}

std::string get_string_attribute(const File& file, const std::string& name) {
  Handle attr = open_attribute(file, name);
  Handle type(H5Aget_type(attr.id()), H5Tclose);
  if (H5Tget_class(type.id()) != H5T_STRING)
    throw Error(exit_data, file.path() + ": attribute " + name + " is not a string");
  if (H5Tis_variable_str(type.id()) > 0) {
    char* text = nullptr;
    Handle mem(H5Tcopy(H5T_C_S1), H5Tclose);
    H5Tset_size(mem.id(), H5T_VARIABLE);
    if (H5Aread(attr.id(), mem.id(), &text) < 0 || !text)
      throw Error(exit_data, file.path() + ": attribute " + name + " cannot be read");
    std::string out(text);
    H5free_memory(text);
    return out;
  }
  const std::size_t width = H5Tget_size(type.id());
  std::string buf(width, '\0');
  if (H5Aread(attr.id(), type.id(), buf.data()) < 0)
    throw Error(exit_data, file.path() + ": attribute " + name + " cannot be read");
  buf.resize(strnlen(buf.data(), width));
  return buf;
}

}  // namespace basketgap::io::h5
