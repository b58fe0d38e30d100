// Purchase histories as the kernels see them: a block of consecutive households in CSR form,
// rows sorted by household then day (the store's order). Indices are dense (0-based).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace basketgap::engine {

struct HistoryBlock {
  std::int64_t first_household = 0;  // global dense index of local household 0
  std::vector<std::int64_t> offsets{0};  // households() + 1 entries, local rows
  std::vector<std::int32_t> day;
  std::vector<std::int32_t> product;
  // Basket ordinal within its household (0, 1, 2 ... in store order), not the external id:
  // the kernels only compare baskets, and 4 bytes a row matter at a billion rows.
  std::vector<std::int32_t> basket;

  std::int64_t households() const { return static_cast<std::int64_t>(offsets.size()) - 1; }
  std::int64_t rows() const { return offsets.back(); }
  std::int64_t begin(std::int64_t local) const { return offsets[local]; }
  std::int64_t end(std::int64_t local) const { return offsets[local + 1]; }

  // The same households restricted to rows with day <= as_of (split = false) or to rows with
  // as_of < day <= as_of + window (the truth of a backtest).
  HistoryBlock up_to(std::int32_t as_of) const;
  HistoryBlock window(std::int32_t after, std::int32_t last_day) const;
};

// K recommendation slots per household, row-major [households x k]; product -1 = empty slot.
enum class Reason : std::uint8_t {
  none = 0,
  replenish = 1,      // bought on a cycle and due now
  win_back = 2,       // a lapsed favourite: long overdue against its cycle
  cross_sell = 3,     // new to the household, goes with what it buys
  popular = 4,        // fallback: popular with everyone
  repeat = 5,         // bought often, not specially due
  event = 6,          // an event slot (e.g. birthday month)
};
inline constexpr int kReasonCount = 7;
const char* reason_name(Reason reason);

struct CouponTable {
  int k = 12;
  std::vector<std::int32_t> product;  // dense product index, -1 empty
  std::vector<float> score;
  std::vector<std::uint8_t> reason;   // Reason
  std::vector<std::int32_t> source;   // cross-sell trigger (dense product), -1 otherwise

  explicit CouponTable(int k_ = 12, std::int64_t households = 0) { resize(k_, households); }
  void resize(int k_, std::int64_t households);
  std::int64_t households() const { return k ? static_cast<std::int64_t>(product.size()) / k : 0; }
  std::span<const std::int32_t> products_of(std::int64_t h) const {
    return {product.data() + h * k, static_cast<std::size_t>(k)};
  }
};

}  // namespace basketgap::engine
