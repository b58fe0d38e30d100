// Purchase histories as the kernels see them: a block of consecutive households in CSR form,
// rows sorted by household then day (the store's order). Indices are dense (0-based).
#pragma once

#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace basketgap::engine {

// Rows take 4 bytes: the product as 16 bits (32 once a product index exceeds 65,535: a
// grocer's active range is usually below that), and the day as a 15-bit offset from
// `day_base` whose top bit marks the first row of a basket. The kernels only need to know
// where baskets start, and at a billion rows every byte a row is a gigabyte.
class HistoryBlock {
 public:
  static constexpr std::int32_t kMaxDaySpan = 0x7FFF;  // last day - day_base, at most (~89 years)

  std::int64_t first_household = 0;      // global dense index of local household 0
  std::vector<std::int64_t> offsets{0};  // households() + 1 entries, local rows

  explicit HistoryBlock(std::int32_t day_base = 0) : day_base_(day_base) {}

  std::int64_t households() const { return static_cast<std::int64_t>(offsets.size()) - 1; }
  std::int64_t rows() const { return offsets.back(); }
  std::int64_t begin(std::int64_t local) const { return offsets[local]; }
  std::int64_t end(std::int64_t local) const { return offsets[local + 1]; }

  std::int32_t day_base() const { return day_base_; }
  std::int32_t day(std::int64_t r) const { return day_base_ + (day_[r] & kDayMask); }
  std::int32_t product(std::int64_t r) const { return wide_ ? product32_[r] : product16_[r]; }
  // True on the first row of each basket (rows of a basket are consecutive, in store order).
  bool opens_basket(std::int64_t r) const { return (day_[r] & kBasketFlag) != 0; }

  // Building: the rows of each household in store order, then end_household() (or set the
  // offsets yourself and append exactly that many rows). Throws std::out_of_range for a day
  // outside [day_base, day_base + kMaxDaySpan] or a negative product.
  void reserve_rows(std::int64_t rows);
  void add_row(std::int32_t day, std::int32_t product, bool opens_basket);
  void end_household() { offsets.push_back(static_cast<std::int64_t>(day_.size())); }

  // The same households restricted to rows with day <= as_of, or to rows with
  // after < day <= last_day (the truth of a backtest).
  HistoryBlock up_to(std::int32_t as_of) const;
  HistoryBlock window(std::int32_t after, std::int32_t last_day) const;

 private:
  static constexpr std::uint16_t kDayMask = 0x7FFF;
  static constexpr std::uint16_t kBasketFlag = 0x8000;
  static constexpr std::int32_t kNarrowProducts = 0xFFFF;  // the largest index in 16 bits
  void widen_products();

  std::int32_t day_base_;
  std::vector<std::uint16_t> day_;
  bool wide_ = false;                     // products in product32_ instead of product16_
  std::vector<std::uint16_t> product16_;  // while every index fits
  std::vector<std::int32_t> product32_;
};

// K recommendation slots per household, row-major [households x k]; product -1 = empty slot.
enum class Reason : std::uint8_t {
  none = 0,
  replenish = 1,   // bought on a cycle and due now
  win_back = 2,    // a lapsed favourite: long overdue against its cycle
  cross_sell = 3,  // new to the household, goes with what it buys
  popular = 4,     // fallback: popular with everyone
  repeat = 5,      // bought often, not specially due
  event = 6,       // an event slot (e.g. birthday month)
};
inline constexpr int kReasonCount = 7;
const char* reason_name(Reason reason);

struct CouponTable {
  int k = 12;
  std::vector<std::int32_t> product;  // dense product index, -1 empty
  std::vector<float> score;
  std::vector<std::uint8_t> reason;  // Reason
  std::vector<std::int32_t> source;  // cross-sell trigger (dense product), -1 otherwise

  explicit CouponTable(int k_ = 12, std::int64_t households = 0) { resize(k_, households); }
  void resize(int k_, std::int64_t households);
  void clear_row(std::int64_t row);  // back to empty slots, as resize leaves them
  std::int64_t households() const { return k ? static_cast<std::int64_t>(product.size()) / k : 0; }
  std::span<const std::int32_t> products_of(std::int64_t h) const {
    return {product.data() + h * k, static_cast<std::size_t>(k)};
  }
};

}  // namespace basketgap::engine
