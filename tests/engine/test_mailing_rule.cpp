// Who a campaign mails (engine/mailing_rule.hpp): the export and the lift view's treated group.
#include <gtest/gtest.h>

#include "engine/mailing_rule.hpp"

using namespace basketgap::engine;

TEST(MailingRule, OnlyConsentedNonControlHouseholdsWithACouponAreMailed) {
  EXPECT_EQ(mailing_of(1, 0, true), Mailing::mailed);
  EXPECT_EQ(mailing_of(1, 0, false), Mailing::no_coupon);
  EXPECT_EQ(mailing_of(1, 1, false), Mailing::control);
  EXPECT_EQ(mailing_of(1, 1, true), Mailing::control);
}

TEST(MailingRule, WithoutConsentNothingElseCounts) {
  for (std::int8_t consent : {std::int8_t{0}, std::int8_t{-1}})
    for (std::int8_t control : {std::int8_t{0}, std::int8_t{1}})
      for (bool coupon : {false, true}) EXPECT_EQ(mailing_of(consent, control, coupon), Mailing::no_consent);
}
