// The named blend features: a name reads and writes the value at the feature's index, the
// names are unique, and the coupons file's [blend] section lists them in feature order.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "engine/blend_model.hpp"
#include "engine/features.hpp"

using namespace basketgap::engine;

TEST(Features, NameAndPositionAreTheSameValue) {
  Features f{};
  f[Feature::cross_sell] = 2.5;
  EXPECT_EQ(f[index_of(Feature::cross_sell)], 2.5);
  f[index_of(Feature::no_cycle)] = 1.0;
  EXPECT_EQ(f[Feature::no_cycle], 1.0);
  EXPECT_EQ(sizeof(Features), sizeof(double) * kFeatureCount);  // checkpoints store it raw
}

TEST(Features, NamesAreUniqueAndInFeatureOrder) {
  std::set<std::string_view> seen;
  for (int i = 0; i < kFeatureCount; ++i) {
    const auto feature = static_cast<Feature>(i);
    EXPECT_TRUE(seen.insert(feature_name(feature)).second) << feature_name(feature);
  }
  EXPECT_EQ(kFeatureCount, 25);
  EXPECT_EQ(feature_name(Feature::bias), "bias");
  EXPECT_EQ(feature_name(Feature::ratio_1_5_2_5), "ratio_1.5_2.5");
  EXPECT_EQ(feature_name(Feature::no_cycle), "no_cycle");
}

TEST(Features, DueRatioBinsAreContiguousInRatioOrder) {
  EXPECT_EQ(index_of(Feature::ratio_0_5_1), index_of(Feature::ratio_lt_0_5) + 1);
  EXPECT_EQ(index_of(Feature::ratio_1_1_5), index_of(Feature::ratio_lt_0_5) + 2);
  EXPECT_EQ(index_of(Feature::ratio_1_5_2_5), index_of(Feature::ratio_lt_0_5) + 3);
  EXPECT_EQ(index_of(Feature::ratio_2_5_4), index_of(Feature::ratio_lt_0_5) + 4);
  EXPECT_EQ(index_of(Feature::ratio_ge_4), index_of(Feature::ratio_lt_0_5) + 5);
}

TEST(Features, DescribeListsEveryWeightByNameInOrder) {
  // The [blend] section of the coupons file, byte for byte.
  EXPECT_EQ(BlendModel::defaults().describe(),
            "[blend]\nlearned = false\n"
            "bias = -4\nbought = 1\nlog_decayed_long = 1.6\nlog_decayed_short = 0.6\n"
            "log_baskets = 0.2\nlog_elapsed = -0.2\nratio_lt_0.5 = 0\nratio_0.5_1 = 0\n"
            "ratio_1_1.5 = 0\nratio_1.5_2.5 = 0\nratio_2.5_4 = 0\nratio_ge_4 = 0\n"
            "popularity = 1\ncross_sell = 1\nhousehold_recent = 0\nshare_of_baskets = 0\nno_cycle = 0\n"
            "expected_in_window = 0\nrepeat_rate = 0\nlog_baskets_since = 0\ndue_probability = 0\n"
            "log_category_long = 0\nlog_category_short = 0\ncategory_share = 0\nmissed_sales = 0\n");
}
