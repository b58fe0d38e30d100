// Makers of the rows of the key table, one per value type: each binds a key to its field of
// JobConfig. `field` is a generic lambda `[](auto& c) -> auto& { return c.score.k; }`, so one
// spelling serves the read (const JobConfig) and the write.
#pragma once

#include <cstdint>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "jobs/config/config_keys.hpp"

namespace basketgap::key_fields {

// The field's type, without reference or const.
template <typename Field>
using FieldType = std::remove_cvref_t<decltype(std::declval<Field>()(std::declval<JobConfig&>()))>;

// A key of type `type` whose field converts to and from KeyValue alternative `Stored`.
template <typename Stored, typename Field>
ConfigKey stored_as(std::string name, KeyType type, Field field, std::string help) {
  ConfigKey key;
  key.name = std::move(name);
  key.type = type;
  key.help = std::move(help);
  key.get = [field](const JobConfig& c) -> KeyValue { return static_cast<Stored>(field(c)); };
  key.set = [field](JobConfig& c, const KeyValue& v) {
    field(c) = static_cast<FieldType<Field>>(std::get<Stored>(v));
  };
  return key;
}

template <typename Field>
ConfigKey integer(std::string name, Field field, double min, double max, std::string help) {
  ConfigKey key = stored_as<std::int64_t>(std::move(name), KeyType::integer, field, std::move(help));
  key.min = min;
  key.max = max;
  return key;
}

template <typename Field>
ConfigKey number(std::string name, Field field, double min, double max, std::string help) {
  ConfigKey key = stored_as<double>(std::move(name), KeyType::number, field, std::move(help));
  key.min = min;
  key.max = max;
  return key;
}

template <typename Field>
ConfigKey boolean(std::string name, Field field, std::string help) {
  return stored_as<bool>(std::move(name), KeyType::boolean, field, std::move(help));
}

template <typename Field>
ConfigKey string(std::string name, Field field, std::string help) {
  return stored_as<std::string>(std::move(name), KeyType::string, field, std::move(help));
}

template <typename Field>
ConfigKey string_list(std::string name, Field field, std::string help) {
  return stored_as<std::vector<std::string>>(std::move(name), KeyType::string_list, field, std::move(help));
}

template <typename Field>
ConfigKey integer_list(std::string name, Field field, std::string help) {
  return stored_as<std::vector<std::int64_t>>(std::move(name), KeyType::integer_list, field, std::move(help));
}

// A string that `accepts` checks; `format` names the expected form in errors and docs.
template <typename Field, typename Accepts>
ConfigKey formatted_string(std::string name, Field field, std::string format, Accepts accepts,
                           std::string help) {
  ConfigKey key = string(std::move(name), field, std::move(help));
  key.format = std::move(format);
  key.accepts = accepts;
  return key;
}

// An enum field written as one of the names in `names` (name, value pairs).
template <typename Field, typename Enum>
ConfigKey choice(std::string name, Field field, std::vector<std::pair<std::string, Enum>> names,
                 std::string help) {
  ConfigKey key;
  key.name = std::move(name);
  key.type = KeyType::choice;
  key.help = std::move(help);
  for (const auto& n : names) key.choices.push_back(n.first);
  key.get = [field, names](const JobConfig& c) -> KeyValue {
    for (const auto& [text, value] : names)
      if (value == field(c)) return text;
    return std::string();
  };
  // The reader has checked the name against `choices`.
  key.set = [field, names](JobConfig& c, const KeyValue& v) {
    for (const auto& [text, value] : names)
      if (text == std::get<std::string>(v)) field(c) = value;
  };
  return key;
}

}  // namespace basketgap::key_fields
