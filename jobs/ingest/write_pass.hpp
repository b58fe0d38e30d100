// Ingest pass 4: the store written collectively with parallel HDF5, one bucket per round.
#pragma once

#include <string>

#include <vector>

#include "io/store/batches.hpp"
#include "io/store/tables.hpp"

namespace basketgap {
class AtomicOutput;
class Comm;
}  // namespace basketgap

namespace basketgap::ingest {

class BucketStore;
class SpillFolders;
struct BucketPlan;
struct SortPass;
struct StoreTables;

// Collective, the end of ingest and append: writes the store into `store_file`'s temporary,
// removes the spill folders, writes the rejects file (`rejects_rows`) and only then publishes
// the store, then rank 0 the rejects (`rejects_file` nullptr: none, for compact): a store never stands
// without the list of what was left out of it, and a failure anywhere fails the job on every rank.
void write_and_publish(AtomicOutput& store_file, AtomicOutput* rejects_file, const std::string& rejects_rows,
                       const SpillFolders& spill, const BucketPlan& plan, BucketStore& buckets,
                       const SortPass& sorted, const StoreTables& tables, const io::Attributes& attributes,
                       const std::vector<io::BatchRecord>& batches, const Comm& comm);

}  // namespace basketgap::ingest
