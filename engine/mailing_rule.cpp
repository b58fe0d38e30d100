#include "engine/mailing_rule.hpp"

namespace basketgap::engine {

Mailing mailing_of(std::int8_t consent, std::int8_t control, bool has_coupon) {
  if (consent != 1) return Mailing::no_consent;
  if (control != 0) return Mailing::control;
  return has_coupon ? Mailing::mailed : Mailing::no_coupon;
}

}  // namespace basketgap::engine
