#include "jobs/export/mailing.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "io/coupons/store_match.hpp"
#include "io/errors.hpp"
#include "io/export/pseudonym.hpp"
#include "io/export/sink.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/export/latest_consent.hpp"

namespace basketgap::exporting {
namespace {

std::string name_of(const std::vector<std::string>& names, std::int64_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < names.size() ? names[code] : std::string();
}

// The household's coupons, best first; empty slots skipped.
std::vector<io::ExportCoupon> coupons_of(const io::CouponsFile& coupons, std::size_t h) {
  const io::CouponRows& rows = coupons.rows;
  std::vector<io::ExportCoupon> out;
  for (int slot = 0; slot < rows.k; ++slot) {
    const std::size_t cell = h * static_cast<std::size_t>(rows.k) + static_cast<std::size_t>(slot);
    if (rows.product_id[cell] < 0) continue;
    out.push_back({static_cast<int>(out.size()) + 1, rows.product_id[cell],
                   name_of(coupons.reason_names, rows.reason[cell])});
  }
  return out;
}

// Appends the rows of household `h` of the slice to `text` when it is mailed and returns its id
// as exported; else counts why not and returns nothing.
std::optional<std::string> append_household(const io::CouponsFile& coupons,
                                            const io::CouponHouseholds& households,
                                            std::span<const std::int8_t> latest_consent, std::size_t h,
                                            const std::unordered_map<std::int64_t, io::ProductText>& texts,
                                            const std::optional<std::string>& key, io::ExportManifest& m,
                                            std::string& text) {
  // Before the rule: an opt-out since scoring outranks every other reason, as no consent does.
  if (consent_withdrawn(households.consent[h], latest_consent, h)) {
    ++m.excluded_consent_withdrawn;
    return std::nullopt;
  }
  io::ExportHousehold e;
  e.coupons = coupons_of(coupons, h);
  switch (engine::mailing_of(households.consent[h], households.control[h], !e.coupons.empty())) {
    case engine::Mailing::no_consent:
      ++m.excluded_no_consent;
      return std::nullopt;
    case engine::Mailing::control:
      ++m.excluded_control;
      return std::nullopt;
    case engine::Mailing::no_coupon:
      ++m.excluded_no_coupon;
      return std::nullopt;
    case engine::Mailing::mailed:
      break;
  }
  if (m.layout.with_products)
    for (const io::ExportCoupon& c : e.coupons) {
      const auto text = texts.find(c.product_id);
      m.coupons_without_text +=
          text == texts.end() || (text->second.description.empty() && text->second.department.empty());
    }
  const std::int64_t id = coupons.rows.household_id[h];
  e.id = key ? io::pseudonym(*key, id) : std::to_string(id);
  e.tier = name_of(households.tier_names, households.tier[h]);
  e.cohort = name_of(households.cohort_names, households.cohort[h]);
  m.rows += io::append_rows(m.layout, e, texts, text);
  m.coupons += static_cast<std::int64_t>(e.coupons.size());
  ++m.households;
  return std::move(e.id);
}

// Coupons scored from a version whose rows include a batch retracted since (a wrong night's
// file) were built on withdrawn rows: not mailed. Those scored after the retract never saw them,
// and a batch of days after the coupons' as-of day (or of no rows) gave them nothing.
// The version scored is the batch whose fingerprint the coupons record.
void refuse_coupons_of_withdrawn_rows(const std::string& coupons_path, const std::string& scored_fingerprint,
                                      std::int64_t as_of_day, const std::vector<io::BatchRecord>& batches,
                                      const std::string& store_path) {
  const auto scored = std::find_if(batches.begin(), batches.end(), [&](const io::BatchRecord& b) {
    return b.fingerprint == scored_fingerprint;
  });
  if (scored_fingerprint.empty() || scored == batches.end()) return;
  const std::int64_t scored_version = scored->version;
  for (const io::BatchRecord& b : batches)
    if (b.rows > 0 && b.first_day <= as_of_day && b.version <= scored_version &&
        scored_version < b.retracted_in)
      throw InputError(fmt::format(
          "{} was scored from version {} of {}, whose rows include batch {} ({}, days {}..{}), retracted in "
          "version {} since (a wrong night's file): its coupons are built on withdrawn rows and are not "
          "mailed; score the night again from the store as it is now (once the corrected file is appended)",
          coupons_path, scored_version, store_path, b.version, b.source, b.first_day, b.last_day,
          b.retracted_in));
}

}  // namespace

std::unordered_map<std::int64_t, io::ProductText> product_texts(const std::string& store_path,
                                                                const std::string& coupons_path,
                                                                const io::CouponsAttributes& scored) {
  std::unordered_map<std::int64_t, io::ProductText> texts;
  if (store_path.empty()) return texts;
  io::StoreReader store = io::StoreReader::open(store_path);
  // Coupons of an earlier version of this store (a pinned rerun, or a night before later
  // appends) match that version's fingerprint.
  std::string fingerprint = store.summary().fingerprint;
  for (const io::BatchRecord& b : store.summary().batches)
    if (b.fingerprint == scored.store_fingerprint) fingerprint = b.fingerprint;
  io::check_scored_from(coupons_path, scored.store_fingerprint, store_path, fingerprint);
  refuse_coupons_of_withdrawn_rows(coupons_path, scored.store_fingerprint, scored.as_of_day,
                                   store.summary().batches, store_path);
  const auto name = [](const io::CodedColumn& column, std::size_t p) {
    return p < column.codes.size() && column.codes[p] >= 0 ? column.names[column.codes[p]] : std::string();
  };
  // The products with rows, then those only the products files described (the catalog: after a
  // retract and a compact, a couponed product whose rows were all withdrawn lives there).
  const io::CatalogTables catalog = store.catalog();
  for (const io::ProductTable& products : {store.products(), catalog.products})
    for (std::size_t p = 0; p < products.id.size(); ++p) {
      io::ProductText t;
      t.department = name(products.department, p);
      t.commodity = name(products.commodity, p);
      t.description = name(products.sub_commodity, p);
      if (t.description.empty()) t.description = t.commodity;
      texts.emplace(products.id[p], std::move(t));
    }
  return texts;
}

std::int64_t consented_households(const io::CouponHouseholds& households,
                                  std::span<const std::int8_t> latest_consent) {
  std::int64_t consented = 0;
  for (std::size_t h = 0; h < households.consent.size(); ++h)
    consented += households.consent[h] == 1 && !consent_withdrawn(households.consent[h], latest_consent, h);
  return consented;
}

std::string format_blocks(const Slice& slice, const io::CouponsFile& coupons,
                          const io::CouponHouseholds& households, std::span<const std::int8_t> latest_consent,
                          const std::unordered_map<std::int64_t, io::ProductText>& texts,
                          const std::optional<std::string>& key, io::ExportManifest& m, Progress* progress) {
  std::string out, text;
  for (std::size_t block = slice.first_block; block < slice.end_block; ++block) {
    text = block == 0 ? io::export_header(m.layout) : std::string();
    const std::size_t first = (block - slice.first_block) * kBlockHouseholds;
    const std::size_t end = std::min(first + kBlockHouseholds, slice.rows);
    for (std::size_t h = first; h < end; ++h)
      append_household(coupons, households, latest_consent, h, texts, key, m, text);
    if (!m.gzip)
      out += text;
    else if (block == 0 || !text.empty())  // block 0: a gzip file even when it is empty
      io::append_gzip_member(text, out);
    if (progress) progress->update(end);
  }
  return out;
}

std::vector<MailedHousehold> format_households(const Slice& slice, const io::CouponsFile& coupons,
                                               const io::CouponHouseholds& households,
                                               std::span<const std::int8_t> latest_consent,
                                               const std::unordered_map<std::int64_t, io::ProductText>& texts,
                                               const std::optional<std::string>& key, io::ExportManifest& m,
                                               Progress* progress) {
  std::vector<MailedHousehold> out;
  std::string text;
  for (std::size_t h = 0; h < slice.rows; ++h) {
    text.clear();
    if (std::optional<std::string> id =
            append_household(coupons, households, latest_consent, h, texts, key, m, text))
      out.push_back({std::move(*id), text});
    if (progress && (h + 1) % kBlockHouseholds == 0) progress->update(h + 1);
  }
  if (progress) progress->update(slice.rows);
  return out;
}

}  // namespace basketgap::exporting
