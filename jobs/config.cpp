#include "jobs/config.hpp"

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

}  // namespace

IngestConfig load_ingest_config(const std::string& path) {
  IngestConfig config;
  if (path.empty()) return config;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    const auto& src = e.source();
    throw UsageError(path + ":" + std::to_string(src.begin.line) + ":" +
                     std::to_string(src.begin.column) + ": " + std::string(e.description()));
  }
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
