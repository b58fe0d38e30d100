// The configuration reader: defaults, the sections a file may hold, and an error naming
// FILE:LINE:COLUMN for every name, type, range or rule it does not accept.
#include <gtest/gtest.h>

#include <string>

#include "io/errors.hpp"
#include "jobs/config/config_keys.hpp"
#include "jobs/config/config_text.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/config/unknown_names.hpp"

using namespace basketgap;

namespace {

// The message of the UsageError that reading `toml` from "cfg.toml" throws ("" if none).
std::string error_of(const std::string& toml) {
  try {
    parse_config(toml, "cfg.toml");
  } catch (const UsageError& e) {
    EXPECT_EQ(e.code(), exit_usage);
    return e.what();
  }
  ADD_FAILURE() << "no error for:\n" << toml;
  return "";
}

// Each TOML text fails with its message.
void expect_errors(std::initializer_list<std::pair<std::string, std::string>> cases) {
  for (const auto& [toml, message] : cases) EXPECT_EQ(error_of(toml), message) << toml;
}

// Every key of `a` and `b` holds the same value (exactly: doubles are compared as doubles).
void expect_same_values(const JobConfig& a, const JobConfig& b) {
  EXPECT_EQ(a.campaign.enabled, b.campaign.enabled);
  for (const ConfigKey& key : config_keys())
    EXPECT_TRUE(key.get(a) == key.get(b))
        << key.name << ": " << value_text(key.get(a)) << " vs " << value_text(key.get(b));
}

}  // namespace

TEST(Config, NoFileOrEmptyFileIsTheDefaults) {
  const JobConfig defaults;
  expect_same_values(load_config(""), defaults);
  expect_same_values(parse_config("", "cfg.toml"), defaults);
  expect_same_values(parse_config("# nothing\n", "cfg.toml"), defaults);
  EXPECT_FALSE(load_config("").campaign.enabled);
  EXPECT_EQ(load_config("").ingest.columns.household, "household_key");
  EXPECT_EQ(load_config("").score.k, 12);
}

TEST(Config, MissingFileIsNoInput) {
  try {
    load_config("/nonexistent/cfg.toml");
    FAIL() << "no error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), exit_no_input);
    EXPECT_NE(std::string(e.what()).find("/nonexistent/cfg.toml"), std::string::npos);
  }
}

TEST(Config, CampaignIsEnabledByItsTable) {
  EXPECT_FALSE(parse_config("[score]\nk = 5\n", "cfg.toml").campaign.enabled);
  EXPECT_TRUE(parse_config("[campaign]\n", "cfg.toml").campaign.enabled);
  EXPECT_TRUE(parse_config("[campaign]\nname = \"x\"\n", "cfg.toml").campaign.enabled);
}

TEST(Config, OneFileHoldsEverySection) {
  const JobConfig c = parse_config(
      "[ingest.columns]\nhousehold = \"customer\"\nquantity = \"\"\n"
      "[ingest.day]\nformat = \"iso-date\"\norigin = \"2024-01-01\"\n"
      "[score]\nk = 7\nsimilarity = \"jaccard\"\nlearn_blend = false\nl2 = 2\n"
      "[campaign]\nexclude_products = [5, 6]\ncontrol_share = 0.25\nsalt = \"s\"\n",
      "cfg.toml");
  EXPECT_EQ(c.ingest.columns.household, "customer");
  EXPECT_EQ(c.ingest.columns.basket, "BASKET_ID");
  EXPECT_EQ(c.ingest.columns.quantity, "");
  EXPECT_EQ(c.ingest.columns.day_format, io::DayFormat::iso_date);
  EXPECT_EQ(c.ingest.columns.day_origin, "2024-01-01");
  EXPECT_EQ(c.score.k, 7);
  EXPECT_EQ(c.score.measure, engine::SimilarityMeasure::jaccard);
  EXPECT_FALSE(c.score.learn_blend);
  EXPECT_EQ(c.score.l2, 2.0);
  EXPECT_EQ(c.score.half_life_days, 120);
  EXPECT_TRUE(c.campaign.enabled);
  EXPECT_EQ(c.campaign.exclude_products, (std::vector<std::int64_t>{5, 6}));
  EXPECT_EQ(c.campaign.control_share, 0.25);
}

