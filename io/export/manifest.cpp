#include "io/export/manifest.hpp"

#include <fmt/format.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "io/errors.hpp"
#include "io/export/sha256.hpp"
#include "io/export/sink.hpp"
#include "io/json_text.hpp"

namespace basketgap::io {

using Json = nlohmann::ordered_json;

std::string ExportManifest::to_json() const {
  Json j;
  j["format"] = "basketgap-export-manifest";
  j["manifest_version"] = 1;
  j["file"] = file;
  j["encoding"] = layout.jsonl ? "jsonl" : "csv";
  j["layout"] = layout.per_coupon ? "coupon" : "household";
  j["gzip"] = gzip;
  j["bytes"] = bytes;
  j["sha256"] = sha256;
  j["rows"] = rows;
  j["coupons"] = coupons;
  j["households"] = households;
  j["k"] = layout.k;
  j["columns"] = export_columns(layout);
  j["product_text"] = layout.with_products;
  if (layout.with_products) j["coupons_without_product_text"] = coupons_without_text;
  j["pseudonymised"] = layout.pseudonymised;
  if (layout.jsonl) j["ids_as_strings"] = layout.ids_as_strings;
  j["pseudonym"] = layout.pseudonymised ? Json("hmac-sha256(key, decimal household id), first 32 hex digits")
                                        : Json(nullptr);
  j["run_id"] = run_id;
  j["as_of_day"] = as_of_day;
  j["mailing_day"] = as_of_day + 1;
  j["coupons_file"] = coupons_file;
  j["store_file"] = store_file;
  j["config_fingerprint"] = config_fingerprint;
  j["campaign_salt"] = campaign_salt;
  j["control_share"] = control_share;
  j["households_in_coupons_file"] = households_in_file;
  j["excluded"] = Json{{"no_consent", excluded_no_consent},
                       {"consent_withdrawn", excluded_consent_withdrawn},
                       {"control", excluded_control},
                       {"no_coupon", excluded_no_coupon}};
  j["engine_version"] = BASKETGAP_VERSION;
  if (!warning.empty()) j["warning"] = warning;  // absent otherwise: manifests of mailings stay as they were
  return json_text(j);
}

ExportManifest ExportManifest::from_json(const std::string& text, const std::string& path) {
  const Json j = Json::parse(text, nullptr, false);
  if (j.is_discarded() || !j.is_object() || j.value("format", "") != "basketgap-export-manifest")
    throw Error(exit_data, path + ": not a basketgap export manifest");
  ExportManifest m;
  try {
    m.file = j.at("file").get<std::string>();
    m.layout.jsonl = j.at("encoding").get<std::string>() == "jsonl";
    m.layout.per_coupon = j.at("layout").get<std::string>() == "coupon";
    m.layout.with_products = j.at("product_text").get<bool>();
    m.coupons_without_text = j.value("coupons_without_product_text", std::int64_t{0});  // absent before it
    m.layout.pseudonymised = j.at("pseudonymised").get<bool>();
    m.layout.ids_as_strings = j.value("ids_as_strings", false);  // absent in manifests before it
    m.layout.k = j.at("k").get<int>();
    m.gzip = j.at("gzip").get<bool>();
    m.bytes = j.at("bytes").get<std::uint64_t>();
    m.sha256 = j.at("sha256").get<std::string>();
    m.rows = j.at("rows").get<std::int64_t>();
    m.coupons = j.at("coupons").get<std::int64_t>();
    m.households = j.at("households").get<std::int64_t>();
    m.run_id = j.at("run_id").get<std::string>();
    m.as_of_day = j.at("as_of_day").get<std::int64_t>();
    m.households_in_file = j.at("households_in_coupons_file").get<std::int64_t>();
    const Json& excluded = j.at("excluded");
    m.excluded_no_consent = excluded.at("no_consent").get<std::int64_t>();
    m.excluded_consent_withdrawn = excluded.at("consent_withdrawn").get<std::int64_t>();
    m.excluded_control = excluded.at("control").get<std::int64_t>();
    m.excluded_no_coupon = excluded.at("no_coupon").get<std::int64_t>();
    if (j.at("columns") != Json(export_columns(m.layout)))
      throw Error(exit_data, path + ": the columns do not match the layout");
  } catch (const Json::exception& e) {
    throw Error(exit_data, path + ": " + e.what());
  }
  return m;
}

namespace {
// The manifest's counts must describe one mailing: every household of the coupons file mailed
// or excluded for one reason, and the rows those households' (an edited manifest that a
// mailing system would trust otherwise).
void check_counts_add_up(const ExportManifest& m, const std::string& mpath) {
  const std::int64_t accounted = m.households + m.excluded_no_consent + m.excluded_consent_withdrawn +
                                 m.excluded_control + m.excluded_no_coupon;
  if (accounted != m.households_in_file)
    throw Error(exit_data, fmt::format("{}: {} households mailed and {} excluded, but {} in the coupons file "
                                       "(the counts do not add up)",
                                       mpath, m.households, accounted - m.households, m.households_in_file));
  const bool rows_fit = m.layout.per_coupon ? m.households <= m.rows && m.rows <= m.households * m.layout.k &&
                                                  m.rows == m.coupons
                                            : m.rows == m.households;
  if (!rows_fit)
    throw Error(exit_data,
                fmt::format("{}: {} rows for {} households in the {} layout (the counts do not add up)",
                            mpath, m.rows, m.households, m.layout.per_coupon ? "coupon" : "household"));
}
}  // namespace

ExportManifest verify_export(const std::string& export_path) {
  const std::string mpath = manifest_path(export_path);
  if (!std::filesystem::exists(export_path)) throw Error(exit_no_input, export_path + ": no such file");
  std::ifstream in(mpath, std::ios::binary);
  if (!in) throw Error(exit_no_input, mpath + ": no manifest beside the export");
  std::stringstream text;
  text << in.rdbuf();
  const ExportManifest m = ExportManifest::from_json(text.str(), mpath);
  const std::uint64_t bytes = std::filesystem::file_size(export_path);
  if (bytes != m.bytes)
    throw Error(exit_data, fmt::format("{}: {} bytes, the manifest says {} (truncated or changed)",
                                       export_path, bytes, m.bytes));
  const std::string sha = io::sha256_file(export_path);
  if (sha != m.sha256)
    throw Error(exit_data, fmt::format("{}: SHA-256 {} differs from the manifest's {} (file changed)",
                                       export_path, sha, m.sha256));
  // The importer decompresses by the manifest's word: it must be the file's (gzip magic 1f 8b).
  char magic[2] = {};
  std::ifstream(export_path, std::ios::binary).read(magic, 2);
  const bool gzipped =
      static_cast<unsigned char>(magic[0]) == 0x1f && static_cast<unsigned char>(magic[1]) == 0x8b;
  if (gzipped != m.gzip)
    throw Error(exit_data, fmt::format("{}: the manifest says gzip {}, but the file is {}gzip-compressed",
                                       export_path, m.gzip, gzipped ? "" : "not "));
  LineCounts total;
  bool header = !m.layout.jsonl;
  const std::string want_header = export_header(m.layout);
  std::int64_t line_number = 0;
  io::for_each_line(export_path, [&](std::string_view line) {
    ++line_number;
    try {
      if (header) {
        if (std::string(line) + "\n" != want_header)
          throw Error(exit_data, "the CSV header differs from the manifest's columns");
        header = false;
        return;
      }
      const LineCounts c = count_line(m.layout, line);
      total.rows += c.rows;
      total.coupons += c.coupons;
    } catch (const Error& e) {
      throw Error(exit_data, fmt::format("{}:{}: {}", export_path, line_number, e.what()));
    }
  });
  if (total.rows != m.rows || total.coupons != m.coupons)
    throw Error(exit_data, fmt::format("{}: {} rows and {} coupons, the manifest says {} and {}", export_path,
                                       total.rows, total.coupons, m.rows, m.coupons));
  check_counts_add_up(m, mpath);
  // Last: the content is what the manifest describes, but under another name?
  // A name that is not UTF-8 is held with U+FFFD in its invalid bytes' places.
  const std::string name = as_read_back(std::filesystem::path(export_path).filename().string());
  if (m.file != name)
    throw Error(exit_data, fmt::format("{}: the manifest {} describes {}, not this file (renamed, or the "
                                       "manifest of another export)",
                                       export_path, mpath, m.file));

  return m;
}

}  // namespace basketgap::io
