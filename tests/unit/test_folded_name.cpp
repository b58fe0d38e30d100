// Two spellings of one department name are told alike where the campaign's exclusions apply
// (jobs/config/folded_name.hpp).
#include <gtest/gtest.h>

#include "jobs/config/folded_name.hpp"

using basketgap::folded_name;

TEST(FoldedName, CaseAndEveryKindOfBlankFoldAway) {
  EXPECT_EQ(folded_name("Tobacco "), "TOBACCO");
  EXPECT_EQ(folded_name("  frozen\t  pizza "), "FROZENPIZZA");
  // A blank inside a name is no other name: "TOBAC CO" is still tobacco (fail closed).
  EXPECT_EQ(folded_name("TOBAC CO"), folded_name("TOBACCO"));
  EXPECT_EQ(folded_name("DAIRY\xC2\xA0"), "DAIRY");  // a no-break space (spreadsheets)
  EXPECT_EQ(folded_name("FROZEN\xE2\x80\xAF"
                        "PIZZA"),
            "FROZENPIZZA");  // a narrow no-break space
  EXPECT_EQ(folded_name("\xE3\x80\x80"
                        "SAKE"),
            "SAKE");  // an ideographic space
  // Letters beyond ASCII are kept as they are (no locale decides their case).
  EXPECT_EQ(folded_name("caf\xC3\xA9"), "CAF\xC3\xA9");
  EXPECT_NE(folded_name("DAIRY"), folded_name("DAIRIES"));
}
