#include "jobs/config/campaign_config.hpp"

#include <fmt/format.h>
#include <toml++/toml.h>

#include <filesystem>
#include <set>
#include <sstream>

#include "io/errors.hpp"

namespace basketgap {
namespace {

std::string where(const std::string& path, const toml::node& node) {
  const auto& src = node.source();
  return fmt::format("{}:{}:{}", path, src.begin.line, src.begin.column);
}

std::string text(const std::string& path, const toml::table& t, const char* key, std::string fallback) {
  const toml::node* n = t.get(key);
  if (!n) return fallback;
  if (!n->is_string()) throw UsageError(where(path, *n) + ": campaign." + key + " must be a string");
  return *n->value<std::string>();
}

template <typename T>
void number(const std::string& path, const toml::table& t, const char* key, T& out, double min, double max) {
  const toml::node* n = t.get(key);
  if (!n) return;
  double v = 0;
  if (auto i = n->value_exact<std::int64_t>()) v = static_cast<double>(*i);
  else if (auto d = n->value_exact<double>()) v = *d;
  else throw UsageError(where(path, *n) + ": campaign." + key + " must be a number");
  if (v < min || v > max)
    throw UsageError(fmt::format("{}: campaign.{} = {} is outside [{}, {}]", where(path, *n), key, v, min, max));
  if constexpr (std::is_integral_v<T>) {
    if (v != static_cast<double>(static_cast<std::int64_t>(v)))
      throw UsageError(where(path, *n) + ": campaign." + key + " must be a whole number");
  }
  out = static_cast<T>(v);
}

template <typename T>
std::vector<T> list(const std::string& path, const toml::table& t, const char* key) {
  std::vector<T> out;
  const toml::node* n = t.get(key);
  if (!n) return out;
  const toml::array* a = n->as_array();
  if (!a) throw UsageError(where(path, *n) + ": campaign." + key + " must be an array");
  for (const toml::node& e : *a) {
    auto v = e.value_exact<T>();
    if (!v)
      throw UsageError(where(path, e) + ": campaign." + key + " must hold only " +
                       (std::is_integral_v<T> ? "integers" : "strings"));
    out.push_back(*v);
  }
  return out;
}

std::string quoted_list(const std::vector<std::string>& items) {
  std::string out = "[";
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (i) out += ", ";
    out += "\"" + items[i] + "\"";
  }
  return out + "]";
}

}  // namespace

CampaignConfig load_campaign_config(const std::string& path) {
  CampaignConfig c;
  if (path.empty()) return c;
  toml::table root;
  try {
    root = toml::parse_file(path);
  } catch (const toml::parse_error& e) {
    throw UsageError(fmt::format("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                                 e.description()));
  }
  const toml::table* t = root["campaign"].as_table();
  if (!t) return c;
  c.enabled = true;
  static const std::set<std::string> known{
      "name", "offers", "exclude_departments", "exclude_commodities", "exclude_products",
      "max_per_department", "max_per_commodity", "control_share", "salt", "birthday_slot",
      "event_departments", "day_one", "new_days", "lapsing_days"};
  for (const auto& [key, node] : *t)
    if (!known.count(std::string(key.str())))
      throw UsageError(where(path, node) + ": unknown key 'campaign." + std::string(key.str()) + "'");
  c.name = text(path, *t, "name", "");
  c.offers = text(path, *t, "offers", "");
  if (!c.offers.empty() && std::filesystem::path(c.offers).is_relative())
    c.offers = (std::filesystem::path(path).parent_path() / c.offers).lexically_normal().string();
  c.exclude_departments = list<std::string>(path, *t, "exclude_departments");
  c.exclude_commodities = list<std::string>(path, *t, "exclude_commodities");
  c.exclude_products = list<std::int64_t>(path, *t, "exclude_products");
  number(path, *t, "max_per_department", c.max_per_department, 0, 100);
  number(path, *t, "max_per_commodity", c.max_per_commodity, 0, 100);
  number(path, *t, "control_share", c.control_share, 0.0, 0.5);
  c.salt = text(path, *t, "salt", "");
  if (c.control_share > 0 && c.salt.empty())
    throw UsageError(path + ": campaign.salt is required when campaign.control_share > 0 "
                     "(one salt per campaign keeps its control group stable)");
  if (const toml::node* n = t->get("birthday_slot")) {
    if (!n->is_boolean()) throw UsageError(where(path, *n) + ": campaign.birthday_slot must be true or false");
    c.birthday_slot = *n->value<bool>();
  }
  c.event_departments = list<std::string>(path, *t, "event_departments");
  c.day_one = text(path, *t, "day_one", "");
  if (!c.day_one.empty()) {
    int y = 0, m = 0, d = 0;
    char tail = 0;
    if (std::sscanf(c.day_one.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) != 3 || m < 1 || m > 12 || d < 1 || d > 31)
      throw UsageError(where(path, *t->get("day_one")) + ": campaign.day_one must be a date YYYY-MM-DD");
  }
  number(path, *t, "new_days", c.new_days, 1, 3650);
  number(path, *t, "lapsing_days", c.lapsing_days, 1, 3650);
  return c;
}

std::string CampaignConfig::describe() const {
  if (!enabled) return "";
  std::ostringstream s;
  std::string products;
  for (std::size_t i = 0; i < exclude_products.size(); ++i) products += (i ? ", " : "") + std::to_string(exclude_products[i]);
  s << "[campaign]\n"
    << "name = \"" << name << "\"\n"
    << "offers = \"" << offers << "\"\n"
    << "exclude_departments = " << quoted_list(exclude_departments) << "\n"
    << "exclude_commodities = " << quoted_list(exclude_commodities) << "\n"
    << "exclude_products = [" << products << "]\n"
    << "max_per_department = " << max_per_department << "\n"
    << "max_per_commodity = " << max_per_commodity << "\n"
    << "control_share = " << control_share << "\n"
    << "salt = \"" << salt << "\"\n"
    << "birthday_slot = " << (birthday_slot ? "true" : "false") << "\n"
    << "event_departments = " << quoted_list(event_departments) << "\n"
    << "day_one = \"" << day_one << "\"\n"
    << "new_days = " << new_days << "\n"
    << "lapsing_days = " << lapsing_days << "\n";
  return s.str();
}

}  // namespace basketgap
