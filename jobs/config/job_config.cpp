#include "jobs/config/job_config.hpp"

#include <toml++/toml.h>

#include <set>

#include "io/errors.hpp"

namespace basketgap {
namespace {

std::string where(const std::string& path, const toml::node& node) {
  const auto& src = node.source();
  return path + ":" + std::to_string(src.begin.line) + ":" + std::to_string(src.begin.column);
}

// Rejects keys of `table` that are not in `known`.
void check_keys(const std::string& path, const toml::table& table, const std::string& prefix,
                const std::set<std::string>& known) {
  for (const auto& [key, node] : table) {
    if (!known.count(std::string(key.str())))
      throw UsageError(where(path, node) + ": unknown key '" + prefix + std::string(key.str()) + "'");
  }
}

std::string string_value(const std::string& path, const toml::table& table, const char* key,
                         const std::string& fallback) {
  const toml::node* node = table.get(key);
  if (!node) return fallback;
  if (!node->is_string()) throw UsageError(where(path, *node) + ": '" + key + "' must be a string");
  return std::string(*node->value<std::string>());
}

template <typename T>
void number_value(const std::string& path, const toml::table& table, const char* key, T& out,
                  double min, double max) {
  const toml::node* node = table.get(key);
  if (!node) return;
  double v = 0;
  if (auto i = node->value<std::int64_t>()) v = static_cast<double>(*i);
  else if (auto d = node->value<double>()) v = *d;
  else throw UsageError(where(path, *node) + ": score." + key + " must be a number");
  if (v < min || v > max)
    throw UsageError(where(path, *node) + ": score." + key + " = " + std::to_string(v) +
                     " is outside [" + std::to_string(min) + ", " + std::to_string(max) + "]");
  if constexpr (std::is_integral_v<T>) {
    if (v != static_cast<double>(static_cast<std::int64_t>(v)))
      throw UsageError(where(path, *node) + ": score." + key + " must be a whole number");
  }
  out = static_cast<T>(v);
}

toml::table parse_config_file(const std::string& path) {
  try {
    return toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw UsageError(path + ":" + std::to_string(src.begin.line) + ":" +
                     std::to_string(src.begin.column) + ": " + std::string(e.description()));
  }
}

}  // namespace

engine::ScoreConfig load_score_config(const std::string& path) {
  engine::ScoreConfig c;
  if (path.empty()) return c;
  const toml::table root = parse_config_file(path);
  const toml::table* score = root["score"].as_table();
  if (!score) return c;
  check_keys(path, *score, "score.",
             {"k", "half_life_days", "short_half_life_days", "min_purchases_for_cycle",
              "win_back_ratio", "due_ratio", "similarity", "similarity_window_days",
              "max_products_per_household", "similarity_households", "neighbours", "min_co_households", "pair_batch",
              "cross_sell_candidates", "cross_sell_triggers", "popular_candidates", "popularity_window_days",
              "learn_blend", "validation_window_days", "max_training_households", "l2",
              "reward_slots", "discovery_slots"});
  number_value(path, *score, "k", c.k, 1, 100);
  number_value(path, *score, "half_life_days", c.half_life_days, 1, 3650);
  number_value(path, *score, "short_half_life_days", c.short_half_life_days, 1, 3650);
  number_value(path, *score, "min_purchases_for_cycle", c.min_purchases_for_cycle, 2, 1000);
  number_value(path, *score, "win_back_ratio", c.win_back_ratio, 0.1, 1000);
  number_value(path, *score, "due_ratio", c.due_ratio, 0.0, 1000);
  const std::string measure = string_value(path, *score, "similarity", engine::similarity_name(c.measure));
  if (measure == "cosine") c.measure = engine::SimilarityMeasure::cosine;
  else if (measure == "jaccard") c.measure = engine::SimilarityMeasure::jaccard;
  else if (measure == "llr") c.measure = engine::SimilarityMeasure::llr;
  else throw UsageError(where(path, *score->get("similarity")) + ": score.similarity must be \"cosine\", \"jaccard\" or \"llr\"");
  number_value(path, *score, "similarity_window_days", c.similarity_window_days, 1, 3650);
  number_value(path, *score, "max_products_per_household", c.max_products_per_household, 2, 10000);
  number_value(path, *score, "similarity_households", c.similarity_households, 1, 1e12);
  number_value(path, *score, "neighbours", c.neighbours, 1, 1000);
  number_value(path, *score, "min_co_households", c.min_co_households, 1, 1000000);
  number_value(path, *score, "pair_batch", c.pair_batch, 1000, 1e9);
  number_value(path, *score, "cross_sell_candidates", c.cross_sell_candidates, 0, 1000);
  number_value(path, *score, "cross_sell_triggers", c.cross_sell_triggers, 0, 100000);
  number_value(path, *score, "popular_candidates", c.popular_candidates, 0, 1000);
  number_value(path, *score, "popularity_window_days", c.popularity_window_days, 1, 3650);
  if (const toml::node* n = score->get("learn_blend")) {
    if (!n->is_boolean()) throw UsageError(where(path, *n) + ": score.learn_blend must be true or false");
    c.learn_blend = *n->value<bool>();
  }
  number_value(path, *score, "validation_window_days", c.validation_window_days, 1, 365);
  number_value(path, *score, "max_training_households", c.max_training_households, 1, 1e9);
  number_value(path, *score, "l2", c.l2, 0, 1e6);
  number_value(path, *score, "reward_slots", c.reward_slots, 0, 100);
  number_value(path, *score, "discovery_slots", c.discovery_slots, 0, 100);
  if (c.reward_slots + c.discovery_slots > c.k)
    throw UsageError(path + ": score.reward_slots + score.discovery_slots exceed k");
  return c;
}

IngestConfig load_ingest_config(const std::string& path) {
  IngestConfig config;
  if (path.empty()) return config;
  const toml::table root = parse_config_file(path);
  const toml::table* ingest = root["ingest"].as_table();
  if (!ingest) return config;
  check_keys(path, *ingest, "ingest.", {"columns", "day"});
  auto& c = config.columns;
  if (const toml::table* columns = (*ingest)["columns"].as_table()) {
    check_keys(path, *columns, "ingest.columns.",
               {"household", "basket", "day", "product", "quantity", "spend"});
    c.household = string_value(path, *columns, "household", c.household);
    c.basket = string_value(path, *columns, "basket", c.basket);
    c.day = string_value(path, *columns, "day", c.day);
    c.product = string_value(path, *columns, "product", c.product);
    c.quantity = string_value(path, *columns, "quantity", c.quantity);
    c.spend = string_value(path, *columns, "spend", c.spend);
  }
  if (const toml::table* day = (*ingest)["day"].as_table()) {
    check_keys(path, *day, "ingest.day.", {"format", "origin"});
    const std::string format = string_value(path, *day, "format", "day-number");
    if (format == "day-number") c.day_format = io::DayFormat::day_number;
    else if (format == "iso-date") c.day_format = io::DayFormat::iso_date;
    else
      throw UsageError(where(path, *day->get("format")) + ": ingest.day.format must be "
                       "\"day-number\" or \"iso-date\", not \"" + format + "\"");
    c.day_origin = string_value(path, *day, "origin", "");
    if (c.day_format == io::DayFormat::iso_date && c.day_origin.empty())
      throw UsageError(path + ": ingest.day.origin (YYYY-MM-DD, the date of day 1) is required with format \"iso-date\"");
  }
  return config;
}

}  // namespace basketgap
