// An open-addressing hash map from external id (int64 >= 0) to int64, for per-row lookups such
// as ingest's (products seen while parsing, product -> dense index while routing), where
// std::unordered_map's node per entry and pointer chase cost more than the parse of a field.
#pragma once

#include <cstdint>
#include <vector>

namespace basketgap::engine {

class IdMap {
 public:
  explicit IdMap(std::size_t expected = 1024) { rehash(capacity_for(expected)); }

  // The value of `id`, inserted as `fresh` when absent.
  std::int64_t& at_or_insert(std::int64_t id, std::int64_t fresh = 0) {
    std::size_t slot = find_slot(id);
    if (keys_[slot] == kEmpty) {
      if ((size_ + 1) * 2 > keys_.size()) {  // keep the load under 1/2: short probes
        rehash(keys_.size() * 2);
        slot = find_slot(id);
      }
      keys_[slot] = id;
      values_[slot] = fresh;
      ++size_;
    }
    return values_[slot];
  }
  // The value of `id`, which must be present.
  std::int64_t get(std::int64_t id) const { return values_[find_slot(id)]; }

  std::size_t size() const { return size_; }
  // Every id, in no particular order.
  std::vector<std::int64_t> keys() const {
    std::vector<std::int64_t> out;
    out.reserve(size_);
    for (std::int64_t k : keys_)
      if (k != kEmpty) out.push_back(k);
    return out;
  }

 private:
  static constexpr std::int64_t kEmpty = -1;  // ids are never negative (parse rejects them)
  static std::size_t capacity_for(std::size_t n) {
    std::size_t c = 16;
    while (c < 2 * n) c *= 2;
    return c;
  }
  std::size_t find_slot(std::int64_t id) const {
    const std::size_t mask = keys_.size() - 1;
    // Fibonacci hashing: consecutive ids spread over the table.
    std::size_t slot = (static_cast<std::uint64_t>(id) * 0x9E3779B97F4A7C15ull) >> shift_;
    while (keys_[slot] != kEmpty && keys_[slot] != id) slot = (slot + 1) & mask;
    return slot;
  }
  void rehash(std::size_t capacity) {
    std::vector<std::int64_t> old_keys = std::move(keys_), old_values = std::move(values_);
    keys_.assign(capacity, kEmpty);
    values_.assign(capacity, 0);
    shift_ = 64;
    for (std::size_t c = capacity; c > 1; c >>= 1) --shift_;
    size_ = 0;
    for (std::size_t i = 0; i < old_keys.size(); ++i)
      if (old_keys[i] != kEmpty) at_or_insert(old_keys[i], old_values[i]);
  }

  std::vector<std::int64_t> keys_, values_;
  std::size_t size_ = 0;
  int shift_ = 64;
};

}  // namespace basketgap::engine
