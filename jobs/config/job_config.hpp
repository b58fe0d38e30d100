// The TOML configuration file shared by the jobs: [ingest], [score] and [campaign]. Every key
// is one row of the table in config_keys.cpp, which drives reading, checking, the effective
// text written into outputs and the docs. Unknown sections and keys are errors: a typo must
// not silently fall back to a default.
#pragma once

#include <algorithm>
#include <string>
#include <string_view>
#include <vector>

#include "engine/score_config.hpp"
#include "io/csv/transaction_schema.hpp"
#include "jobs/config/campaign_config.hpp"

namespace basketgap {

struct IngestConfig {
  io::ColumnMapping columns = io::ColumnMapping::dunnhumby();
  // Households file columns whose names speak of consent or a mailing suppression but that hold
  // no opt-out (a consent record's id, an unsubscribe link): read as nothing instead of refused.
  std::vector<std::string> ignore_household_columns;
};

// Everything one config file holds. The same file goes to ingest, score and evaluate: each job
// uses its sections, every job checks them all.
struct JobConfig {
  IngestConfig ingest;
  engine::ScoreConfig score;
  CampaignConfig campaign;              // enabled = the file has a [campaign] table
  std::vector<std::string> keys_given;  // "score.k", ...: the keys the file sets (the rest are defaults)

  bool gives(std::string_view key) const {
    return std::find(keys_given.begin(), keys_given.end(), key) != keys_given.end();
  }
};

// Reads `path` over the defaults (empty path = defaults, campaign disabled). Throws UsageError
// naming FILE:LINE:COLUMN on a TOML syntax error, an unknown section or key, a wrong type or a
// value out of range, and naming the keys when a rule between keys is broken.
JobConfig load_config(const std::string& path);

// The same from the text of a file; `path` names it in errors and anchors relative paths.
JobConfig parse_config(std::string_view toml, const std::string& path);

// The effective sections as TOML text, every key in table order: stored in the coupons file
// (`config`, `campaign`) and in checkpoint keys, so the bytes are part of the output.
std::string describe(const engine::ScoreConfig& score);
std::string describe(const CampaignConfig& campaign);  // "" when not enabled
std::string describe(const IngestConfig& ingest);

}  // namespace basketgap