TEST(Config, InlineTablesAndDottedKeysAreTheSameSections) {
  const JobConfig c =
      parse_config("[ingest]\ncolumns = { household = \"h\" }\nday.format = \"day-number\"\n", "cfg.toml");
  EXPECT_EQ(c.ingest.columns.household, "h");
  EXPECT_EQ(c.ingest.columns.day_format, io::DayFormat::day_number);
  // "score.k" under [ingest] is ingest.score.k: unknown.
  EXPECT_EQ(
      error_of("[ingest]\nscore.k = 9\n"),
      "cfg.toml:2:1: unknown section [ingest.score] (known: ingest.columns, ingest.day, ingest.households)");
  EXPECT_EQ(parse_config("score.k = 9\n", "cfg.toml").score.k, 9);
}

TEST(Config, UnknownSectionNamesItsPlaceAndTheNearestName) {
  const std::string campain =
      "cfg.toml:1:1: unknown section [campain] (known: campaign, ingest, score); did you mean [campaign]?";
  expect_errors({
      {"[campain]\nname = \"x\"\n", campain},
      {"campain.name = \"x\"\n", campain},
      {"[score]\nk = 3\n\n[offers]\n",
       "cfg.toml:4:1: unknown section [offers] (known: campaign, ingest, score)"},
  });
  EXPECT_EQ(error_of("[[campaigns]]\nname = \"x\"\n").substr(0, 42),
            "cfg.toml:1:1: unknown section [campaigns] ");
}

TEST(Config, UnknownNestedSection) {
  expect_errors({
      {"[ingest.colums]\nhousehold = \"h\"\n",
       "cfg.toml:1:1: unknown section [ingest.colums] (known: ingest.columns, ingest.day, "
       "ingest.households); "
       "did you mean [ingest.columns]?"},
      {"[score.blend]\nl2 = 1\n",
       "cfg.toml:1:1: unknown section [score.blend] ([score] has no sub-sections)"},
  });
}

TEST(Config, UnknownKeyInEverySection) {
  expect_errors({
      {"[score]\nk = 3\nhalf_life_day = 3\n",
       "cfg.toml:3:1: unknown key 'score.half_life_day'; did you mean 'score.half_life_days'?"},
      {"[campaign]\ncontrol_shar = 0.1\n",
       "cfg.toml:2:1: unknown key 'campaign.control_shar'; did you mean 'campaign.control_share'?"},
      {"[ingest]\nseparator = \";\"\n", "cfg.toml:2:1: unknown key 'ingest.separator'"},
      {"[ingest.columns]\nhousehold = \"h\"\n  househld = \"h\"\n",
       "cfg.toml:3:3: unknown key 'ingest.columns.househld'; did you mean 'ingest.columns.household'?"},
      {"[ingest.day]\norigin = \"2024-01-01\"\nformats = \"iso-date\"\n",
       "cfg.toml:3:1: unknown key 'ingest.day.formats'; did you mean 'ingest.day.format'?"},
      {"k = 3\n[score]\n",
       "cfg.toml:1:1: unknown key 'k' outside any section (known sections: campaign, ingest, score)"},
      // A key of another section: where it belongs.
      {"[campaign]\nk = 5\n", "cfg.toml:2:1: unknown key 'campaign.k'; 'k' is a key of [score]"},
      {"[ingest]\nhousehold = \"x\"\n",
       "cfg.toml:2:1: unknown key 'ingest.household'; 'household' is a key of [ingest.columns]"},
  });
}

TEST(Config, TheFirstUnknownNameInFileOrderIsReported) {
  EXPECT_EQ(error_of("[score]\nzz = 1\n[campain]\n").substr(0, 15), "cfg.toml:2:1: u");
}

TEST(Config, ASectionGivenAsAValue) {
  expect_errors({
      {"score = 3\n", "cfg.toml:1:9: score must be a section: write [score]"},
      {"[ingest]\ncolumns = \"x\"\n",
       "cfg.toml:2:11: ingest.columns must be a section: write [ingest.columns]"},
  });
}

