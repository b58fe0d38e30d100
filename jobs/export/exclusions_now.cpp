#include "jobs/export/exclusions_now.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <toml++/toml.h>

#include <algorithm>
#include <unordered_set>

#include "io/errors.hpp"
#include "jobs/config/folded_name.hpp"

namespace basketgap::exporting {
namespace {

std::vector<std::string> folded_names(const toml::node_view<const toml::node>& list) {
  std::vector<std::string> out;
  if (const toml::array* names = list.as_array())
    for (const toml::node& name : *names)
      if (const auto text = name.value<std::string>()) out.push_back(folded_name(*text));
  return out;
}

bool listed(const std::vector<std::string>& folded_list, const std::string& name) {
  return !name.empty() &&
         std::find(folded_list.begin(), folded_list.end(), folded_name(name)) != folded_list.end();
}

}  // namespace

Exclusions exclusions_of_campaign(const std::string& campaign_toml, const std::string& coupons_path) {
  Exclusions e;
  if (campaign_toml.empty()) return e;
  toml::table root;
  try {
    root = toml::parse(campaign_toml, std::string_view(coupons_path));
  } catch (const toml::parse_error& error) {
    throw Error(exit_data, fmt::format("{}: attribute campaign is not the TOML score writes: {}",
                                       coupons_path, error.description()));
  }
  const auto campaign = std::as_const(root)["campaign"];
  e.departments = folded_names(campaign["exclude_departments"]);
  e.commodities = folded_names(campaign["exclude_commodities"]);
  if (const toml::array* ids = campaign["exclude_products"].as_array())
    for (const toml::node& id : *ids)
      if (const auto value = id.value<std::int64_t>()) e.products.push_back(*value);
  return e;
}

void refuse_coupons_now_excluded(const Exclusions& exclusions, const std::vector<std::int64_t>& product_ids,
                                 const std::unordered_map<std::int64_t, io::ProductText>& texts,
                                 const std::string& coupons_path, const std::string& store_path) {
  if (exclusions.empty() || texts.empty()) return;
  // The verdict per product once (names folded once each), then a lookup per coupon.
  std::unordered_set<std::int64_t> excluded(exclusions.products.begin(), exclusions.products.end());
  for (const auto& [id, text] : texts)
    if (listed(exclusions.departments, text.department) || listed(exclusions.commodities, text.commodity))
      excluded.insert(id);
  std::int64_t count = 0;
  std::vector<std::string> examples;
  for (std::int64_t id : product_ids) {
    if (id < 0 || !excluded.contains(id)) continue;
    ++count;
    const auto text = texts.find(id);
    const std::string example = text == texts.end() ? std::to_string(id)
                                                    : fmt::format("{} ({} / {})", id, text->second.department,
                                                                  text->second.commodity);
    if (examples.size() < 3 && std::find(examples.begin(), examples.end(), example) == examples.end())
      examples.push_back(example);
  }
  if (count == 0) return;
  throw InputError(
      fmt::format("{}: {} coupon(s) name products that {} now puts where the campaign excludes (e.g. {}): a "
                  "products file "
                  "appended since scoring reclassified them? Score the night again (its lists follow the "
                  "store's products "
                  "now); nothing was exported",
                  coupons_path, count, store_path, fmt::join(examples, ", ")));
}

}  // namespace basketgap::exporting
