// load_config / parse_config: TOML syntax, then unknown names, then each key of the table by
// its type and range, then the rules between keys.
#include <fmt/format.h>

#include <cmath>
#include <fstream>
#include <iterator>

#include "jobs/config/config_error.hpp"
#include "jobs/config/config_keys.hpp"
#include "jobs/config/config_rules.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/config/unknown_names.hpp"

namespace basketgap {
namespace {

// Reads the nodes of one key: every error names the place and the key.
class KeyReader {
 public:
  KeyReader(const ConfigKey& key, const std::string& path) : key_(key), path_(path) {}

  KeyValue read(const toml::node& node) const {
    switch (key_.type) {
      case KeyType::integer:
        return in_range(whole_number(node), node);
      case KeyType::number:
        return in_range(number(node), node);
      case KeyType::boolean:
        if (!node.is_boolean()) throw error(node, "must be true or false");
        return *node.value<bool>();
      case KeyType::string:
        return formatted(text(node), node);
      case KeyType::choice:
        return one_of_choices(node);
      case KeyType::string_list:
        return list<std::string>(node, "strings");
      case KeyType::integer_list:
        return list<std::int64_t>(node, "integers");
    }
    return {};
  }

 private:
  UsageError error(const toml::node& at, const std::string& what) const {
    return config_error(path_, at.source().begin, key_.name + " " + what);
  }

  // An integer; a float is accepted when it is a whole number (`k = 12.0`).
  std::int64_t whole_number(const toml::node& node) const {
    if (auto i = node.value_exact<std::int64_t>()) return *i;
    const auto d = node.value_exact<double>();
    if (!d) throw error(node, "must be an integer");
    if (*d != std::trunc(*d) || std::fabs(*d) > 9e18) throw error(node, "must be a whole number");
    return static_cast<std::int64_t>(*d);
  }

  double number(const toml::node& node) const {
    if (auto i = node.value_exact<std::int64_t>()) return static_cast<double>(*i);
    if (auto d = node.value_exact<double>()) return *d;
    throw error(node, "must be a number");
  }

  // Integers print as integers: "score.k = 200 is outside [1, 100]".
  template <typename T>
  T in_range(T value, const toml::node& node) const {
    if (value >= key_.min && value <= key_.max) return value;
    throw error(node, fmt::format("= {} is outside [{}, {}]", value, static_cast<T>(key_.min),
                                  static_cast<T>(key_.max)));
  }

  std::string text(const toml::node& node) const {
    if (!node.is_string()) throw error(node, "must be a string");
    return *node.value<std::string>();
  }

  std::string formatted(std::string value, const toml::node& node) const {
    if (key_.accepts && !key_.accepts(value))
      throw error(node, fmt::format("must be {} or \"\", not \"{}\"", key_.format, value));
    return value;
  }

  std::string one_of_choices(const toml::node& node) const {
    std::string names;
    for (const auto& c : key_.choices) names += (names.empty() ? "\"" : ", \"") + c + "\"";
    const auto value = node.value_exact<std::string>();
    if (!value) throw error(node, "must be one of " + names);
    for (const auto& c : key_.choices)
      if (c == *value) return *value;
    throw error(node, fmt::format("must be one of {}, not \"{}\"", names, *value));
  }

  template <typename T>
  std::vector<T> list(const toml::node& node, const char* items) const {
    const toml::array* array = node.as_array();
    if (!array) throw error(node, fmt::format("must be a list of {}", items));
    std::vector<T> out;
    for (const toml::node& item : *array) {
      auto v = item.value_exact<T>();
      if (!v) throw error(item, fmt::format("must hold only {}", items));
      out.push_back(*v);
    }
    return out;
  }

  const ConfigKey& key_;
  const std::string& path_;
};

}  // namespace

JobConfig parse_config(std::string_view toml, const std::string& path) {
  toml::table root;
  try {
    root = toml::parse(toml, std::string_view(path));
  } catch (const toml::parse_error& e) {
    throw config_error(path, e.source().begin, std::string(e.description()));
  }
  reject_unknown_names(root, path);
  JobConfig config;
  config.campaign.enabled = root["campaign"].is_table();
  for (const ConfigKey& key : config_keys())
    if (const toml::node* node = root.at_path(key.name).node()) {
      key.set(config, KeyReader(key, path).read(*node));
      config.keys_given.push_back(key.name);
    }
  apply_rules(config, root, path);
  return config;
}

JobConfig load_config(const std::string& path) {
  if (path.empty()) return {};
  std::ifstream in(path, std::ios::binary);
  const std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (!in) throw Error(exit_no_input, path + ": cannot read the configuration file");
  return parse_config(text, path);
}

}  // namespace basketgap
