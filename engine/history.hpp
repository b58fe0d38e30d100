// Purchase histories as the kernels see them: a block of consecutive households in CSR form,
// rows sorted by household then day (the store's order). Indices are dense (0-based).
#pragma once

#include <algorithm>
#include <bit>
#include <cstdint>
#include <span>
#include <stdexcept>
#include <vector>

namespace basketgap::engine {

// Rows take about 2.5 bytes. The product is 16 bits (32 once a product index exceeds 65,535: a
// grocer's active range is usually below that). The day is stored once per run — the rows of one
// basket, which share their day — as a 15-bit offset from `day_base` whose top bit marks a run
// that opens a basket; a bit a row marks where runs start, and the count of runs before every 64
// rows finds a row's run with one popcount. At a billion rows every byte a row is a gigabyte, and
// baskets hold several rows each (7 on the dunnhumby file).
class HistoryBlock {
 public:
  static constexpr std::int32_t kMaxDaySpan = 0x7FFF;  // last day - day_base, at most (~89 years)

  std::int64_t first_household = 0;      // global dense index of local household 0
  std::vector<std::int64_t> offsets{0};  // households() + 1 entries, local rows

  explicit HistoryBlock(std::int32_t day_base = 0) : day_base_(day_base) {}

  std::int64_t households() const { return static_cast<std::int64_t>(offsets.size()) - 1; }
  std::int64_t rows() const { return offsets.back(); }
  // The bytes the rows and offsets take (what the vectors hold, not what they reserved).
  std::int64_t memory_bytes() const;
  std::int64_t begin(std::int64_t local) const { return offsets[local]; }
  std::int64_t end(std::int64_t local) const { return offsets[local + 1]; }

  std::int32_t day_base() const { return day_base_; }
  std::int32_t day(std::int64_t r) const { return day_base_ + (run_day_[run_of(r)] & kDayMask); }
  std::int32_t product(std::int64_t r) const { return wide_ ? product32_[r] : product16_[r]; }
  // True on the first row of each basket (rows of a basket are consecutive, in store order).
  bool opens_basket(std::int64_t r) const {
    return starts_run(r) && (run_day_[run_of(r)] & kBasketFlag) != 0;
  }

  // Rows of one household with one day in one basket, as the hot loops walk them: the day and
  // the basket start read once per run instead of once per row.
  struct DayRun {
    std::int64_t begin, end;  // rows
    std::int32_t day;
    bool opens_basket;
  };
  // Calls visit(run) for household h's runs in row order until it returns false.
  template <typename Visit>
  void for_each_run(std::int64_t h, Visit visit) const;

  // Building: the rows of each household in store order, then end_household() (or set the
  // offsets yourself and append exactly that many rows). Throws std::out_of_range for a day
  // outside [day_base, day_base + kMaxDaySpan] or a negative product.
  void reserve_rows(std::int64_t rows);
  void add_row(std::int32_t day, std::int32_t product, bool opens_basket) {
    const std::int64_t offset = static_cast<std::int64_t>(day) - day_base_;
    if (offset < 0 || offset > kMaxDaySpan || product < 0) reject_row(day, product);
    if (product > kNarrowProducts && !wide_) widen_products();
    const std::int64_t r = row_count_++;
    if ((r & 63) == 0) {
      run_starts_.push_back(0);
      runs_before_.push_back(static_cast<std::int64_t>(run_day_.size()));
    }
    // A new run where a basket opens or the day changes (a basket's rows normally share a day).
    const auto day_offset = static_cast<std::uint16_t>(offset);
    if (opens_basket || r == 0 || last_day_offset_ != day_offset) {
      run_starts_.back() |= std::uint64_t{1} << (r & 63);
      run_day_.push_back(static_cast<std::uint16_t>(day_offset | (opens_basket ? kBasketFlag : 0)));
      last_day_offset_ = day_offset;
    }
    if (wide_)
      product32_.push_back(product);
    else
      product16_.push_back(static_cast<std::uint16_t>(product));
  }
  void end_household() { offsets.push_back(row_count_); }

  // The last day of a row on or before `day` (day_base() - 1 when there is none) and the first
  // day of a row after it (INT32_MAX when there is none), in one pass over the runs. (The
  // store's last day can be a typo far ahead: what counts for an as-of is the rows around it.)
  struct DaysAround {
    std::int32_t last_up_to, first_after;
  };
  DaysAround days_around(std::int32_t day) const;

  // Sets marks[d - first] to 1 for every day d in first .. first + marks.size() - 1 with a row
  // (the shape of the days a shop sells on, which tells its usual holes from a missing night).
  void mark_days_with_rows(std::int32_t first, std::span<std::uint8_t> marks) const;

  // The same households restricted to rows with day <= as_of, or to rows with
  // after < day <= last_day (the truth of a backtest).
  HistoryBlock up_to(std::int32_t as_of) const;
  HistoryBlock window(std::int32_t after, std::int32_t last_day) const;

 private:
  static constexpr std::uint16_t kDayMask = 0x7FFF;
  static constexpr std::uint16_t kBasketFlag = 0x8000;
  static constexpr std::int32_t kNarrowProducts = 0xFFFF;  // the largest index in 16 bits
  void widen_products();
  [[noreturn]] void reject_row(std::int32_t day, std::int32_t product) const;  // std::out_of_range

  bool starts_run(std::int64_t r) const { return (run_starts_[r >> 6] >> (r & 63)) & 1; }
  // The run holding row r: the runs started before its word, and those started in the word up
  // to r (row r's own bit included).
  std::int64_t run_of(std::int64_t r) const {
    const std::uint64_t up_to_r = run_starts_[r >> 6] & (~std::uint64_t{0} >> (63 - (r & 63)));
    return runs_before_[r >> 6] + std::popcount(up_to_r) - 1;
  }

  // The first row at or after `from` that starts a run, or `stop` when none before it does.
  std::int64_t next_run_start(std::int64_t from, std::int64_t stop) const {
    std::int64_t word = from >> 6;
    std::uint64_t bits = run_starts_[word] & (~std::uint64_t{0} << (from & 63));
    while (bits == 0) {
      if (++word << 6 >= stop) return stop;
      bits = run_starts_[word];
    }
    return std::min(stop, (word << 6) + std::countr_zero(bits));
  }

  std::int32_t day_base_;
  std::int64_t row_count_ = 0;
  std::uint16_t last_day_offset_ = 0;      // of the last run
  std::vector<std::uint64_t> run_starts_;  // bit r % 64 of word r / 64: row r starts a run
  std::vector<std::int64_t> runs_before_;  // per word: the runs started before its first row
  std::vector<std::uint16_t> run_day_;     // per run: the day offset, kBasketFlag if it opens one
  bool wide_ = false;                      // products in product32_ instead of product16_
  std::vector<std::uint16_t> product16_;   // while every index fits
  std::vector<std::int32_t> product32_;
};

template <typename Visit>
void HistoryBlock::for_each_run(std::int64_t h, Visit visit) const {
  std::int64_t r = begin(h);
  const std::int64_t stop = end(h);
  if (r >= stop) return;
  std::int64_t run = run_of(r);  // a household may start inside a run of the one before
  while (r < stop) {
    const std::int64_t next = r + 1 < stop ? next_run_start(r + 1, stop) : stop;
    const std::uint16_t value = run_day_[run];
    if (!visit(DayRun{r, next, day_base_ + (value & kDayMask), starts_run(r) && (value & kBasketFlag) != 0}))
      return;
    r = next;
    ++run;
  }
}

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
