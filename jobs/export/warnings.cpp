#include "jobs/export/warnings.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <filesystem>
#include <string>

#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap::exporting {

// An empty mailing because nobody consented is legitimate (a households file without a consent
// column, every household opted out since scoring) but almost never intended: said in the log
// and in the manifest ("" = some consented). Collective: `consented` is this rank's count of
// households consenting still; `m` holds the counts summed over the ranks.
std::string no_consent_warning(const ExportOptions& o, const io::ExportManifest& m, std::int64_t consented,
                               const Comm& comm) {
  if (m.households_in_file == 0 || comm.allreduce(consented, ReduceOp::sum) > 0) return "";
  const std::string coupons = fs::path(o.coupons).filename().string();
  const std::string warning =
      m.excluded_consent_withdrawn == 0
          ? fmt::format(
                "none of the {} households of {} has consent = 1: the mailing is empty (was the store "
                "ingested with a households file that has a consent column?)",
                m.households_in_file, coupons)
          : fmt::format(
                "none of the {} households of {} has consent = 1: the mailing is empty (the {} that "
                "consented when scored have withdrawn it since, in {})",
                m.households_in_file, coupons, m.excluded_consent_withdrawn,
                fs::path(o.store).filename().string());
  if (comm.is_root()) spdlog::warn("export: {}", warning);
  return warning;
}

// An empty mailing although households may be mailed: every one of them came without coupons
// (score refuses a campaign with nothing eligible; a coupons file from elsewhere, or one so
// narrow that no list reached it), or is in the control group. Said like the no-consent case.
// `m` holds the counts summed over the ranks.
std::string no_coupon_warning(const ExportOptions& o, const io::ExportManifest& m, const Comm& comm) {
  if (m.rows > 0 || m.excluded_no_coupon + m.excluded_control == 0) return "";
  const std::string warning = fmt::format(
      "none of the {} households of {} has a coupon to mail ({} without coupons, {} without consent, {} "
      "control): the mailing is empty ({})",
      m.households_in_file, fs::path(o.coupons).filename().string(), m.excluded_no_coupon,
      m.excluded_no_consent + m.excluded_consent_withdrawn, m.excluded_control,
      m.excluded_no_coupon == 0 ? "every household that may be mailed is in the control group"
                                : "no candidates for any of them?");
  if (comm.is_root()) spdlog::warn("export: {}", warning);
  return warning;
}

// An importer picks the decoder by the file's name: plain text named .gz (or gzip named
// otherwise), or JSONL named .csv, fails or, worse, is read as garbage. Rank 0.
void warn_of_a_misleading_name(const ExportOptions& o) {
  if (o.gzip != o.out.ends_with(".gz"))
    spdlog::warn("export: {} is {} but its name {} in .gz", o.out,
                 o.gzip ? "gzip-compressed (--gzip)" : "plain text", o.gzip ? "does not end" : "ends");
  const std::string plain_name = o.out.ends_with(".gz") ? o.out.substr(0, o.out.size() - 3) : o.out;
  if (plain_name.ends_with(o.format == "csv" ? ".jsonl" : ".csv") ||
      (o.format == "csv" && plain_name.ends_with(".json")))
    spdlog::warn("export: {} is {} but its name says otherwise", o.out, o.format == "csv" ? "CSV" : "JSONL");
}

void warn_of_blank_product_text(const ExportOptions& o, const io::ExportManifest& m) {
  if (m.coupons_without_text == 0) return;
  spdlog::warn(
      "export: {} of {} coupons name a product {} has no products-file text for (ingested without "
      "--products, a product new since the last products file, or one whose line there has every text "
      "field blank): their description, department and commodity are blank (manifest: "
      "coupons_without_product_text); append a products file that describes them",
      m.coupons_without_text, m.coupons, o.store);
}

}  // namespace basketgap::exporting
