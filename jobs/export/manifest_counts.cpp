#include "jobs/export/manifest_counts.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <filesystem>
#include <span>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap::exporting {

// What the manifest says of the export before its rows are counted.
io::ExportManifest start_manifest(const ExportOptions& o, const io::CouponsFile& coupons,
                                  std::size_t households_in_file, bool pseudonymised) {
  const io::CouponsAttributes& run = coupons.attributes;
  io::ExportManifest m;
  m.file = fs::path(o.out).filename().string();
  m.layout.jsonl = o.format == "jsonl";
  m.layout.per_coupon = o.per_coupon;
  m.layout.with_products = !o.store.empty();
  m.layout.pseudonymised = pseudonymised;
  m.layout.ids_as_strings = o.ids_as_strings;
  m.layout.k = coupons.rows.k;
  m.gzip = o.gzip;
  m.run_id = run.run_id;
  m.as_of_day = run.as_of_day;
  m.coupons_file = fs::path(o.coupons).filename().string();
  m.store_file = o.store.empty() ? "" : fs::path(o.store).filename().string();
  m.config_fingerprint = fmt::format("{:016x}", XXH3_64bits(run.config.data(), run.config.size()));
  m.campaign_salt = run.campaign_salt;
  m.control_share = run.control_share;
  m.households_in_file = static_cast<std::int64_t>(households_in_file);
  return m;
}

// Collective: the manifest's counts summed over the ranks.
void sum_counts(io::ExportManifest& m, const Comm& comm) {
  std::int64_t counts[] = {m.rows,
                           m.coupons,
                           m.households,
                           m.excluded_no_consent,
                           m.excluded_control,
                           m.excluded_no_coupon,
                           m.excluded_consent_withdrawn,
                           m.coupons_without_text};
  comm.allreduce_inplace(std::span<std::int64_t>(counts), ReduceOp::sum);
  m.rows = counts[0];
  m.coupons = counts[1];
  m.households = counts[2];
  m.excluded_no_consent = counts[3];
  m.excluded_control = counts[4];
  m.excluded_no_coupon = counts[5];
  m.excluded_consent_withdrawn = counts[6];
  m.coupons_without_text = counts[7];
}

// Collective; rank 0 logs every rank's households/rows/bytes/seconds in one line.
void log_load(const RankLoad& mine, const Comm& comm) {
  const std::vector<RankLoad> all = comm.allgather(mine);
  if (!comm.is_root()) return;
  std::string line;
  for (std::size_t r = 0; r < all.size(); ++r)
    line += fmt::format("{}rank {}: {}/{}/{}/{:.2f}", r ? "; " : "", r, all[r].households, all[r].rows,
                        all[r].bytes, all[r].seconds);
  spdlog::info("export: format step per rank (households/rows/bytes/seconds): {}", line);
}

}  // namespace basketgap::exporting
