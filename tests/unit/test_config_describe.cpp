// The effective-config texts are stored in the coupons file and key the score checkpoints:
// their bytes are pinned here (captured from the readers before they became table-driven).
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "jobs/config/job_config.hpp"

using namespace basketgap;

namespace {

const char* kDefaultScore =
    "[score]\n"
    "k = 12\n"
    "half_life_days = 120\n"
    "short_half_life_days = 21\n"
    "min_purchases_for_cycle = 3\n"
    "win_back_ratio = 3\n"
    "due_ratio = 0.8\n"
    "similarity = \"cosine\"\n"
    "similarity_window_days = 180\n"
    "max_products_per_household = 50\n"
    "similarity_households = 50000\n"
    "neighbours = 10\n"
    "min_co_households = 2\n"
    "pair_batch = 4000000\n"
    "cross_sell_candidates = 20\n"
    "cross_sell_triggers = 20\n"
    "popular_candidates = 12\n"
    "popularity_window_days = 90\n"
    "repeat_similarity = false\n"
    "category_level = \"sub_commodity\"\n"
    "category_candidates = 20\n"
    "successors = true\n"
    "learn_blend = true\n"
    "validation_window_days = 14\n"
    "validation_span_days = 14\n"
    "max_training_households = 20000\n"
    "l2 = 1\n"
    "ranker = \"pairwise_linear\"\n"
    "fit_tries_trees = true\n"
    "tree_objective = \"pairwise\"\n"
    "tree_rounds = 100\n"
    "tree_depth = 4\n"
    "tree_learning_rate = 0.1\n"
    "tree_min_child_weight = 5\n"
    "tree_candidates = 30\n"
    "tree_folds = 2\n"
    "tree_training_households = 5000\n"
    "rerank_candidates = 20\n"
    "rerank_training_households = 5000\n"
    "rerank_l2 = 100\n"
    "reward_slots = 0\n"
    "discovery_slots = 0\n";

// Six significant digits, as std::ostream prints a double.
const char* kCustomScore =
    "[score]\n"
    "k = 20\n"
    "half_life_days = 90.5\n"
    "short_half_life_days = 14\n"
    "min_purchases_for_cycle = 4\n"
    "win_back_ratio = 2.5\n"
    "due_ratio = 0.333333\n"
    "similarity = \"llr\"\n"
    "similarity_window_days = 365\n"
    "max_products_per_household = 80\n"
    "similarity_households = 123456\n"
    "neighbours = 30\n"
    "min_co_households = 3\n"
    "pair_batch = 1000000\n"
    "cross_sell_candidates = 25\n"
    "cross_sell_triggers = 0\n"
    "popular_candidates = 8\n"
    "popularity_window_days = 60\n"
    "repeat_similarity = false\n"
    "category_level = \"commodity\"\n"
    "category_candidates = 7\n"
    "successors = true\n"
    "learn_blend = false\n"
    "validation_window_days = 21\n"
    "validation_span_days = 14\n"
    "max_training_households = 5000\n"
    "l2 = 1e+06\n"
    "ranker = \"pairwise_linear\"\n"
    "fit_tries_trees = false\n"
    "tree_objective = \"logistic\"\n"
    "tree_rounds = 30\n"
    "tree_depth = 6\n"
    "tree_learning_rate = 0.05\n"
    "tree_min_child_weight = 20\n"
    "tree_candidates = 40\n"
    "tree_folds = 3\n"
    "tree_training_households = 800\n"
    "rerank_candidates = 35\n"
    "rerank_training_households = 700\n"
    "rerank_l2 = 100\n"
    "reward_slots = 2\n"
    "discovery_slots = 3\n";

// `text` with `from` replaced by `to` (once).
std::string replaced(std::string text, const std::string& from, const std::string& to) {
  return text.replace(text.find(from), from.size(), to);
}

}  // namespace

TEST(ConfigDescribe, DefaultScore) { EXPECT_EQ(describe(load_config("").score), kDefaultScore); }

TEST(ConfigDescribe, CustomScore) {
  const std::string toml =
      replaced(replaced(kCustomScore, "due_ratio = 0.333333\n", "due_ratio = 0.333333333\n"), "l2 = 1e+06\n",
               "l2 = 1000000\n");
  EXPECT_EQ(describe(parse_config(toml, "cfg.toml").score), kCustomScore);
}

TEST(ConfigDescribe, NoCampaignIsEmpty) {
  EXPECT_EQ(describe(load_config("").campaign), "");
  EXPECT_EQ(describe(parse_config("[score]\nk = 3\n", "cfg.toml").campaign), "");
}

