// Thin RAII over the HDF5 C API (parallel HDF5 through MPI-IO). Every failure throws
// basketgap::Error naming the file and dataset, with the exit code of a data or I/O error.
// HDF5 is not thread-safe here: call this from one thread per rank, never inside TBB tasks.
#pragma once

#include <hdf5.h>
#include <mpi.h>

#include <cstdint>
#include <exception>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "io/errors.hpp"

namespace basketgap::io::h5 {

// A chunked dataset's chunks hold ~1 MiB of its elements: good compression, cheap reads.
constexpr hsize_t kChunkBytes = 1u << 20;

// True when `id` is (an object of) a file opened through MPI-IO; false for property lists,
// dataspaces, types and files opened by this process alone.
bool on_parallel_file(hid_t id);

// Whether a file created for parallel writing was left open by an error (its handle kept while
// unwinding): MPI_Finalize would have HDF5 close it collectively, and on a full disk that close
// hangs the ranks, so the job ends through MPI_Abort instead.
bool parallel_write_left_open();

// An owned hid_t closed with the function that matches its kind.
class Handle {
 public:
  using Closer = herr_t (*)(hid_t);
  Handle() = default;
  Handle(hid_t id, Closer closer) : id_(id), closer_(closer) {}
  Handle(Handle&& other) noexcept : id_(other.id_), closer_(other.closer_) { other.id_ = -1; }
  Handle& operator=(Handle&& other) noexcept {
    if (this != &other) {
      reset();
      id_ = other.id_;
      closer_ = other.closer_;
      other.id_ = -1;
    }
    return *this;
  }
  Handle(const Handle&) = delete;
  Handle& operator=(const Handle&) = delete;
  // Never closes an object of a file opened through MPI-IO while an exception unwinds: such a
  // close is collective, and a rank unwinding an error alone would wait in it forever for the
  // others (which wait for it in their next collective). The handle is left to the process's
  // end; main() ends the job (MPI_Abort when the error was not seen by every rank).
  ~Handle() {
    if (std::uncaught_exceptions() > 0 && on_parallel_file(id_)) return;
    reset();
  }

  hid_t id() const { return id_; }
  bool valid() const { return id_ >= 0; }
  void reset() {
    if (id_ >= 0 && closer_) closer_(id_);
    id_ = -1;
  }
  void release() { id_ = -1; }  // forget the id without closing it (already closed)

 private:
  hid_t id_ = -1;
  Closer closer_ = nullptr;
};

// The HDF5 memory/file type of a scalar T.
template <typename T>
hid_t native_type() {
  if constexpr (std::is_same_v<T, std::int8_t>)
    return H5T_NATIVE_INT8;
  else if constexpr (std::is_same_v<T, std::uint8_t>)
    return H5T_NATIVE_UINT8;
  else if constexpr (std::is_same_v<T, std::int16_t>)
    return H5T_NATIVE_INT16;
  else if constexpr (std::is_same_v<T, std::int32_t>)
    return H5T_NATIVE_INT32;
  else if constexpr (std::is_same_v<T, std::uint32_t>)
    return H5T_NATIVE_UINT32;
  else if constexpr (std::is_same_v<T, std::int64_t>)
    return H5T_NATIVE_INT64;
  else if constexpr (std::is_same_v<T, std::uint64_t>)
    return H5T_NATIVE_UINT64;
  else if constexpr (std::is_same_v<T, float>)
    return H5T_NATIVE_FLOAT;
  else if constexpr (std::is_same_v<T, double>)
    return H5T_NATIVE_DOUBLE;
  else
    static_assert(sizeof(T) == 0, "no HDF5 type for T");
}

class File {
 public:
  // Collective over `comm`: creates `path` (truncating) for parallel writing.
  static File create_parallel(const std::string& path, MPI_Comm comm);
  // Opens for reading by this process alone (no MPI-IO); throws a one-line error when the
  // file is missing, truncated or not HDF5.
  static File open_read(const std::string& path);
  // Collective over `comm`: opens for parallel reading.
  static File open_read_parallel(const std::string& path, MPI_Comm comm);

  File(File&&) noexcept = default;
  File& operator=(File&&) noexcept = default;
  ~File();

  hid_t id() const { return handle_.id(); }
  const std::string& path() const { return path_; }
  void close();  // releases the file; every dataset handle must be gone

 private:
  File(Handle h, std::string path, bool parallel)
      : handle_(std::move(h)), path_(std::move(path)), parallel_(parallel) {}
  Handle handle_;
  std::string path_;
  bool parallel_ = false;  // opened through MPI-IO: listed as such while open
};

bool exists(const File& file, const std::string& path);

class Dataset {
 public:
  Dataset() = default;  // an empty handle, e.g. to release a dataset before closing the file
  // Creates a chunked, shuffled and deflated dataset of `dims` (1 or 2 dims) of scalar T.
  template <typename T>
  static Dataset create(const File& file, const std::string& name, std::vector<hsize_t> dims) {
    return create_typed(file, name, native_type<T>(), std::move(dims), true);
  }
  // Fixed-length string dataset (NUL-padded) holding `count` strings of up to `width` bytes.
  static Dataset create_strings(const File& file, const std::string& name, hsize_t count, std::size_t width);
  static Dataset open(const File& file, const std::string& name);

  const std::string& name() const { return name_; }
  const std::string& file_name() const { return file_; }
  hid_t id() const { return handle_.id(); }
  std::vector<hsize_t> dims() const;
  hsize_t size() const;  // number of elements along dim 0

  // Collective write of rows [offset, offset + count) along dim 0 (count may be 0 on some
  // ranks; every rank must call). `values` holds count * row_width elements.
  template <typename T>
  void write_rows(hsize_t offset, std::span<const T> values) {
    write_raw(native_type<T>(), offset, values.data(), values.size());
  }
  void write_strings_rows(hsize_t offset, const std::vector<std::string>& values);

  // Independent read of rows [offset, offset + count).
  template <typename T>
  std::vector<T> read_rows(hsize_t offset, hsize_t count) const {
    check_type_class(std::is_floating_point_v<T> ? H5T_FLOAT : H5T_INTEGER);
    std::vector<T> out(count * row_width());
    read_raw(native_type<T>(), offset, count, out.data());
    return out;
  }
  template <typename T>
  std::vector<T> read_all() const {
    return read_rows<T>(0, size());
  }
  std::vector<std::string> read_strings() const;

 private:
  Dataset(Handle h, std::string file, std::string name)
      : handle_(std::move(h)), file_(std::move(file)), name_(std::move(name)) {}
  static Dataset create_typed(const File& file, const std::string& name, hid_t type,
                              std::vector<hsize_t> dims, bool compress);
  hsize_t row_width() const;
  void write_raw(hid_t mem_type, hsize_t offset, const void* data, std::size_t elements);
  void read_raw(hid_t mem_type, hsize_t offset, hsize_t count, void* out) const;
  void check_type_class(H5T_class_t expected) const;
  [[noreturn]] void fail(const std::string& what) const;

  Handle handle_;
  std::string file_;
  std::string name_;
};

// Attributes on the root group (or any object path) of a file.
void set_attribute(const File& file, const std::string& name, std::int64_t value);
void set_attribute(const File& file, const std::string& name, const std::string& value);
void set_attribute(const File& file, const std::string& name, double value);
double get_double_attribute(const File& file, const std::string& name);
bool has_attribute(const File& file, const std::string& name);
std::int64_t get_int_attribute(const File& file, const std::string& name);
std::string get_string_attribute(const File& file, const std::string& name);

}  // namespace basketgap::io::h5
