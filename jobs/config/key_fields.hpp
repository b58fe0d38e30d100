// Makers of the rows of the key table, one per value type: each binds a key to its field, given
// as a member pointer into the section's struct (&engine::ScoreConfig::k).
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "jobs/config/config_keys.hpp"

namespace basketgap::key_fields {

// The struct of JobConfig (const or not) that holds the fields of `Section`.
template <typename Section, typename Config>
auto& part_of(Config& c) {
  if constexpr (std::is_same_v<Section, engine::ScoreConfig>) {
    return c.score;
  } else if constexpr (std::is_same_v<Section, CampaignConfig>) {
    return c.campaign;
  } else if constexpr (std::is_same_v<Section, IngestConfig>) {
    return c.ingest;
  } else {
    static_assert(std::is_same_v<Section, io::ColumnMapping>);
    return c.ingest.columns;
  }
}

// A key of type `type` whose field converts to and from KeyValue alternative `Stored`.
template <typename Stored, typename Section, typename T>
ConfigKey stored_as(std::string name, KeyType type, T Section::*field, std::string help) {
  ConfigKey key;
  key.name = std::move(name);
  key.type = type;
  key.help = std::move(help);
  key.get = [field](const JobConfig& c) -> KeyValue {
    return static_cast<Stored>(part_of<Section>(c).*field);
  };
  key.set = [field](JobConfig& c, const KeyValue& v) {
    part_of<Section>(c).*field = static_cast<T>(std::get<Stored>(v));
  };
  return key;
}

template <typename Section, typename T>
ConfigKey integer(std::string name, T Section::*field, double min, double max, std::string help) {
  ConfigKey key = stored_as<std::int64_t>(std::move(name), KeyType::integer, field, std::move(help));
  key.min = min;
  key.max = max;
  return key;
}

template <typename Section>
ConfigKey number(std::string name, double Section::*field, double min, double max, std::string help) {
  ConfigKey key = stored_as<double>(std::move(name), KeyType::number, field, std::move(help));
  key.min = min;
  key.max = max;
  return key;
}

template <typename Section>
ConfigKey boolean(std::string name, bool Section::*field, std::string help) {
  return stored_as<bool>(std::move(name), KeyType::boolean, field, std::move(help));
}

template <typename Section>
ConfigKey string(std::string name, std::string Section::*field, std::string help) {
  return stored_as<std::string>(std::move(name), KeyType::string, field, std::move(help));
}

template <typename Section>
ConfigKey string_list(std::string name, std::vector<std::string> Section::*field, std::string help) {
  return stored_as<std::vector<std::string>>(std::move(name), KeyType::string_list, field, std::move(help));
}

template <typename Section>
ConfigKey integer_list(std::string name, std::vector<std::int64_t> Section::*field, std::string help) {
  return stored_as<std::vector<std::int64_t>>(std::move(name), KeyType::integer_list, field, std::move(help));
}

// A string that `accepts` checks; `format` names the expected form in errors and docs.
template <typename Section>
ConfigKey formatted_string(std::string name, std::string Section::*field, std::string format,
                           bool (*accepts)(const std::string&), std::string help) {
  ConfigKey key = string(std::move(name), field, std::move(help));
  key.format = std::move(format);
  key.accepts = accepts;
  return key;
}

// An enum field written as one of the names in `names` (name, value pairs).
template <typename Section, typename Enum>
ConfigKey choice(std::string name, Enum Section::*field, std::vector<std::pair<std::string, Enum>> names,
                 std::string help) {
  ConfigKey key;
  key.name = std::move(name);
  key.type = KeyType::choice;
  key.help = std::move(help);
  for (const auto& n : names) key.choices.push_back(n.first);
  key.get = [field, names](const JobConfig& c) -> KeyValue {
    for (const auto& [text, value] : names)
      if (value == part_of<Section>(c).*field) return text;
    return std::string();
  };
  // The reader has checked the name against `choices`.
  key.set = [field, names](JobConfig& c, const KeyValue& v) {
    for (const auto& [text, value] : names)
      if (text == std::get<std::string>(v)) part_of<Section>(c).*field = value;
  };
  return key;
}

}  // namespace basketgap::key_fields
