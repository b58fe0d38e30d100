// `basketgap score`: the store -> K coupons per household, as of a day, under mpirun.
// Each rank loads a contiguous range of households balanced by rows; the pipeline in
// score_pipeline.cpp reduces statistics and similarity over MPI; the coupons are written
// collectively into one file under a temporary name, renamed on success.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "io/coupons_file.hpp"
#include "io/errors.hpp"
#include "io/store_reader.hpp"
#include "jobs/comm.hpp"
#include "jobs/config.hpp"
#include "jobs/history_loader.hpp"
#include "jobs/jobs.hpp"
#include "jobs/output_files.hpp"
#include "jobs/progress.hpp"
#include "jobs/score_pipeline.hpp"
#include "jobs/signals.hpp"
#include "jobs/threads.hpp"

namespace basketgap {

namespace {
std::vector<std::string> reason_names() {
  std::vector<std::string> names;
  for (int r = 0; r < engine::kReasonCount; ++r) names.emplace_back(engine::reason_name(static_cast<engine::Reason>(r)));
  return names;
}
}  // namespace

int run_score(const ScoreOptions& o, const Comm& comm) {
  Progress total("score", 0, "rows", false);  // the job's stopwatch
  const auto thread_limit = limit_threads(o.threads);
  engine::ScoreConfig config = load_score_config(o.config);
  if (o.k > 0) config.k = o.k;
  check_output_path(o.out, o.overwrite, comm);
  if (comm.is_root()) remove_stale_temporaries(o.out);
  const std::string token = run_token(comm);
  const std::string tmp = o.out + ".tmp-" + token;
  TemporaryPaths temporaries;
  temporaries.add(tmp);

  io::StoreReader store = io::StoreReader::open(o.store);
  const io::StoreSummary summary = store.summary();
  if (o.as_of < summary.min_day)
    throw UsageError(fmt::format("--as-of {} is before the first day of {} ({})", o.as_of, o.store,
                                 summary.min_day)).raised_on_all_ranks();
  const io::HouseholdTable households = store.households();
  const RankShare share = split_households(households.offset, comm);
  if (comm.is_root())
    spdlog::info("score: {} as of day {} (store days {}-{}), k = {}, {} rank(s) -> {}", o.store,
                 o.as_of, summary.min_day, summary.max_day, config.k, comm.size(), o.out);
  Progress load("score/load", 0, "rows", comm.is_root());
  const engine::HistoryBlock block = load_history(store, households.offset, share.mine);
  const std::vector<std::int64_t> my_ids(households.id.begin() + share.mine.begin,
                                         households.id.begin() + share.mine.end);
  const std::vector<std::int64_t> product_ids = store.products().id;
  store.close();
  load.finish(static_cast<std::uint64_t>(comm.allreduce<std::int64_t>(block.rows(), ReduceOp::sum)));

  ScoringInput input{&block, &my_ids, static_cast<std::int64_t>(product_ids.size()), o.as_of};
  const ScoringOutput scored = run_scoring(input, config, comm);

  // External ids for the file; rows of this rank start after the lower ranks' rows.
  io::CouponRows rows;
  rows.k = config.k;
  for (std::int64_t h : scored.eligible) rows.household_id.push_back(my_ids[h]);
  rows.product_id.reserve(scored.coupons.product.size());
  for (std::size_t i = 0; i < scored.coupons.product.size(); ++i) {
    const std::int32_t p = scored.coupons.product[i];
    const std::int32_t s = scored.coupons.source[i];
    rows.product_id.push_back(p >= 0 ? product_ids[p] : -1);
    rows.source_product_id.push_back(s >= 0 ? product_ids[s] : -1);
  }
  rows.score = scored.coupons.score;
  rows.reason = scored.coupons.reason;
  const auto mine = static_cast<std::int64_t>(rows.household_id.size());
  const std::int64_t first = comm.exclusive_prefix_sum(mine);
  const std::int64_t all = comm.allreduce(mine, ReduceOp::sum);

  throw_if_stop_requested("score/write");
  Progress write("score/write", static_cast<std::uint64_t>(all), "households", comm.is_root());
  io::CouponsWriter writer(tmp, comm.raw(), all, config.k);
  writer.write_rows(first, rows);
  writer.write_names("/coupons/reason_names", reason_names(), comm.is_root());
  const io::Attributes attributes{
      {"format", std::string(io::kCouponsFormat)},
      {"schema_version", io::kCouponsSchemaVersion},
      {"as_of_day", static_cast<std::int64_t>(o.as_of)},
      {"k", static_cast<std::int64_t>(config.k)},
      {"run_id", token},
      {"engine_version", std::string(BASKETGAP_VERSION)},
      {"config", config.describe() + "\n" + scored.model.describe()},
      {"store_fingerprint", summary.fingerprint},
      {"ranks", static_cast<std::int64_t>(comm.size())},
      {"households", all},
  };
  writer.write_attributes(attributes);
  writer.close();
  write.finish(static_cast<std::uint64_t>(all));
  comm.barrier();
  if (comm.is_root()) {
    publish(tmp, o.out);
    spdlog::info("score: wrote {}: {} households x {} coupons, {} neighbour pairs; {:.1f} s", o.out,
                 all, config.k, scored.neighbour_pairs, total.elapsed_seconds());
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
