#include "jobs/config/config_keys.hpp"

#include "jobs/config/key_fields.hpp"

namespace basketgap {
namespace {

using engine::SimilarityMeasure;
using namespace key_fields;

// "" (not set) or a calendar date.
bool empty_or_date(const std::string& text) {
  int days = 0;
  return text.empty() || io::parse_iso_date(text, days);
}

std::vector<ConfigKey> ingest_keys() {
  const auto column = [](const char* key, auto field, const char* help) {
    return string(std::string("ingest.columns.") + key, field, help);
  };
  return {
      column(
          "household", [](auto& c) -> auto& { return c.ingest.columns.household; },
          "name of the household id column (must be in the header)"),
      column(
          "basket", [](auto& c) -> auto& { return c.ingest.columns.basket; },
          "name of the basket id column (must be in the header)"),
      column(
          "day", [](auto& c) -> auto& { return c.ingest.columns.day; },
          "name of the day column (must be in the header)"),
      column(
          "product", [](auto& c) -> auto& { return c.ingest.columns.product; },
          "name of the product id column (must be in the header)"),
      column(
          "quantity", [](auto& c) -> auto& { return c.ingest.columns.quantity; },
          "name of the quantity column; `\"\"` = every line is quantity 1"),
      column(
          "spend", [](auto& c) -> auto& { return c.ingest.columns.spend; },
          "name of the spend column; `\"\"` = spend 0 on every line"),
      choice(
          "ingest.day.format", [](auto& c) -> auto& { return c.ingest.columns.day_format; },
          std::vector<std::pair<std::string, io::DayFormat>>{{"day-number", io::DayFormat::day_number},
                                                             {"iso-date", io::DayFormat::iso_date}},
          "an integer day number (1 = first day) or a date YYYY-MM-DD"),
      formatted_string(
          "ingest.day.origin", [](auto& c) -> auto& { return c.ingest.columns.day_origin; }, "YYYY-MM-DD",
          empty_or_date, "the date that is day 1; required with `\"iso-date\"`"),
  };
}

std::vector<ConfigKey> score_keys() {
  std::vector<std::pair<std::string, SimilarityMeasure>> measures;
  for (auto m : {SimilarityMeasure::cosine, SimilarityMeasure::jaccard, SimilarityMeasure::llr})
    measures.emplace_back(engine::similarity_name(m), m);
  return {
      integer(
          "score.k", [](auto& c) -> auto& { return c.score.k; }, 1, 100,
          "coupons per household (`--k` overrides)"),
      number(
          "score.half_life_days", [](auto& c) -> auto& { return c.score.half_life_days; }, 1, 3650,
          "half-life of the long-memory decayed purchase frequency"),
      number(
          "score.short_half_life_days", [](auto& c) -> auto& { return c.score.short_half_life_days; }, 1,
          3650, "half-life of the short-memory decayed purchase frequency"),
      integer(
          "score.min_purchases_for_cycle", [](auto& c) -> auto& { return c.score.min_purchases_for_cycle; },
          2, 1000, "fewer baskets of a product: use its population cycle"),
      number(
          "score.win_back_ratio", [](auto& c) -> auto& { return c.score.win_back_ratio; }, 0.1, 1000,
          "reason `win_back` from this elapsed / cycle on (a lapsed favourite)"),
      number(
          "score.due_ratio", [](auto& c) -> auto& { return c.score.due_ratio; }, 0, 1000,
          "reason `replenish` from this elapsed / cycle on"),
      choice(
          "score.similarity", [](auto& c) -> auto& { return c.score.measure; }, measures,
          "item similarity: cosine, Jaccard or Dunning's log-likelihood ratio"),
      integer(
          "score.similarity_window_days", [](auto& c) -> auto& { return c.score.similarity_window_days; }, 1,
          3650, "co-occurrence counted over this recent window only"),
      integer(
          "score.max_products_per_household",
          [](auto& c) -> auto& { return c.score.max_products_per_household; }, 2, 10000,
          "bound on the pairs per household (most baskets, then most recent)"),
      integer(
          "score.similarity_households", [](auto& c) -> auto& { return c.score.similarity_households; }, 1,
          1e12, "co-occurrence counted on a sample of at most this many households"),
      integer(
          "score.neighbours", [](auto& c) -> auto& { return c.score.neighbours; }, 1, 1000,
          "neighbours kept per product (30 and 60 gave no gain on the validation window)"),
      integer(
          "score.min_co_households", [](auto& c) -> auto& { return c.score.min_co_households; }, 1, 1000000,
          "pairs seen in fewer households are noise"),
      integer(
          "score.pair_batch", [](auto& c) -> auto& { return c.score.pair_batch; }, 1000, 1e9,
          "pairs per `Alltoallv` round (bounds memory)"),
      integer(
          "score.cross_sell_candidates", [](auto& c) -> auto& { return c.score.cross_sell_candidates; }, 0,
          1000, "explore candidates per household: new products by similarity"),
      integer(
          "score.cross_sell_triggers", [](auto& c) -> auto& { return c.score.cross_sell_triggers; }, 0,
          100000,
          "the household's products with the largest decayed frequency whose neighbours seed the "
          "cross-sell (0 = every product); the rest add little and cost most of the candidate time"),
      integer(
          "score.popular_candidates", [](auto& c) -> auto& { return c.score.popular_candidates; }, 0, 1000,
          "popular products considered per household"),
      integer(
          "score.popularity_window_days", [](auto& c) -> auto& { return c.score.popularity_window_days; }, 1,
          3650, "popularity = buyers per product in this recent window"),
      boolean(
          "score.learn_blend", [](auto& c) -> auto& { return c.score.learn_blend; },
          "fit the blend on a validation window; false = hand-set weights (`BlendModel::defaults`)"),
      integer(
          "score.validation_window_days", [](auto& c) -> auto& { return c.score.validation_window_days; }, 1,
          365, "the fold the blend is fitted on (ends at as-of)"),
      integer(
          "score.max_training_households", [](auto& c) -> auto& { return c.score.max_training_households; },
          1, 1e9, "households sampled for the fit"),
      number(
          "score.l2", [](auto& c) -> auto& { return c.score.l2; }, 0, 1e6,
          "ridge penalty of the logistic fit"),
      integer(
          "score.reward_slots", [](auto& c) -> auto& { return c.score.reward_slots; }, 0, 100,
          "at least this many products the household already buys"),
      integer(
          "score.discovery_slots", [](auto& c) -> auto& { return c.score.discovery_slots; }, 0, 100,
          "at least this many products new to the household (`reward_slots + discovery_slots <= k`)"),
  };
}

std::vector<ConfigKey> campaign_keys() {
  return {
      string(
          "campaign.name", [](auto& c) -> auto& { return c.campaign.name; },
          "free text, recorded in the coupons file's `campaign` attribute"),
      string(
          "campaign.offers", [](auto& c) -> auto& { return c.campaign.offers; },
          "offers CSV (below), relative to the config file's folder. Empty: every product is on offer"),
      string_list(
          "campaign.exclude_departments", [](auto& c) -> auto& { return c.campaign.exclude_departments; },
          "department names (exact, as in the products file) that never carry a coupon"),
      string_list(
          "campaign.exclude_commodities", [](auto& c) -> auto& { return c.campaign.exclude_commodities; },
          "commodity names that never carry a coupon"),
      integer_list(
          "campaign.exclude_products", [](auto& c) -> auto& { return c.campaign.exclude_products; },
          "external product ids that never carry a coupon"),
      integer(
          "campaign.max_per_department", [](auto& c) -> auto& { return c.campaign.max_per_department; }, 0,
          100, "at most this many coupons per household per department; 0 = no cap"),
      integer(
          "campaign.max_per_commodity", [](auto& c) -> auto& { return c.campaign.max_per_commodity; }, 0, 100,
          "the same per commodity; 0 = no cap"),
      number(
          "campaign.control_share", [](auto& c) -> auto& { return c.campaign.control_share; }, 0, 0.5,
          "share of households held out as the control group"),
      string(
          "campaign.salt", [](auto& c) -> auto& { return c.campaign.salt; },
          "key of the control-group hash; required when `control_share > 0`. Not a secret (it is "
          "written to the coupons file); use one salt per campaign"),
      boolean(
          "campaign.birthday_slot", [](auto& c) -> auto& { return c.campaign.birthday_slot; },
          "households whose birth month is the mailing day's month get one event slot"),
      string_list(
          "campaign.event_departments", [](auto& c) -> auto& { return c.campaign.event_departments; },
          "departments the event product comes from; empty = any eligible product"),
      formatted_string(
          "campaign.day_one", [](auto& c) -> auto& { return c.campaign.day_one; }, "YYYY-MM-DD",
          empty_or_date,
          "calendar date of day 1, to know the mailing day's month. Empty: the store's "
          "`day_origin` (ingest with `day.format = \"iso-date\"`); with neither, no event slots "
          "(logged)"),
      integer(
          "campaign.new_days", [](auto& c) -> auto& { return c.campaign.new_days; }, 1, 3650,
          "cohort `new`: first purchase fewer than this many days before the as-of day"),
      integer(
          "campaign.lapsing_days", [](auto& c) -> auto& { return c.campaign.lapsing_days; }, 1, 3650,
          "cohort `lapsing`: no purchase in this many days"),
  };
}

std::vector<ConfigKey> all_keys() {
  std::vector<ConfigKey> keys = ingest_keys();
  for (auto part : {score_keys(), campaign_keys()})
    for (auto& key : part) keys.push_back(std::move(key));
  return keys;
}

}  // namespace

const std::vector<ConfigKey>& config_keys() {
  static const std::vector<ConfigKey> keys = all_keys();
  return keys;
}

std::string_view section_of(std::string_view name) { return name.substr(0, name.find('.')); }

std::string_view table_of(std::string_view name) {
  const auto dot = name.rfind('.');
  return dot == std::string_view::npos ? std::string_view() : name.substr(0, dot);
}

std::string_view leaf_of(std::string_view name) { return name.substr(name.rfind('.') + 1); }

}  // namespace basketgap
