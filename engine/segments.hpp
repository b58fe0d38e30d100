// Household segments for a backtest breakdown: a value (e.g. baskets up to T) cut into
// low / mid / high at its tertiles over the evaluated households.
#pragma once

#include <array>
#include <span>

namespace basketgap::engine {

inline constexpr std::array<const char*, 3> kTertileNames{"low", "mid", "high"};

struct Tertiles {
  double low_max = 0;  // values <= low_max are "low"
  double mid_max = 0;  // values <= mid_max (and > low_max) are "mid"; above: "high"
};

// The values at ranks ceil(n/3) and ceil(2n/3) of the sorted values (nearest-rank quantiles);
// ties keep equal values in one segment, so segments can be uneven.
Tertiles tertiles(std::span<const double> values);
int tertile_of(double value, const Tertiles& t);

}  // namespace basketgap::engine
