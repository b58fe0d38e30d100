// The TOML configuration file shared by the jobs ([ingest], later [score], [campaign] ...).
// Unknown keys are errors: a typo must not silently fall back to a default.
#pragma once

#include <string>

#include "engine/score_config.hpp"
#include "io/csv/transaction_schema.hpp"

namespace basketgap {

struct IngestConfig {
  io::ColumnMapping columns = io::ColumnMapping::dunnhumby();
};

// Reads the [ingest] table of `path` (empty path = defaults). Throws UsageError naming the
// file, line and key on a bad value or an unknown key.
IngestConfig load_ingest_config(const std::string& path);

// Reads the [score] table of `path` over the defaults (empty path = defaults).
engine::ScoreConfig load_score_config(const std::string& path);

}  // namespace basketgap
