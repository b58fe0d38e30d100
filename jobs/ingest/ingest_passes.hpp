// Passes 1-3 of ingest — parse, dictionaries and split, route, sort — from a transactions CSV
// to sorted, de-duplicated rows waiting in buckets for the write pass. Shared by `ingest` (the
// store) and `append` (a night's segment, io/store/segments.hpp).
#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include "jobs/ingest/buckets.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/sort_pass.hpp"
#include "jobs/ingest/split.hpp"

namespace basketgap {
class AtomicOutput;
class Comm;
class JobTraffic;
}  // namespace basketgap

namespace basketgap::ingest {

class SpillFolders;
struct TransactionsInput;

struct IngestedRows {
  ParsePass parsed;  // rejects_text includes the duplicates the sort dropped
  Dictionaries dictionaries;
  HouseholdSplit split;
  std::unique_ptr<BucketStore> buckets;
  SortPass sorted;
  std::int64_t owned_rows = 0;  // this rank's rows before de-duplication (for the reports)
  std::int64_t kept_rows = 0;   // after
};

// Collective. `job` (may be nullptr) gets one stage report per pass, named `<job>/parse` ...
IngestedRows ingest_rows(const std::string& transactions, const TransactionsInput& input,
                         std::int64_t max_rejects, std::int64_t memory_rows, const SpillFolders& spill,
                         AtomicOutput& rejects_file, JobTraffic* traffic, const std::string& job,
                         const Comm& comm, const std::string& failed_rejects = "");

}  // namespace basketgap::ingest
