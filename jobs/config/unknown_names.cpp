#include "jobs/config/unknown_names.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <optional>
#include <set>

#include "io/csv/csv.hpp"
#include "jobs/config/config_error.hpp"
#include "jobs/config/config_keys.hpp"

namespace basketgap {
namespace {

// The names the key table knows: keys, and sections (every table a key sits in).
struct KnownNames {
  std::set<std::string> keys, tables;

  KnownNames() {
    for (const ConfigKey& key : config_keys()) {
      keys.insert(key.name);
      for (auto t = table_of(key.name); !t.empty(); t = table_of(t)) tables.insert(std::string(t));
    }
  }

  // The known names directly in `table` ("" = the top level): sections only, or all.
  std::vector<std::string> in(const std::string& table, bool sections_only) const {
    std::vector<std::string> out;
    for (const auto& t : tables)
      if (table_of(t) == table) out.push_back(t);
    if (!sections_only)
      for (const auto& k : keys)
        if (table_of(k) == table) out.push_back(k);
    return out;
  }
};

struct Problem {
  toml::source_position at;
  std::string message;
};

bool before(const toml::source_position& a, const toml::source_position& b) {
  return a.line < b.line || (a.line == b.line && a.column < b.column);
}

// The full name in `candidates` whose last part is nearest to `name`'s last part.
std::string nearest_sibling(const std::string& name, const std::vector<std::string>& candidates) {
  std::vector<std::string> leaves;
  for (const auto& c : candidates) leaves.emplace_back(leaf_of(c));
  const std::string leaf = nearest_name(leaf_of(name), leaves);
  for (const auto& c : candidates)
    if (!leaf.empty() && leaf_of(c) == leaf) return c;
  return "";
}

std::string unknown_section(const std::string& name, const std::string& table, const KnownNames& known) {
  const std::vector<std::string> sections = known.in(table, true);
  std::string message = fmt::format("unknown section [{}]", name);
  if (sections.empty()) return message + fmt::format(" ([{}] has no sub-sections)", table);
  message += fmt::format(" (known: {})", fmt::join(sections, ", "));
  const std::string nearest = nearest_sibling(name, sections);
  return nearest.empty() ? message : message + fmt::format("; did you mean [{}]?", nearest);
}

std::string unknown_key(const std::string& name, const std::string& table, const KnownNames& known) {
  if (table.empty())
    return fmt::format("unknown key '{}' outside any section (known sections: {})", name,
                       fmt::join(known.in("", true), ", "));
  const std::string nearest = nearest_sibling(name, known.in(table, false));
  const std::string message = fmt::format("unknown key '{}'", name);
  // The same key in another section (`k` under [campaign]): where it belongs, said first.
  std::vector<std::string> elsewhere;
  for (const auto& k : known.keys)
    if (leaf_of(k) == leaf_of(name) && k != name) elsewhere.push_back(k);
  if (!elsewhere.empty())
    return message + fmt::format("; '{}' is a key of [{}]", leaf_of(name), table_of(elsewhere.front()));
  return nearest.empty() ? message : message + fmt::format("; did you mean '{}'?", nearest);
}

// Records in `first` the earliest problem of `table` (named `prefix`) and its sub-tables.
void check_table(const toml::table& table, const std::string& prefix, const KnownNames& known,
                 std::optional<Problem>& first) {
  for (const auto& [key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (known.keys.count(name)) continue;  // its type is checked when it is read
    std::optional<Problem> problem;
    if (known.tables.count(name)) {
      if (const toml::table* sub = node.as_table()) {
        check_table(*sub, name, known, first);
        continue;
      }
      problem = Problem{node.source().begin, fmt::format("{} must be a section: write [{}]", name, name)};
    } else if (node.is_table() || node.is_array_of_tables()) {
      problem = Problem{node.source().begin, unknown_section(name, prefix, known)};
    } else {
      problem = Problem{key.source().begin, unknown_key(name, prefix, known)};
    }
    if (!first || before(problem->at, first->at)) first = problem;
  }
}

}  // namespace

std::string nearest_name(std::string_view name, const std::vector<std::string>& candidates) {
  const std::size_t allowed = std::max<std::size_t>(1, name.size() / 3);
  std::string best;
  std::size_t best_distance = allowed + 1;
  for (const auto& c : candidates) {
    const std::size_t d = io::edit_distance_ignoring_case(name, c);
    if (d < best_distance) {
      best = c;
      best_distance = d;
    }
  }
  return best;
}

void reject_unknown_names(const toml::table& root, const std::string& path) {
  static const KnownNames known;
  std::optional<Problem> first;
  check_table(root, "", known, first);
  if (first) throw config_error(path, first->at, first->message);
}

}  // namespace basketgap
