#include "jobs/ingest/sort_pass.hpp"

#include "jobs/cluster/progress.hpp"
#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/rejects.hpp"

namespace basketgap::ingest {

SortPass sort_pass(const BucketPlan& plan, BucketStore& buckets, const std::string& transactions,
                   std::int64_t max_rejects, const Comm& comm) {
  SortPass pass;
  Progress progress("ingest/sort", 0, "buckets", comm.is_root());
  pass.local = sort_buckets(plan, buckets, max_rejects);
  progress.finish(plan.buckets());
  pass.duplicate_lines = comm.allreduce<std::int64_t>(pass.local.duplicate_lines, ReduceOp::sum);
  pass.duplicates_text = format_duplicates(comm.gatherv_to_root<DuplicateLine>(pass.local.duplicates),
                                           transactions, max_rejects);
  pass.offsets = to_offsets(comm.allgatherv<std::int64_t>(pass.local.rows));
  pass.baskets = comm.allgatherv<std::int32_t>(pass.local.baskets);
  pass.min_day = comm.allreduce(pass.local.min_day, ReduceOp::min);
  pass.max_day = comm.allreduce(pass.local.max_day, ReduceOp::max);
  pass.file_rows = comm.allreduce<std::int64_t>(pass.local.file_rows, ReduceOp::sum);
  pass.file_min_day = comm.allreduce(pass.local.file_min_day, ReduceOp::min);
  pass.file_max_day = comm.allreduce(pass.local.file_max_day, ReduceOp::max);
  pass.rows = pass.offsets.back();
  for (auto b : pass.baskets) pass.basket_total += b;
  return pass;
}

}  // namespace basketgap::ingest
