#include "io/coupons/store_match.hpp"

#include <fmt/format.h>

#include "io/errors.hpp"

namespace basketgap::io {

void check_scored_from(const std::string& coupons_path, const std::string& coupons_store_fingerprint,
                       const std::string& store_path, const std::string& store_fingerprint) {
  if (coupons_store_fingerprint.empty() || coupons_store_fingerprint == store_fingerprint) return;
  throw InputError(
      fmt::format("{} was scored from another store: its store_fingerprint is {}, {} has fingerprint {} "
                  "(give the store the coupons were scored from)",
                  coupons_path, coupons_store_fingerprint, store_path, store_fingerprint));
}

}  // namespace basketgap::io
