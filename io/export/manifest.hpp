// The manifest written beside an export (FILE.manifest.json, docs/CAMPAIGN.md) and the
// `export --verify` check of a file against it.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "io/export/rows.hpp"

namespace basketgap::io {

struct ExportManifest {
  std::string file;  // base name of the export
  ExportLayout layout;
  bool gzip = false;
  std::uint64_t bytes = 0;
  std::string sha256;
  std::int64_t rows = 0, coupons = 0, households = 0;
  std::string run_id, coupons_file, config_fingerprint, campaign_salt, store_file;
  std::int64_t as_of_day = 0;
  double control_share = 0;
  std::int64_t households_in_file = 0;  // rows of the coupons file
  std::int64_t excluded_no_consent = 0, excluded_control = 0, excluded_no_coupon = 0;
  // consented in the coupons file, not in the export's --store (an opt-out since scoring)
  std::int64_t excluded_consent_withdrawn = 0;
  // product_text only: coupons mailed whose product the store has no name for (blank columns)
  std::int64_t coupons_without_text = 0;
  std::string warning;  // e.g. nobody consented; written only when not empty

  std::string to_json() const;  // pretty JSON text with a final newline
  static ExportManifest from_json(const std::string& text, const std::string& path);
};

inline std::string manifest_path(const std::string& export_path) { return export_path + ".manifest.json"; }

// Recomputes size, SHA-256, rows and coupons of `export_path` and compares them with its
// manifest. Throws Error(exit_data) with a one-line reason on any difference,
// Error(exit_no_input) when the file or its manifest is missing.
ExportManifest verify_export(const std::string& export_path);

}  // namespace basketgap::io