TEST(Config, WrongTypesNameThePlaceAndTheKey) {
  expect_errors({
      {"[score]\nk = \"12\"\n", "cfg.toml:2:5: score.k must be an integer"},
      {"[score]\nk = 12.5\n", "cfg.toml:2:5: score.k must be a whole number"},
      {"[score]\nl2 = true\n", "cfg.toml:2:6: score.l2 must be a number"},
      {"[score]\nlearn_blend = 1\n", "cfg.toml:2:15: score.learn_blend must be true or false"},
      {"[score]\nsimilarity = \"pearson\"\n",
       "cfg.toml:2:14: score.similarity must be one of \"cosine\", \"jaccard\", \"llr\", not \"pearson\""},
      {"[score]\nsimilarity = 2\n",
       "cfg.toml:2:14: score.similarity must be one of \"cosine\", \"jaccard\", \"llr\""},
      {"[score.k]\n", "cfg.toml:1:1: score.k must be an integer"},
      {"[campaign]\nsalt = 3\n", "cfg.toml:2:8: campaign.salt must be a string"},
      {"[campaign]\nexclude_departments = \"TOBACCO\"\n",
       "cfg.toml:2:23: campaign.exclude_departments must be a list of strings"},
      {"[campaign]\nexclude_departments = [\"A\", 3]\n",
       "cfg.toml:2:29: campaign.exclude_departments must hold only strings"},
      {"[campaign]\nexclude_products = [1, \"2\"]\n",
       "cfg.toml:2:24: campaign.exclude_products must hold only integers"},
      {"[ingest.columns]\nday = 3\n", "cfg.toml:2:7: ingest.columns.day must be a string"},
      {"[ingest.day]\nformat = \"unix\"\n",
       "cfg.toml:2:10: ingest.day.format must be one of \"day-number\", \"iso-date\", not \"unix\""},
  });
}

TEST(Config, WholeFloatsAreIntegers) {
  EXPECT_EQ(parse_config("[score]\nk = 12.0\n", "cfg.toml").score.k, 12);
}

TEST(Config, RangesPrintIntegersAsIntegers) {
  expect_errors({
      {"[score]\nk = 200\n", "cfg.toml:2:5: score.k = 200 is outside [1, 100]"},
      {"[score]\nk = 200.0\n", "cfg.toml:2:5: score.k = 200 is outside [1, 100]"},
      {"[score]\nsimilarity_households = 0\n",
       "cfg.toml:2:25: score.similarity_households = 0 is outside [1, 1000000000000]"},
      {"[score]\nwin_back_ratio = 0.05\n",
       "cfg.toml:2:18: score.win_back_ratio = 0.05 is outside [0.1, 1000]"},
      {"[score]\nl2 = -1\n", "cfg.toml:2:6: score.l2 = -1 is outside [0, 1000000]"},
      {"[campaign]\ncontrol_share = 0.6\nsalt = \"s\"\n",
       "cfg.toml:2:17: campaign.control_share = 0.6 is outside [0, 0.5]"},
      {"[campaign]\nnew_days = 0\n", "cfg.toml:2:12: campaign.new_days = 0 is outside [1, 3650]"},
  });
}

TEST(Config, DatesAreCalendarDates) {
  expect_errors({
      {"[campaign]\nday_one = \"2024-13-01\"\n",
       "cfg.toml:2:11: campaign.day_one must be YYYY-MM-DD or \"\", not \"2024-13-01\""},
      {"[campaign]\nday_one = \"1/1/2024\"\n",
       "cfg.toml:2:11: campaign.day_one must be YYYY-MM-DD or \"\", not \"1/1/2024\""},
      {"[ingest.day]\nformat = \"iso-date\"\norigin = \"2023-02-29\"\n",
       "cfg.toml:3:10: ingest.day.origin must be YYYY-MM-DD or \"\", not \"2023-02-29\""},
  });
  EXPECT_EQ(parse_config("[campaign]\nday_one = \"2024-02-29\"\n", "cfg.toml").campaign.day_one,
            "2024-02-29");
}

