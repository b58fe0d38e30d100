// The Student t distribution, for intervals over a few values (the windows of a rolling
// backtest, docs/EVALUATE.md): with N - 1 = 3 degrees of freedom the 95 % quantile is 3.18, not
// the normal 1.96, and an interval over 4 window means needs it.
#pragma once

#include <cstdint>

namespace basketgap::engine {

// P(|T| <= t) for T with `df` >= 1 degrees of freedom; exact closed forms for integer df
// (Abramowitz & Stegun 26.7.3, 26.7.4), summed in a fixed order.
double student_t_central(double t, std::int64_t df);

// The two-sided 95 % critical value: P(|T| <= c) = 0.95 (12.706 for df = 1, 2.228 for 10;
// it falls to 1.96 as df grows). Found by bisection, deterministic to the last bit.
double student_t95(std::int64_t df);

}  // namespace basketgap::engine
