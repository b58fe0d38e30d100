// A night's file from another shop or another product numbering (an extract of the wrong
// system, ids re-keyed) parses cleanly and appends: every coupon would then name products of the
// other numbering. Its signature is a night that shares almost no product with the store: a
// young store's nights bring many new products (three quarters of a night's products, the day
// after a one-day store, on the dunnhumby file), a store's own night never almost all of them.
// Such a night is refused (65) before anything is written.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace basketgap::append {

// Judged only when the night has at least this many products and the store this many.
inline constexpr std::int64_t kFewestNightProducts = 50;
inline constexpr std::int64_t kFewestStoreProducts = 1000;

// The share of a night's products the store must know, at least.
inline constexpr double kFewestKnownShare = 0.05;

// Why the night's products (`night`, ascending ids) look like another numbering than the
// store's (`known`, ascending: its products with rows and those its products files described),
// or nothing: fewer than kFewestKnownShare of them known to a store of kFewestStoreProducts or more.
std::optional<std::string> foreign_products_reason(const std::string& file,
                                                   const std::vector<std::int64_t>& night,
                                                   const std::vector<std::int64_t>& known);

}  // namespace basketgap::append
