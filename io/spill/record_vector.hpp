// A vector of spill records whose resize default-initialises the new records (only their
// member initialisers run) instead of zero-filling them: SpillReader decodes a whole block over
// them at once, and the zero fill before it was ~4 % of ingest (a memset of every row, three
// times). Otherwise a std::vector.
#pragma once

#include <memory>
#include <new>
#include <type_traits>
#include <utility>
#include <vector>

namespace basketgap::io {

template <typename T>
struct DefaultInitAllocator : std::allocator<T> {
  template <typename U>
  struct rebind {
    using other = DefaultInitAllocator<U>;
  };
  DefaultInitAllocator() = default;
  template <typename U>
  DefaultInitAllocator(const DefaultInitAllocator<U>&) noexcept {}

  template <typename U>
  void construct(U* p) noexcept(std::is_nothrow_default_constructible_v<U>) {
    ::new (static_cast<void*>(p)) U;  // default-, not value-initialised
  }
  template <typename U, typename... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};

template <typename T>
using RecordVector = std::vector<T, DefaultInitAllocator<T>>;

}  // namespace basketgap::io
