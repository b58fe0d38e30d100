#include "jobs/config/config_text.hpp"

#include <fmt/format.h>

#include <sstream>

namespace basketgap {
namespace {

// A TOML basic string: quotes, backslashes and control characters escaped (a campaign name with
// a quote, an offers path with a backslash), everything else — UTF-8 included — as it is, so the
// text of an ordinary value is what it always was.
std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (const char c : text) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\b':
        out += "\\b";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\f':
        out += "\\f";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
          out += fmt::format("\\u{:04X}", static_cast<unsigned char>(c));
        else
          out += c;
    }
  }
  return out + "\"";
}

template <typename T, typename Text>
std::string list_text(const std::vector<T>& items, Text text) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + text(items[i]);
  return out + "]";
}

// The TOML text of `value`.
struct ValueText {
  std::string operator()(std::int64_t v) const { return std::to_string(v); }
  std::string operator()(double v) const {
    std::ostringstream s;
    s << v;
    return s.str();
  }
  std::string operator()(bool v) const { return v ? "true" : "false"; }
  std::string operator()(const std::string& v) const { return quoted(v); }
  std::string operator()(const std::vector<std::string>& v) const { return list_text(v, quoted); }
  std::string operator()(const std::vector<std::int64_t>& v) const {
    return list_text(v, [](std::int64_t i) { return std::to_string(i); });
  }
};

// By KeyType, in its order.
constexpr const char* kTypeNames[] = {"integer",         "number",           "boolean", "string",
                                      "list of strings", "list of integers", "choice"};

// What a key accepts beyond its type: a range, the choices or a format.
std::string range_text(const ConfigKey& key) {
  switch (key.type) {
    case KeyType::integer:
      return fmt::format("{} .. {}", static_cast<std::int64_t>(key.min), static_cast<std::int64_t>(key.max));
    case KeyType::number:
      return fmt::format("{} .. {}", key.min, key.max);
    case KeyType::choice: {
      std::string names;
      for (const std::string& c : key.choices) names += (names.empty() ? "`" : ", `") + quoted(c) + "`";
      return names;
    }
    default:
      return key.format;
  }
}

}  // namespace

std::string value_text(const KeyValue& value) { return std::visit(ValueText{}, value); }

namespace {

// `section`'s keys of `config` as TOML, one `[table]` line where the table changes.
std::string describe_section(const JobConfig& config, std::string_view section) {
  std::string out;
  std::string_view table;
  for (const ConfigKey& key : config_keys()) {
    if (section_of(key.name) != section) continue;
    if (table_of(key.name) != table) {
      table = table_of(key.name);
      out += fmt::format("[{}]\n", table);
    }
    out += fmt::format("{} = {}\n", leaf_of(key.name), value_text(key.get(config)));
  }
  return out;
}

}  // namespace

std::string keys_markdown(std::string_view section) {
  const JobConfig defaults;
  std::string out = "| key | type | default | accepts | meaning |\n|---|---|---|---|---|\n";
  for (const ConfigKey& key : config_keys()) {
    if (section_of(key.name) != section) continue;
    const std::string_view relative = std::string_view(key.name).substr(section.size() + 1);
    out += fmt::format("| `{}` | {} | `{}` | {} | {} |\n", relative, kTypeNames[static_cast<int>(key.type)],
                       value_text(key.get(defaults)), range_text(key), key.help);
  }
  return out;
}

std::string describe(const engine::ScoreConfig& score) {
  JobConfig config;
  config.score = score;
  return describe_section(config, "score");
}

std::string describe(const CampaignConfig& campaign) {
  if (!campaign.enabled) return "";
  JobConfig config;
  config.campaign = campaign;
  return describe_section(config, "campaign");
}

std::string describe(const IngestConfig& ingest) {
  JobConfig config;
  config.ingest = ingest;
  return describe_section(config, "ingest");
}

}  // namespace basketgap