TEST(ConfigDescribe, EmptyCampaignTable) {
  EXPECT_EQ(describe(parse_config("[campaign]\n", "cfg.toml").campaign),
            "[campaign]\n"
            "name = \"\"\n"
            "offers = \"\"\n"
            "exclude_departments = []\n"
            "exclude_commodities = []\n"
            "exclude_products = []\n"
            "max_per_department = 0\n"
            "max_per_commodity = 0\n"
            "control_share = 0\n"
            "salt = \"\"\n"
            "birthday_slot = true\n"
            "event_departments = []\n"
            "day_one = \"\"\n"
            "new_days = 90\n"
            "lapsing_days = 60\n");
}

TEST(ConfigDescribe, ExampleCampaign) {
  const std::string source = BASKETGAP_SOURCE_DIR;
  EXPECT_EQ(describe(load_config(source + "/data/campaign-example.toml").campaign),
            "[campaign]\n"
            "name = \"demo-week-100\"\n"
            "offers = \"" +
                source +
                "/data/default/offers.csv\"\n"
                "exclude_departments = [\"TOBACCO\", \"ALCOHOL\"]\n"
                "exclude_commodities = [\"INFANT FORMULA\"]\n"
                "exclude_products = []\n"
                "max_per_department = 3\n"
                "max_per_commodity = 2\n"
                "control_share = 0.1\n"
                "salt = \"demo-week-100\"\n"
                "birthday_slot = true\n"
                "event_departments = [\"BAKERY\"]\n"
                "day_one = \"2024-01-01\"\n"
                "new_days = 90\n"
                "lapsing_days = 60\n");
}

// Written in the effective text's own form, every key set: it reads back to the same bytes.
TEST(ConfigDescribe, CustomCampaign) {
  const std::string text =
      "[campaign]\n"
      "name = \"Week 7 — spring\"\n"
      "offers = \"/srv/offers.csv\"\n"
      "exclude_departments = []\n"
      "exclude_commodities = [\"BEER\", \"WINE\", \"SPIRITS\"]\n"
      "exclude_products = [1, 22, 9000000000]\n"
      "max_per_department = 0\n"
      "max_per_commodity = 100\n"
      "control_share = 0.5\n"
      "salt = \"s\"\n"
      "birthday_slot = false\n"
      "event_departments = []\n"
      "day_one = \"\"\n"
      "new_days = 1\n"
      "lapsing_days = 3650\n";
  EXPECT_EQ(describe(parse_config(text, "cfg.toml").campaign), text);
}

TEST(ConfigDescribe, RelativeOffersResolveAgainstTheConfigFolder) {
  const std::string text = "[campaign]\noffers = \"sub/../offers.csv\"\n";
  EXPECT_EQ(parse_config(text, "/etc/basketgap/cfg.toml").campaign.offers, "/etc/basketgap/offers.csv");
  // A config read by a relative path: the offers path is made absolute (it is written into the
  // coupons file and the tuned config, and read again from other working folders).
  EXPECT_EQ(parse_config(text, "cfg.toml").campaign.offers,
            (std::filesystem::current_path() / "offers.csv").lexically_normal().string());
  EXPECT_EQ(parse_config("[campaign]\noffers = \"/srv/o.csv\"\n", "/etc/cfg.toml").campaign.offers,
            "/srv/o.csv");
}

// Strings with quotes, backslashes and control characters are escaped: the text is TOML that reads
// back to the same values (export reads the coupons file's campaign text; a quote in a campaign
// name made it unreadable, and the night was not mailed).
TEST(ConfigDescribe, StringsAreEscapedAndReadBack) {
  const std::string text =
      "[campaign]\n"
      "name = \"say \\\"hi\\\" \\\\ tab\\t line\\n bell\\u0007 ü\"\n"
      "offers = \"/srv/a\\\\b \\\"q\\\".csv\"\n"
      "exclude_departments = [\"A\\\"B\"]\n"
      "salt = \"s\\\\\\\"\"\n";
  const JobConfig config = parse_config(text, "cfg.toml");
  EXPECT_EQ(config.campaign.name, "say \"hi\" \\ tab\t line\n bell\a ü");
  EXPECT_EQ(config.campaign.offers, "/srv/a\\b \"q\".csv");
  EXPECT_EQ(config.campaign.salt, "s\\\"");
  const std::string described = describe(config.campaign);
  const JobConfig again = parse_config(described, "cfg.toml");
  EXPECT_EQ(again.campaign.name, config.campaign.name);
  EXPECT_EQ(again.campaign.offers, config.campaign.offers);
  EXPECT_EQ(again.campaign.salt, config.campaign.salt);
  EXPECT_EQ(again.campaign.exclude_departments, config.campaign.exclude_departments);
  EXPECT_EQ(describe(again.campaign), described);
}
