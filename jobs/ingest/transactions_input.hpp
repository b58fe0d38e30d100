// The transactions file's set-up shared by ingest and append: the [ingest] config, the header
// resolved into a schema, the size. Read before any temporary exists; every rank reads the
// same files, so a problem here is the same error on every rank.
#pragma once

#include <cstdint>
#include <string>

#include "io/csv/transaction_schema.hpp"
#include "jobs/config/job_config.hpp"

namespace basketgap::ingest {

struct TransactionsInput {
  IngestConfig config;
  io::ResolvedSchema schema;
  std::uint64_t bytes = 0;
};

// Errors are marked raised on all ranks.
TransactionsInput open_transactions(const std::string& transactions, const std::string& config_path);

}  // namespace basketgap::ingest
