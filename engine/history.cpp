#include "engine/history.hpp"

namespace basketgap::engine {
namespace {
template <typename Keep>
HistoryBlock filter(const HistoryBlock& in, Keep keep) {
  HistoryBlock out;
  out.first_household = in.first_household;
  out.offsets.reserve(in.offsets.size());
  for (std::int64_t h = 0; h < in.households(); ++h) {
    for (std::int64_t r = in.begin(h); r < in.end(h); ++r) {
      if (!keep(in.day[r])) continue;
      out.day.push_back(in.day[r]);
      out.product.push_back(in.product[r]);
      out.basket.push_back(in.basket[r]);
    }
    out.offsets.push_back(static_cast<std::int64_t>(out.day.size()));
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
    case Reason::none: return "none";
    case Reason::replenish: return "replenish";
    case Reason::win_back: return "win_back";
    case Reason::cross_sell: return "cross_sell";
    case Reason::popular: return "popular";
    case Reason::repeat: return "repeat";
    case Reason::event: return "event";
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

}  // namespace basketgap::engine
