#include "jobs/config/config_keys.hpp"

#include "jobs/config/key_fields.hpp"

namespace basketgap {
namespace {

using engine::ScoreConfig;
using engine::SimilarityMeasure;
using io::ColumnMapping;
using namespace key_fields;

// "" (not set) or a calendar date.
bool empty_or_date(const std::string& text) {
  int days = 0;
  return text.empty() || io::parse_iso_date(text, days);
}

std::vector<ConfigKey> ingest_keys() {
  return {
      string("ingest.columns.household", &ColumnMapping::household,
             "name of the household id column (must be in the header)"),
      string("ingest.columns.basket", &ColumnMapping::basket,
             "name of the basket id column (must be in the header). A basket is a household's id on one "
             "day: a till that numbers its baskets again every day is read right"),
      string("ingest.columns.day", &ColumnMapping::day, "name of the day column (must be in the header)"),
      string("ingest.columns.product", &ColumnMapping::product,
             "name of the product id column (must be in the header)"),
      string("ingest.columns.quantity", &ColumnMapping::quantity,
             "name of the quantity column; `\"\"` = every line is quantity 1"),
      string("ingest.columns.spend", &ColumnMapping::spend,
             "name of the spend column; `\"\"` = spend 0 on every line"),
      choice("ingest.day.format", &ColumnMapping::day_format,
             std::vector<std::pair<std::string, io::DayFormat>>{{"day-number", io::DayFormat::day_number},
                                                                {"iso-date", io::DayFormat::iso_date}},
             "an integer day number (0 to 100000; dunnhumby's first day is 1) or a date YYYY-MM-DD"),
      formatted_string("ingest.day.origin", &ColumnMapping::day_origin, "YYYY-MM-DD", empty_or_date,
                       "the date that is day 1; required with `\"iso-date\"`"),
      string_list(
          "ingest.households.ignore_columns", &IngestConfig::ignore_household_columns,
          "households file columns whose names speak of consent or a mailing suppression but that hold "
          "no opt-out (a consent record's id, an unsubscribe link): read as nothing. Any other such "
          "column is exit 65 (its opt-outs would be lost); list one here only once you know it holds "
          "none"),
  };
}

std::vector<ConfigKey> score_keys() {
  std::vector<std::pair<std::string, SimilarityMeasure>> measures;
  for (auto m : {SimilarityMeasure::cosine, SimilarityMeasure::jaccard, SimilarityMeasure::llr})
    measures.emplace_back(engine::similarity_name(m), m);
  std::vector<std::pair<std::string, engine::Ranker>> rankers;
  for (auto r : {engine::Ranker::linear, engine::Ranker::trees, engine::Ranker::pairwise_linear})
    rankers.emplace_back(engine::ranker_name(r), r);
  std::vector<std::pair<std::string, engine::CategoryLevel>> levels;
  for (auto l :
       {engine::CategoryLevel::none, engine::CategoryLevel::commodity, engine::CategoryLevel::sub_commodity})
    levels.emplace_back(engine::category_level_name(l), l);
  std::vector<std::pair<std::string, engine::TreeObjective>> objectives;
  for (auto o : {engine::TreeObjective::logistic, engine::TreeObjective::pairwise})
    objectives.emplace_back(engine::tree_objective_name(o), o);
  return {
      integer("score.k", &ScoreConfig::k, 1, 100, "coupons per household (`--k` overrides)"),
      number("score.half_life_days", &ScoreConfig::half_life_days, 1, 3650,
             "half-life of the long-memory decayed purchase frequency"),
      number("score.short_half_life_days", &ScoreConfig::short_half_life_days, 1, 3650,
             "half-life of the short-memory decayed purchase frequency"),
      integer("score.min_purchases_for_cycle", &ScoreConfig::min_purchases_for_cycle, 2, 1000,
              "fewer baskets of a product: use its population cycle"),
      number("score.win_back_ratio", &ScoreConfig::win_back_ratio, 0.1, 1000,
             "reason `win_back` from this elapsed / cycle on (a lapsed favourite)"),
      number("score.due_ratio", &ScoreConfig::due_ratio, 0, 1000,
             "reason `replenish` from this elapsed / cycle on"),
      choice("score.similarity", &ScoreConfig::measure, measures,
             "item similarity: cosine, Jaccard or Dunning's log-likelihood ratio"),
      integer("score.similarity_window_days", &ScoreConfig::similarity_window_days, 1, 3650,
              "co-occurrence counted over this recent window only"),
      integer("score.max_products_per_household", &ScoreConfig::max_products_per_household, 2, 10000,
              "bound on the pairs per household (most baskets, then most recent)"),
      integer("score.similarity_households", &ScoreConfig::similarity_households, 1, 1e12,
              "co-occurrence counted on a sample of this many households (all when fewer)"),
      integer("score.neighbours", &ScoreConfig::neighbours, 1, 1000,
              "neighbours kept per product (30 and 60 gave no gain on the validation window)"),
      integer("score.min_co_households", &ScoreConfig::min_co_households, 1, 1000000,
              "pairs seen in fewer households are noise"),
      integer("score.pair_batch", &ScoreConfig::pair_batch, 1000, 1e9,
              "pairs per `Alltoallv` round of the similarity counts (bounds memory); sampled windows that "
              "fit in that memory are gathered instead"),
      integer("score.cross_sell_candidates", &ScoreConfig::cross_sell_candidates, 0, 1000,
              "explore candidates per household: new products by similarity"),
      integer("score.cross_sell_triggers", &ScoreConfig::cross_sell_triggers, 0, 100000,
              "the household's products with the largest decayed frequency whose neighbours seed the "
              "cross-sell (0 = every product); the rest add little and cost most of the candidate time"),
      integer("score.popular_candidates", &ScoreConfig::popular_candidates, 0, 1000,
              "popular products considered per household (at most: the fit leaves them out for the night "
              "when they rank its households worse, \"fit\" above)"),
      integer("score.popularity_window_days", &ScoreConfig::popularity_window_days, 1, 3650,
              "popularity = buyers per product in this recent window"),
      boolean("score.repeat_similarity", &ScoreConfig::repeat_similarity,
              "a repeat candidate's `cross_sell` feature is its similarity to the household's strongest "
              "products (the family of a variant): for shoppers who switch between variants; costs "
              "select time"),
      choice("score.category_level", &ScoreConfig::category_level, levels,
             "the products file's level the category features and candidates use: `sub_commodity` (the "
             "commodity when the file has none), `commodity` or `none`; a store without a products file "
             "has none"),
      integer("score.category_candidates", &ScoreConfig::category_candidates, 0, 1000,
              "explore candidates per household from its strongest categories: their most popular "
              "products it never bought, at most 2 a category (0 = none)"),
      boolean("score.successors", &ScoreConfig::successors,
              "a product relaunched under a new id (its regular buyers took up a new product as it stopped "
              "selling, far more than other shoppers) has its buyers' rows counted as the new id's: the "
              "new product inherits their cycles; false: every id on its own"),
      boolean("score.learn_blend", &ScoreConfig::learn_blend,
              "fit the blend on a validation window; false = hand-set weights (`BlendModel::defaults`)"),
      integer("score.validation_window_days", &ScoreConfig::validation_window_days, 1,
              engine::kLongestHorizonDays,
              "the horizon the coupons are chosen for (a purchase in the next this many days) and "
              "the length of each fold the blend is fitted on (the last ends at as-of); "
              "`evaluate` sets it to `--window` unless the file sets it"),
      integer("score.validation_span_days", &ScoreConfig::validation_span_days, 1, 365,
              "the blend is fitted on as many consecutive folds as cover this many days (a short "
              "horizon has few purchases in one fold)"),
      integer("score.max_training_households", &ScoreConfig::max_training_households, 1, 1e9,
              "households sampled for the fit (exactly; all when fewer), over all its folds (a short "
              "horizon's folds share them out)"),
      number("score.l2", &ScoreConfig::l2, 0, 1e6, "ridge penalty of the logistic fit"),
      choice("score.ranker", &ScoreConfig::ranker, rankers,
             "`pairwise_linear` (the default): the blend plus a linear model fitted on the (bought, not "
             "bought) pairs among each household's best; `linear`: the logistic blend alone; `trees`: "
             "boosted trees (XGBoost) that re-rank the blend's best; both fitted only with `learn_blend` "
             "(`trees` without it is an error)"),
      boolean(
          "score.fit_tries_trees", &ScoreConfig::fit_tries_trees,
          "with `ranker = \"pairwise_linear\"` and a learned blend: the fit also judges trees on top of the "
          "blend out of sample (households in two halves, each ranked by trees fitted on the other) and they "
          "score the night when their gain's 95 % interval is above 0; false: never (saves their fits)"),
      choice("score.tree_objective", &ScoreConfig::tree_objective, objectives,
             "what the trees learn: `logistic` (the purchase; scores stay probabilities) or `pairwise` "
             "(the order within each household; scores only rank)"),
      integer("score.tree_rounds", &ScoreConfig::tree_rounds, 1, 10000, "boosting rounds, one tree each"),
      integer("score.tree_depth", &ScoreConfig::tree_depth, 1, 12, "levels per tree"),
      number("score.tree_learning_rate", &ScoreConfig::tree_learning_rate, 0.001, 1,
             "shrinkage of each tree"),
      number("score.tree_min_child_weight", &ScoreConfig::tree_min_child_weight, 0, 1e6,
             "least hessian mass in a leaf (bounds overfitting)"),
      integer("score.tree_candidates", &ScoreConfig::tree_candidates, 1, 10000,
              "the blend's best candidates per household that `trees` re-rank (the rest rank below them)"),
      integer("score.tree_folds", &ScoreConfig::tree_folds, 1, 12,
              "consecutive validation folds (each `validation_window_days` long, the last ending at as-of) "
              "the trees are fitted on"),
      integer("score.tree_training_households", &ScoreConfig::tree_training_households, 1, 1e9,
              "households sampled per fold for the trees (the fit runs on one core of rank 0)"),
      integer("score.rerank_candidates", &ScoreConfig::rerank_candidates, 1, 10000,
              "the blend's best candidates per household whose (bought, not bought) pairs `pairwise_linear` "
              "is fitted on"),
      integer("score.rerank_training_households", &ScoreConfig::rerank_training_households, 1, 1e9,
              "this many households of the blend's sample (all when fewer), whose pairs `pairwise_linear` is "
              "fitted on (the fit runs on one core of rank 0)"),
      number("score.rerank_l2", &ScoreConfig::rerank_l2, 0, 1e6,
             "ridge penalty of `pairwise_linear` (pulls it toward the blend's order)"),
      integer("score.reward_slots", &ScoreConfig::reward_slots, 0, 100,
              "at least this many products the household already buys"),
      integer("score.discovery_slots", &ScoreConfig::discovery_slots, 0, 100,
              "at least this many products new to the household, as far as its explore candidates and the "
              "campaign's caps allow (`reward_slots + discovery_slots <= k`)"),
  };
}

std::vector<ConfigKey> campaign_keys() {
  return {
      string("campaign.name", &CampaignConfig::name,
             "free text, recorded in the coupons file's `campaign` attribute"),
      string("campaign.offers", &CampaignConfig::offers,
             "offers CSV (below), relative to the config file's folder (score logs the file it read; the "
             "coupons file's `campaign` records it as an absolute path). Empty: every product is on offer"),
      string_list(
          "campaign.exclude_departments", &CampaignConfig::exclude_departments,
          "department names (as in the products file; a name the store lacks but for case, blanks or a typo "
          "is "
          "exit 64) that never carry a coupon — and the store's other spellings of a listed name but for "
          "case "
          "and blanks, inside the name too (`Tobacco ` and `TOBAC CO` beside `TOBACCO`: excluded too, and "
          "score warns that the products file "
          "spells "
          "one name two ways). Fail closed: with any name set, a product the store has no department for "
          "(the "
          "products file does not describe it) carries no coupon either — it might be in an excluded one; "
          "score warns with their count"),
      string_list("campaign.exclude_commodities", &CampaignConfig::exclude_commodities,
                  "commodity names that never carry a coupon (their other spellings but for case and blanks "
                  "too, and, as above, no product without a commodity in the store)"),
      integer_list("campaign.exclude_products", &CampaignConfig::exclude_products,
                   "external product ids that never carry a coupon"),
      integer("campaign.max_per_department", &CampaignConfig::max_per_department, 0, 100,
              "at most this many coupons per household per department; 0 = no cap"),
      integer("campaign.max_per_commodity", &CampaignConfig::max_per_commodity, 0, 100,
              "the same per commodity; 0 = no cap"),
      number("campaign.control_share", &CampaignConfig::control_share, 0, 0.5,
             "share of households held out as the control group"),
      string("campaign.salt", &CampaignConfig::salt,
             "key of the control-group hash; required when `control_share > 0`. Not a secret (it is "
             "written to the coupons file); use one salt per campaign"),
      boolean("campaign.birthday_slot", &CampaignConfig::birthday_slot,
              "households whose birth month is the mailing day's month get one event slot"),
      string_list("campaign.event_departments", &CampaignConfig::event_departments,
                  "departments the event product comes from; empty = any eligible product"),
      formatted_string("campaign.day_one", &CampaignConfig::day_one, "YYYY-MM-DD", empty_or_date,
                       "calendar date of day 1, to know the mailing day's month. Empty: the store's day "
                       "origin (the `day_origin=` of its `column_mapping` attribute, written by an ingest "
                       "with `day.format = \"iso-date\"`); with neither, no event slots "
                       "(logged)"),
      integer("campaign.new_days", &CampaignConfig::new_days, 1, 3650,
              "cohort `new`: first purchase fewer than this many days before the as-of day"),
      integer("campaign.lapsing_days", &CampaignConfig::lapsing_days, 1, 3650,
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
