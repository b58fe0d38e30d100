#include "engine/history.hpp"

#include <algorithm>
#include <string>

#include "engine/huge_pages.hpp"

namespace basketgap::engine {
void HistoryBlock::reserve_rows(std::int64_t rows) {
  const auto words = static_cast<std::size_t>(rows / 64 + 1);
  reserve_huge(run_starts_, words);
  reserve_huge(runs_before_, words);
  if (wide_)
    reserve_huge(product32_, static_cast<std::size_t>(rows));
  else
    reserve_huge(product16_, static_cast<std::size_t>(rows));
}

std::int64_t HistoryBlock::memory_bytes() const {
  const auto bytes = [](const auto& v) { return static_cast<std::int64_t>(v.size() * sizeof(v[0])); };
  return bytes(offsets) + bytes(run_starts_) + bytes(runs_before_) + bytes(run_day_) + bytes(product16_) +
         bytes(product32_);
}

HistoryBlock::DaysAround HistoryBlock::days_around(std::int32_t day) const {
  DaysAround around{day_base_ - 1, INT32_MAX};
  const std::int64_t limit = static_cast<std::int64_t>(day) - day_base_;
  for (const std::uint16_t run : run_day_) {
    const std::int32_t offset = run & kDayMask;
    if (offset <= limit)
      around.last_up_to = std::max(around.last_up_to, day_base_ + offset);
    else
      around.first_after = std::min(around.first_after, day_base_ + offset);
  }
  return around;
}

void HistoryBlock::mark_days_with_rows(std::int32_t first, std::span<std::uint8_t> marks) const {
  const std::int64_t shift = static_cast<std::int64_t>(day_base_) - first;
  for (const std::uint16_t run : run_day_) {
    const std::int64_t at = shift + (run & kDayMask);
    if (at >= 0 && at < static_cast<std::int64_t>(marks.size())) marks[static_cast<std::size_t>(at)] = 1;
  }
}

// Once, at the first product index beyond 16 bits: the rows so far move to 32 bits.
void HistoryBlock::widen_products() {
  reserve_huge(product32_, std::max(product16_.capacity(), product16_.size() + 1));
  product32_.assign(product16_.begin(), product16_.end());
  product16_ = {};
  wide_ = true;
}

// The day is checked first, as before add_row was inlined: a row wrong in both names its day.
void HistoryBlock::reject_row(std::int32_t day, std::int32_t product) const {
  const std::int64_t offset = static_cast<std::int64_t>(day) - day_base_;
  if (offset < 0 || offset > kMaxDaySpan)
    throw std::out_of_range("day " + std::to_string(day) + " is outside the history block's span " +
                            std::to_string(day_base_) + ".." + std::to_string(day_base_ + kMaxDaySpan));
  throw std::out_of_range("product index " + std::to_string(product) + " is negative");
}

namespace {
template <typename Keep>
HistoryBlock filter(const HistoryBlock& in, Keep keep) {
  HistoryBlock out(in.day_base());
  out.first_household = in.first_household;
  out.offsets.reserve(in.offsets.size());
  for (std::int64_t h = 0; h < in.households(); ++h) {
    bool previous_kept = false;
    for (std::int64_t r = in.begin(h); r < in.end(h); ++r) {
      const bool kept = keep(in.day(r));
      // A basket cut by the filter opens again where its kept rows start.
      if (kept) out.add_row(in.day(r), in.product(r), in.opens_basket(r) || !previous_kept);
      previous_kept = kept;
    }
    out.end_household();
  }
  return out;
}
}  // namespace

HistoryBlock HistoryBlock::up_to(std::int32_t as_of) const {
  return filter(*this, [as_of](std::int32_t d) { return d <= as_of; });
}

HistoryBlock HistoryBlock::window(std::int32_t after, std::int32_t last_day) const {
  return filter(*this, [=](std::int32_t d) { return d > after && d <= last_day; });
}

const char* reason_name(Reason reason) {
  switch (reason) {
    case Reason::none:
      return "none";
    case Reason::replenish:
      return "replenish";
    case Reason::win_back:
      return "win_back";
    case Reason::cross_sell:
      return "cross_sell";
    case Reason::popular:
      return "popular";
    case Reason::repeat:
      return "repeat";
    case Reason::event:
      return "event";
  }
  return "unknown";
}

void CouponTable::resize(int k_, std::int64_t households) {
  k = k_;
  const auto n = static_cast<std::size_t>(households * k_);
  product.assign(n, -1);
  score.assign(n, 0.0f);
  reason.assign(n, 0);
  source.assign(n, -1);
}

void CouponTable::clear_row(std::int64_t row) {
  const auto first = static_cast<std::ptrdiff_t>(row * k), last = first + k;
  std::fill(product.begin() + first, product.begin() + last, -1);
  std::fill(score.begin() + first, score.begin() + last, 0.0f);
  std::fill(reason.begin() + first, reason.begin() + last, 0);
  std::fill(source.begin() + first, source.begin() + last, -1);
}

}  // namespace basketgap::engine