TEST(Config, RulesBetweenKeys) {
  expect_errors({
      {"[score]\nreward_slots = 8\ndiscovery_slots = 5\n",
       "cfg.toml:3:19: score.reward_slots + score.discovery_slots (8 + 5) exceed score.k (12)"},
      {"[campaign]\nsalt = \"s\"\nexclude_departments = [\"BAKERY\"]\nevent_departments = [\"DAIRY\", "
       "\"BAKERY\"]\n",
       "cfg.toml:4:21: campaign.event_departments names \"BAKERY\", which campaign.exclude_departments "
       "excludes: "
       "the birthday slot could never be filled from it"},
      {"\n[campaign]\ncontrol_share = 0.1\n",
       "cfg.toml:2:1: campaign.salt is required when campaign.control_share > 0 "
       "(one salt per campaign keeps its control group stable)"},
      {"[ingest.day]\nformat = \"iso-date\"\n",
       "cfg.toml:1:1: ingest.day.origin (YYYY-MM-DD, the date of day 1) is required with "
       "ingest.day.format = \"iso-date\""},
      {"[score]\nlearn_blend = false\nranker = \"trees\"\n",
       "cfg.toml:3:10: score.ranker = \"trees\" needs score.learn_blend = true (it re-ranks the learned "
       "blend's best); with learn_blend = false set ranker = \"linear\""},
  });
  EXPECT_NO_THROW(parse_config("[score]\nk = 13\nreward_slots = 8\ndiscovery_slots = 5\n", "cfg.toml"));
  // The default ranker (a second stage) is simply not fitted with the hand-set blend.
  EXPECT_NO_THROW(parse_config("[score]\nlearn_blend = false\n", "cfg.toml"));
  EXPECT_NO_THROW(parse_config("[score]\nlearn_blend = false\nranker = \"linear\"\n", "cfg.toml"));
  EXPECT_NO_THROW(parse_config("[campaign]\ncontrol_share = 0\n", "cfg.toml"));
}

TEST(Config, SyntaxErrorsKeepTheirPlace) {
  const std::string message = error_of("[score]\nk = = 3\n");
  EXPECT_EQ(message.substr(0, 13), "cfg.toml:2:5:") << message;
  EXPECT_EQ(error_of("[score\n").substr(0, 11), "cfg.toml:1:") << error_of("[score\n");
}

TEST(Config, DescribeReadsBackToTheSameConfig) {
  JobConfig c;
  c.ingest.columns.household = "customer_id";
  c.ingest.columns.spend = "";
  c.ingest.columns.day_format = io::DayFormat::iso_date;
  c.ingest.columns.day_origin = "2024-03-01";
  c.score.k = 20;
  c.score.half_life_days = 90.5;
  c.score.due_ratio = 0.75;
  c.score.measure = engine::SimilarityMeasure::llr;
  c.score.similarity_households = 123456789012;
  c.score.learn_blend = false;
  c.score.l2 = 0.125;
  c.score.reward_slots = 2;
  c.score.discovery_slots = 3;
  c.campaign.enabled = true;
  c.campaign.name = "Week 7 — spring";
  c.campaign.offers = "/srv/offers.csv";
  c.campaign.exclude_departments = {"TOBACCO", "ALCOHOL"};
  c.campaign.exclude_products = {1, 9000000000};
  c.campaign.control_share = 0.1;
  c.campaign.salt = "w7";
  c.campaign.birthday_slot = false;
  c.campaign.day_one = "2024-01-01";
  c.campaign.lapsing_days = 45;
  const std::string text = describe(c.ingest) + describe(c.score) + describe(c.campaign);
  expect_same_values(parse_config(text, "cfg.toml"), c);
  const JobConfig defaults;
  expect_same_values(parse_config(describe(defaults.ingest) + describe(defaults.score), "cfg.toml"),
                     defaults);
}

TEST(Config, IngestDescribesItsSubTables) {
  EXPECT_EQ(describe(IngestConfig{}),
            "[ingest.columns]\nhousehold = \"household_key\"\nbasket = \"BASKET_ID\"\nday = \"DAY\"\n"
            "product = \"PRODUCT_ID\"\nquantity = \"QUANTITY\"\nspend = \"SALES_VALUE\"\n"
            "[ingest.day]\nformat = \"day-number\"\norigin = \"\"\n"
            "[ingest.households]\nignore_columns = []\n");
}

TEST(Config, EveryDefaultIsAcceptedByItsOwnKey) {
  const JobConfig defaults;
  for (const ConfigKey& key : config_keys()) {
    const KeyValue v = key.get(defaults);
    if (key.type == KeyType::integer || key.type == KeyType::number) {
      const double d =
          key.type == KeyType::integer ? static_cast<double>(std::get<std::int64_t>(v)) : std::get<double>(v);
      EXPECT_TRUE(d >= key.min && d <= key.max) << key.name;
    }
    EXPECT_FALSE(key.help.empty()) << key.name;
    EXPECT_EQ(key.help.find('|'), std::string::npos) << key.name << ": a | would split the docs' table cell";
  }
}

TEST(Config, NearestName) {
  EXPECT_EQ(nearest_name("campain", {"campaign", "ingest", "score"}), "campaign");
  EXPECT_EQ(nearest_name("kk", {"k", "l2"}), "k");
  EXPECT_EQ(nearest_name("offers", {"campaign", "ingest", "score"}), "");
}
