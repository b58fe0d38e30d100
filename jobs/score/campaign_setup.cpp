#include "jobs/score/campaign_setup.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cstdio>

#include "engine/id_dictionary.hpp"
#include "io/csv/csv.hpp"
#include "io/csv/offers_file.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/folded_name.hpp"

namespace basketgap {
namespace {

// Whether a listed name also covers the store's spellings of it but for case and blanks: an
// exclusion does (fail closed: "Tobacco" beside "TOBACCO" in a products file is still tobacco);
// an event slot, which adds coupons, does not.
enum class Variants { exact, folded };

// Flags per code of `column` for the names listed; names the store lacks go to `unknown`. A
// name the store lacks that is one of its names but for case, blanks or a typo or two ("TOBACO",
// "alcohol", "DAIRY" where the store has only "DAIRY" and a no-break space) is an error (64)
// naming `key`: left as an unknown name, it would exclude nothing.
// With Variants::folded, the store's other spellings of a listed name are flagged too, each
// named in `variants` ("'Tobacco' (as 'TOBACCO')").
std::vector<std::uint8_t> flag_names(const io::CodedColumn& column, const std::vector<std::string>& names,
                                     const char* key, std::vector<std::string>& unknown,
                                     Variants variants = Variants::exact,
                                     std::vector<std::string>* variant_names = nullptr) {
  std::vector<std::uint8_t> flags(column.names.size(), 0);
  for (const std::string& name : names) {
    bool found = false;
    for (std::size_t c = 0; c < column.names.size(); ++c)
      if (column.names[c] == name) {
        flags[c] = 1;
        found = true;
      }
    if (found) {
      if (variants == Variants::exact) continue;
      for (std::size_t c = 0; c < column.names.size(); ++c)
        if (!flags[c] && folded_name(column.names[c]) == folded_name(name)) {
          flags[c] = 1;
          if (variant_names) variant_names->push_back(fmt::format("'{}' (as '{}')", column.names[c], name));
        }
      continue;
    }
    for (const std::string& stored : column.names)
      if (!stored.empty() &&
          (folded_name(stored) == folded_name(name) || io::is_misspelling_of(stored, name)))
        throw UsageError(
            fmt::format("[campaign] {}: '{}' is not a name in the store, but '{}' is: names match "
                        "exactly (as in the products file); fix the configuration",
                        key, name, stored));
    unknown.push_back(name);
  }
  return flags;
}

std::string attribute_text(const io::Attributes& attributes, const std::string& name) {
  for (const auto& [key, value] : attributes)
    if (key == name && std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  return "";
}

// The day_origin=YYYY-MM-DD value inside a store's column_mapping attribute ("" if none).
std::string day_origin_of_mapping(const std::string& column_mapping) {
  const std::string key = "day_origin=";
  const auto at = column_mapping.find(key);
  if (at == std::string::npos) return "";
  const auto begin = at + key.size();
  return column_mapping.substr(begin, column_mapping.find(' ', begin) - begin);
}

// `day_origin` is the store's YYYY-MM-DD date of day 1 when it has one ("" otherwise); the
// config's day_one wins. Throws like read_offers on a bad offers file.
CampaignSetup build_campaign(const CampaignConfig& config, const io::ProductTable& products,
                             std::int32_t as_of, const std::string& day_origin) {
  CampaignSetup s;
  const std::size_t n = products.id.size();
  const engine::IdDictionary product_index(products.id);
  std::vector<std::uint8_t> offered;  // empty = every product on offer
  if (!config.offers.empty()) {
    offered.assign(n, 0);
    for (const io::Offer& o : io::read_offers(config.offers)) {
      ++s.offer_lines;
      const std::int64_t p = product_index.index_of(o.product_id);
      if (p < 0)
        ++s.offers_unknown;
      else if (engine::offer_usable(o.valid_from, o.valid_to, as_of))
        offered[p] = 1;
    }
    s.offers_usable = std::count(offered.begin(), offered.end(), 1);
  }
  std::vector<std::uint8_t> excluded_products(n, 0);
  for (std::int64_t id : config.exclude_products) {
    const std::int64_t p = product_index.index_of(id);
    if (p >= 0)
      excluded_products[p] = 1;
    else
      s.unknown_names.push_back("product " + std::to_string(id));
  }
  const auto excluded_departments =
      flag_names(products.department, config.exclude_departments, "exclude_departments", s.unknown_names,
                 Variants::folded, &s.excluded_variants);
  const auto excluded_commodities =
      flag_names(products.commodity, config.exclude_commodities, "exclude_commodities", s.unknown_names,
                 Variants::folded, &s.excluded_variants);
  engine::CampaignRules& r = s.rules;
  r.department = products.department.codes;
  r.commodity = products.commodity.codes;
  r.department.resize(n, -1);
  r.commodity.resize(n, -1);
  r.eligible = engine::eligibility_mask(n, offered, r.department, excluded_departments, r.commodity,
                                        excluded_commodities, excluded_products);
  s.unclassified_withheld =
      engine::withhold_unclassified(r.eligible, r.department, !config.exclude_departments.empty(),
                                    r.commodity, !config.exclude_commodities.empty());
  r.max_per_department = config.max_per_department;
  r.max_per_commodity = config.max_per_commodity;
  if (!config.event_departments.empty()) {
    const auto event =
        flag_names(products.department, config.event_departments, "event_departments", s.unknown_names);
    r.event_product.assign(n, 0);
    for (std::size_t p = 0; p < n; ++p)
      if (r.department[p] >= 0 && event[r.department[p]]) r.event_product[p] = 1;
  }
  s.eligible = std::count(r.eligible.begin(), r.eligible.end(), 1);

  const std::string& date = config.day_one.empty() ? day_origin : config.day_one;
  int y = 0, m = 0, d = 0;
  if (!date.empty() && std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) == 3)
    s.mailing_month = engine::month_of_day(y, m, d, as_of + 1);
  return s;
}

}  // namespace

CampaignSetup campaign_setup(const CampaignConfig& campaign, const io::ProductTable& products,
                             std::int32_t as_of, const io::StoreSummary& summary, const Comm& comm) {
  CampaignSetup setup;
  if (!campaign.enabled) return setup;
  try {
    setup = build_campaign(campaign, products, as_of,
                           day_origin_of_mapping(attribute_text(summary.attributes, "column_mapping")));
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  // Nothing eligible would mail every household an empty list: a wrong or expired offers file,
  // or exclusions that cover the catalogue, never an intended night. Every rank built the same.
  if (setup.eligible == 0)
    throw Error(
        campaign.offers.empty() ? exit_usage : exit_data,
        fmt::format("[campaign]: no product is eligible on day {} ({} offer lines, {} usable that day, "
                    "{} unknown products{}): every household would get no coupon; check the offers "
                    "file and the exclusions",
                    as_of + 1, setup.offer_lines, setup.offers_usable, setup.offers_unknown,
                    setup.unclassified_withheld == 0
                        ? std::string()
                        : fmt::format(", {} withheld for want of the department or commodity the exclusions "
                                      "name: the store has no products file?",
                                      setup.unclassified_withheld)))
        .raised_on_all_ranks();
  if (comm.is_root()) {
    spdlog::info(
        "score/campaign: {} of {} products eligible ({}: {} offer lines, {} usable on day {}, {} unknown "
        "products); caps {}/department {}/commodity (0 = none); control share {}; mailing month {}",
        setup.eligible, products.id.size(),
        campaign.offers.empty() ? std::string("no offers file, every product on offer") : campaign.offers,
        setup.offer_lines, setup.offers_usable, as_of + 1, setup.offers_unknown, campaign.max_per_department,
        campaign.max_per_commodity, campaign.control_share,
        setup.mailing_month == 0 ? std::string("unknown (no event slots; set campaign.day_one)")
                                 : std::to_string(setup.mailing_month));
    if (setup.unclassified_withheld > 0)
      spdlog::warn(
          "score/campaign: {} products on offer have no department or commodity in the store (no products "
          "file described them): they carry no coupon, since exclude_departments / exclude_commodities "
          "cannot be checked on them; describe them in the products file",
          setup.unclassified_withheld);
    for (const auto& name : setup.excluded_variants)
      spdlog::warn(
          "score/campaign: the store's products also name {}, which differs only in case or blanks: "
          "excluded as well; the products file spells one name two ways — fix it",
          name);
    for (const auto& name : setup.unknown_names)
      spdlog::warn("score/campaign: '{}' named in the [campaign] config is not in the store's products",
                   name);
    if (campaign.birthday_slot && setup.mailing_month == 0)
      spdlog::warn(
          "score/campaign: birthday_slot = true, but the mailing month is unknown (the store's days "
          "are day numbers): no household gets an event slot; set campaign.day_one");
    // Most offers naming products the store does not know: the offers file of another shop or
    // catalogue, and every coupon comes from the few left.
    if (setup.offer_lines > 0 && setup.offers_unknown * 2 > setup.offer_lines)
      spdlog::warn(
          "score/campaign: {} of the {} offer lines name products the store does not know: "
          "the coupons come from the {} eligible products; the offers file of another catalogue?",
          setup.offers_unknown, setup.offer_lines, setup.eligible);
  }
  return setup;
}

std::vector<std::uint8_t> control_flags(const CampaignConfig& config, std::span<const std::int64_t> ids) {
  std::vector<std::uint8_t> flags(ids.size(), 0);
  if (!config.enabled) return flags;
  for (std::size_t i = 0; i < ids.size(); ++i)
    flags[i] = engine::in_control_group(config.salt, ids[i], config.control_share) ? 1 : 0;
  return flags;
}

std::vector<std::uint8_t> event_flags(const CampaignConfig& config, int mailing_month,
                                      std::span<const std::int8_t> birth_month) {
  std::vector<std::uint8_t> flags(birth_month.size(), 0);
  if (!config.enabled || !config.birthday_slot || mailing_month == 0) return flags;
  for (std::size_t i = 0; i < birth_month.size(); ++i) flags[i] = birth_month[i] == mailing_month ? 1 : 0;
  return flags;
}

}  // namespace basketgap
