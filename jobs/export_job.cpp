// `basketgap export`: a coupons file -> a flat file for a mailing system (CSV or JSON Lines,
// optionally gzip) plus FILE.manifest.json; only consented, non-control households with at
// least one coupon. Written under temporary names and renamed, data file first, manifest last.
// `export --verify FILE` checks a published export against its manifest.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <filesystem>
#include <unordered_map>

#include "engine/history.hpp"
#include "io/coupons/file.hpp"
#include "io/coupons/households.hpp"
#include "io/errors.hpp"
#include "io/export/sink.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/comm.hpp"
#include "io/export/manifest.hpp"
#include "io/export/rows.hpp"
#include "jobs/jobs.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "io/export/pseudonym.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

std::unordered_map<std::int64_t, ProductText> product_texts(const std::string& store_path) {
  std::unordered_map<std::int64_t, ProductText> texts;
  if (store_path.empty()) return texts;
  io::StoreReader store = io::StoreReader::open(store_path);
  const io::ProductTable products = store.products();
  const auto name = [](const io::CodedColumn& column, std::size_t p) {
    return p < column.codes.size() && column.codes[p] >= 0 ? column.names[column.codes[p]] : std::string();
  };
  for (std::size_t p = 0; p < products.id.size(); ++p) {
    ProductText t;
    t.department = name(products.department, p);
    t.commodity = name(products.commodity, p);
    t.description = name(products.sub_commodity, p);
    if (t.description.empty()) t.description = t.commodity;
    texts.emplace(products.id[p], std::move(t));
  }
  return texts;
}

std::string name_of(const std::vector<std::string>& names, std::int64_t code) {
  return code >= 0 && static_cast<std::size_t>(code) < names.size() ? names[code] : std::string();
}

int verify(const ExportOptions& o) {
  const ExportManifest m = verify_export(o.verify);
  spdlog::info("export --verify: {} matches its manifest: {} bytes, SHA-256 {}, {} rows, {} coupons, run {}",
               o.verify, m.bytes, m.sha256, m.rows, m.coupons, m.run_id);
  return exit_ok;
}

}  // namespace

int run_export(const ExportOptions& o, const Comm& comm) {
  if (comm.size() > 1)
    throw UsageError("export runs as one process: run it without mpirun (or with -np 1)").raised_on_all_ranks();
  if (!o.verify.empty()) return verify(o);
  if (o.coupons.empty() || o.out.empty()) throw UsageError("export needs --coupons and --out (or --verify FILE)");
  if (o.format != "csv" && o.format != "jsonl") throw UsageError("--format must be csv or jsonl, not " + o.format);
  const std::string manifest = manifest_path(o.out);
  AtomicOutput export_file(o.out, o.overwrite, comm), manifest_file(manifest, o.overwrite, comm);
  const std::optional<std::string> key = load_pseudonym_key(o.pseudonymise_key);

  const io::CouponsFile coupons = io::read_coupons(o.coupons);
  const io::CouponRows& rows = coupons.rows;
  const io::CouponHouseholds households = io::read_coupon_households(o.coupons, rows.households());
  const auto texts = product_texts(o.store);

  ExportLayout layout;
  layout.jsonl = o.format == "jsonl";
  layout.per_coupon = o.per_coupon;
  layout.with_products = !o.store.empty();
  layout.pseudonymised = key.has_value();
  layout.k = rows.k;

  ExportManifest m;
  m.file = fs::path(o.out).filename().string();
  m.layout = layout;
  m.gzip = o.gzip;
  m.run_id = households.run_id;
  m.as_of_day = coupons.as_of_day;
  m.coupons_file = fs::path(o.coupons).filename().string();
  m.store_file = o.store.empty() ? "" : fs::path(o.store).filename().string();
  m.config_fingerprint = fmt::format("{:016x}", XXH3_64bits(households.config.data(), households.config.size()));
  m.campaign_salt = households.campaign_salt;
  m.control_share = households.control_share;
  m.households_in_file = static_cast<std::int64_t>(rows.households());

  io::ExportSink sink(export_file.temporary(), o.gzip);
  sink.write(export_header(layout));
  std::string text;
  for (std::size_t h = 0; h < rows.households(); ++h) {
    if (households.consent[h] != 1) {
      ++m.excluded_no_consent;
      continue;
    }
    if (households.control[h] != 0) {
      ++m.excluded_control;
      continue;
    }
    ExportHousehold e;
    for (int slot = 0; slot < rows.k; ++slot) {
      const std::size_t cell = h * static_cast<std::size_t>(rows.k) + static_cast<std::size_t>(slot);
      if (rows.product_id[cell] < 0) continue;
      e.coupons.push_back({static_cast<int>(e.coupons.size()) + 1, rows.product_id[cell],
                           name_of(coupons.reason_names, rows.reason[cell])});
    }
    if (e.coupons.empty()) {
      ++m.excluded_no_coupon;
      continue;
    }
    const std::int64_t id = rows.household_id[h];
    e.id = key ? pseudonym(*key, id) : std::to_string(id);
    e.tier = name_of(households.tier_names, households.tier[h]);
    e.cohort = name_of(households.cohort_names, households.cohort[h]);
    text.clear();
    m.rows += append_rows(layout, e, texts, text);
    m.coupons += static_cast<std::int64_t>(e.coupons.size());
    ++m.households;
    sink.write(text);
  }
  sink.finish();
  m.bytes = sink.bytes();
  m.sha256 = sink.sha256_hex();
  manifest_file.write_text(m.to_json());

  // A stale manifest must never describe the new file: remove it before publishing.
  std::error_code ec;
  fs::remove(manifest, ec);
  export_file.publish_here();
  manifest_file.publish_here();
  spdlog::info("export: wrote {} ({}{}, {} layout{}): {} rows, {} households, {} coupons; excluded {} without "
               "consent, {} control, {} without coupons; manifest {}",
               o.out, o.format, o.gzip ? "+gzip" : "", layout.per_coupon ? "coupon" : "household",
               key ? ", pseudonymised ids" : "", m.rows, m.households, m.coupons, m.excluded_no_consent,
               m.excluded_control, m.excluded_no_coupon, manifest);
  return exit_ok;
}

}  // namespace basketgap
