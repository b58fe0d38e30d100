// External ids <-> dense indices. Every file carries its ids in ascending order (the store's
// /households/id and /products/id), so an id's dense index is its position in that list, found
// by binary search. A view: the ids stay owned by whoever read them.
#pragma once

#include <algorithm>
#include <cstdint>
#include <span>

namespace basketgap::engine {

class IdDictionary {
 public:
  IdDictionary() = default;
  // `ascending_ids` must be strictly ascending (see is_strictly_ascending) and outlive this.
  explicit IdDictionary(std::span<const std::int64_t> ascending_ids) : ids_(ascending_ids) {}

  std::int64_t size() const { return static_cast<std::int64_t>(ids_.size()); }
  std::int64_t id_of(std::int64_t index) const { return ids_[static_cast<std::size_t>(index)]; }
  // The dense index of `id`, or -1 when the dictionary does not hold it.
  std::int64_t index_of(std::int64_t id) const {
    const auto it = std::lower_bound(ids_.begin(), ids_.end(), id);
    return it != ids_.end() && *it == id ? it - ids_.begin() : -1;
  }
  bool contains(std::int64_t id) const { return index_of(id) >= 0; }
  std::span<const std::int64_t> ids() const { return ids_; }

 private:
  std::span<const std::int64_t> ids_;
};

inline bool is_strictly_ascending(std::span<const std::int64_t> ids) {
  return std::adjacent_find(ids.begin(), ids.end(), [](std::int64_t a, std::int64_t b) { return a >= b; }) ==
         ids.end();
}

}  // namespace basketgap::engine
