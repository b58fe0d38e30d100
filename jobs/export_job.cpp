// `basketgap export`: a coupons file -> a flat file for a mailing system (CSV or JSON Lines,
// optionally gzip) plus FILE.manifest.json; only consented, non-control households with at
// least one coupon. Written under temporary names and renamed, data file first, manifest last.
// `export --verify FILE` checks a published export against its manifest.
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <filesystem>

#include "io/coupons/reader.hpp"
#include "io/errors.hpp"
#include "io/export/manifest.hpp"
#include "io/export/pseudonym.hpp"
#include "io/export/sink.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/export/mailing.hpp"
#include "jobs/jobs.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

int verify(const ExportOptions& o) {
  const io::ExportManifest m = io::verify_export(o.verify);
  spdlog::info("export --verify: {} matches its manifest: {} bytes, SHA-256 {}, {} rows, {} coupons, run {}",
               o.verify, m.bytes, m.sha256, m.rows, m.coupons, m.run_id);
  return exit_ok;
}

// What the manifest says of the export before its rows are counted.
io::ExportManifest start_manifest(const ExportOptions& o, const io::CouponsFile& coupons,
                                  bool pseudonymised) {
  const io::CouponsAttributes& run = coupons.attributes;
  io::ExportManifest m;
  m.file = fs::path(o.out).filename().string();
  m.layout.jsonl = o.format == "jsonl";
  m.layout.per_coupon = o.per_coupon;
  m.layout.with_products = !o.store.empty();
  m.layout.pseudonymised = pseudonymised;
  m.layout.k = coupons.rows.k;
  m.gzip = o.gzip;
  m.run_id = run.run_id;
  m.as_of_day = run.as_of_day;
  m.coupons_file = fs::path(o.coupons).filename().string();
  m.store_file = o.store.empty() ? "" : fs::path(o.store).filename().string();
  m.config_fingerprint = fmt::format("{:016x}", XXH3_64bits(run.config.data(), run.config.size()));
  m.campaign_salt = run.campaign_salt;
  m.control_share = run.control_share;
  m.households_in_file = static_cast<std::int64_t>(coupons.rows.households());
  return m;
}

// An empty mailing because nobody consented is legitimate (a households file without a consent
// column) but almost never intended: said in the log and in the manifest ("" = some consented).
std::string no_consent_warning(const ExportOptions& o, const io::CouponsFile& coupons,
                               const io::CouponHouseholds& households) {
  if (coupons.rows.households() == 0 || exporting::consented_households(households) > 0) return "";
  const std::string warning = fmt::format(
      "none of the {} households of {} has consent = 1: the mailing is empty (was the store ingested "
      "with a households file that has a consent column?)",
      coupons.rows.households(), fs::path(o.coupons).filename().string());
  spdlog::warn("export: {}", warning);
  return warning;
}

}  // namespace

int run_export(const ExportOptions& o, const Comm& comm) {
  if (comm.size() > 1)
    throw UsageError("export runs as one process: run it without mpirun (or with -np 1)")
        .raised_on_all_ranks();
  if (!o.verify.empty()) return verify(o);
  if (o.coupons.empty() || o.out.empty())
    throw UsageError("export needs --coupons and --out (or --verify FILE)");
  if (o.format != "csv" && o.format != "jsonl")
    throw UsageError("--format must be csv or jsonl, not " + o.format);
  const std::string manifest = io::manifest_path(o.out);
  AtomicOutput export_file(o.out, o.overwrite, comm), manifest_file(manifest, o.overwrite, comm);
  const std::optional<std::string> key = io::load_pseudonym_key(o.pseudonymise_key);
  if (!o.pseudonymise_key.empty() && !io::key_file_is_private(o.pseudonymise_key))
    spdlog::warn("export: the pseudonymisation key {} can be read by other users: chmod 600 it",
                 o.pseudonymise_key);

  const io::CouponsFile coupons = io::read_coupons(o.coupons);
  const auto texts = exporting::product_texts(o.store, o.coupons, coupons.attributes);
  const io::CouponHouseholds households = io::read_coupon_households(o.coupons, coupons.rows.households());
  io::ExportManifest m = start_manifest(o, coupons, key.has_value());
  m.warning = no_consent_warning(o, coupons, households);
  io::ExportSink sink(export_file.temporary(), o.gzip);
  exporting::write_mailing(coupons, households, texts, key, sink, m);
  sink.finish();
  m.bytes = sink.bytes();
  m.sha256 = sink.sha256_hex();
  manifest_file.write_text(m.to_json());

  // A stale manifest must never describe the new file: remove it before publishing.
  std::error_code ec;
  fs::remove(manifest, ec);
  export_file.publish_here();
  manifest_file.publish_here();
  spdlog::info(
      "export: wrote {} ({}{}, {} layout{}): {} rows, {} households, {} coupons; excluded {} without "
      "consent, {} control, {} without coupons; manifest {}",
      o.out, o.format, o.gzip ? "+gzip" : "", m.layout.per_coupon ? "coupon" : "household",
      key ? ", pseudonymised ids" : "", m.rows, m.households, m.coupons, m.excluded_no_consent,
      m.excluded_control, m.excluded_no_coupon, manifest);
  return exit_ok;
}

}  // namespace basketgap
