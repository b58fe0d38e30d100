// Ingest pass 4: the store written collectively with parallel HDF5, one bucket per round.
#pragma once

#include <string>

#include <vector>

#include "io/store/batches.hpp"
#include "io/store/tables.hpp"

namespace basketgap {
class Comm;
}

namespace basketgap::ingest {

class BucketStore;
struct BucketPlan;
struct SortPass;
struct StoreTables;

// Collective. Writes the sorted buckets (taken from `buckets`), the side tables (rank 0's
// data), the batch records and the root attributes to `path`, and closes it.
void write_store(const std::string& path, const BucketPlan& plan, BucketStore& buckets,
                 const SortPass& sorted, const StoreTables& tables, const io::Attributes& attributes,
                 const std::vector<io::BatchRecord>& batches, const Comm& comm);

}  // namespace basketgap::ingest
