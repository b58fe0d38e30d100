// The table of every configuration key: one row per key with its dotted name, type, range,
// help and the field of JobConfig it lands in. Its defaults are the structs' initialisers.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "jobs/config/job_config.hpp"

namespace basketgap {

enum class KeyType { integer, number, boolean, string, string_list, integer_list, choice };

// A key's value as read from TOML or from the struct (a choice holds its name).
using KeyValue = std::variant<std::int64_t, double, bool, std::string, std::vector<std::string>,
                              std::vector<std::int64_t>>;

struct ConfigKey {
  std::string name;  // dotted: section, sub-tables, key ("ingest.columns.household")
  KeyType type = KeyType::string;
  double min = 0, max = 0;           // integer and number keys: the accepted range, inclusive
  std::vector<std::string> choices;  // choice keys: the accepted names
  std::string help;                  // one line, Markdown, for the docs table
  std::function<KeyValue(const JobConfig&)> get;
  std::function<void(JobConfig&, const KeyValue&)> set;
  // Optional rule on a string value (a date): true when accepted; `format` names what is expected.
  std::function<bool(const std::string&)> accepts;
  std::string format;
};

// Every key, in the order of the effective-config text.
const std::vector<ConfigKey>& config_keys();

// Parts of a dotted name: "ingest.columns.household" -> "ingest", "ingest.columns", "household".
std::string_view section_of(std::string_view name);
std::string_view table_of(std::string_view name);
std::string_view leaf_of(std::string_view name);

}  // namespace basketgap
