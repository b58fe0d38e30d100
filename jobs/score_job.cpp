// `basketgap score`: the store -> K coupons per household, as of a day, under mpirun.
// Each rank loads a contiguous range of households balanced by rows; the pipeline in
// jobs/score/pipeline.cpp reduces statistics and similarity over MPI; each rank's part of the
// coupons file (jobs/score/coupons_output.cpp) is written collectively under a temporary name,
// renamed on success.
#include <spdlog/spdlog.h>

#include "io/coupons/writer.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/output_not_input.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/room_to_close.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/cluster/stage_report.hpp"
#include "jobs/cluster/threads.hpp"
#include "jobs/config/config_rules.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/day_span.hpp"
#include "jobs/jobs.hpp"
#include "jobs/score/as_of_checks.hpp"
#include "jobs/score/campaign_setup.hpp"
#include "jobs/score/checkpoint.hpp"
#include "jobs/score/coupons_output.hpp"
#include "jobs/score/history_loader.hpp"
#include "jobs/score/pinned_rows.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/product_categories.hpp"
#include "jobs/score/segments.hpp"

namespace basketgap {

namespace {
// Collective: no hole around the as-of in the loaded rows that only missing nights explain
// (as_of_checks: missing_days_before).
void check_days_before(const ScoreOptions& o, const engine::HistoryBlock& block,
                       const io::StoreSummary& summary, const Comm& comm) {
  const RowsAround around = rows_around(block, summary, o.as_of, comm);
  try {
    for (const std::string& warning :
         missing_days_before(o.as_of, around, summary, o.store, {o.allow_stale, o.allow_default_blend}))
      if (comm.is_root()) spdlog::warn("score: {}", warning);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
}
}  // namespace

int run_score(const ScoreOptions& o, const Comm& comm) {
  Progress total("score", 0, "rows", false);  // the job's stopwatch
  JobTraffic traffic("score", comm);
  const auto thread_limit = limit_threads(o.threads);
  const JobConfig settings = on_all_ranks(comm, o.config, [&] { return load_config(o.config); });
  engine::ScoreConfig config = settings.score;
  const CampaignConfig& campaign = settings.campaign;
  if (o.k > 0) override_k(config, o.k, o.config);
  refuse_output_over_input(
      {"--out", o.out},
      {{"--store", o.store},
       {"--config", o.config},
       {"the campaign's offers file", campaign.enabled ? campaign.offers : std::string()}},
      comm);
  AtomicOutput coupons_file(o.out, o.overwrite, comm);

  // Held until the history is loaded: a compact meanwhile keeps the segments this head names.
  append::StoreReaders readers(o.store, comm);
  const std::string& store_file = readers.file();
  // --store-version V: a rerun of the night that saw version V.
  io::StoreReader store = append::open_head_alike(o.store, store_file, o.store_version, comm, false);
  failpoint("score/store-opened");
  const io::StoreSummary summary = store.summary();
  check_as_of(o.as_of, summary, o.store, config, {o.allow_stale, o.allow_default_blend}, comm.is_root());
  // The small inputs (products, the campaign's offers) are checked before the long history load.
  const io::ProductTable product_table = on_all_ranks(comm, o.store, [&] { return store.products(); });
  const std::vector<std::int64_t>& product_ids = product_table.id;
  const CampaignSetup setup = campaign_setup(campaign, product_table, o.as_of, summary, comm);
  io::HouseholdTable households = on_all_ranks(comm, o.store, [&] { return store.households(); });
  households.offset = pinned_offsets(store, households.offset, comm);
  const RankShare share = split_households(households.offset, comm);
  if (comm.is_root())
    spdlog::info("score: {} version {} as of day {} (store days {}), k = {}, {} rank(s) -> {}", o.store,
                 summary.store_version, o.as_of, day_span(summary.min_day, summary.max_day), config.k,
                 comm.size(), o.out);
  Progress load("score/load", 0, "rows", comm.is_root());
  StageReport load_report(&traffic, "score/load");
  std::vector<double> spend;  // per household, up to as_of
  engine::HistoryBlock block = on_all_ranks(
      comm, o.store, [&] { return load_history(store, households.offset, share.mine, o.as_of, spend); });
  const std::vector<std::int64_t> my_ids(households.id.begin() + share.mine.begin,
                                         households.id.begin() + share.mine.end);
  store.close();
  readers.release();
  check_days_before(o, block, summary, comm);
  const auto rows = comm.allreduce<std::int64_t>(block.rows(), ReduceOp::sum);
  load.finish(static_cast<std::uint64_t>(rows));
  log_history_memory(block.memory_bytes(), rows, comm);
  load_report.set_work(block.rows(), static_cast<std::int64_t>(my_ids.size()));
  load_report.finish();

  ScoringInput input{&block, &my_ids, static_cast<std::int64_t>(product_ids.size()), o.as_of};
  input.product_ids = &product_ids;
  const ProductCategories categories = product_categories(product_table, config.category_level);
  input.product_category = categories.of_product;
  if (comm.is_root()) spdlog::info("score: categories {}", categories.describe());
  const std::vector<std::uint8_t> control = control_flags(campaign, my_ids);
  const std::vector<std::uint8_t> event = event_flags(
      campaign, setup.mailing_month,
      std::span<const std::int8_t>(households.birth_month).subspan(share.mine.begin, my_ids.size()));
  if (campaign.enabled) {
    input.campaign = &setup.rules;
    input.control = &control;
    input.event_slot = &event;
  }
  ScoreCheckpoint checkpoint(o.out, summary.fingerprint, o.as_of, input.products,
                             describe(config) + categories.key() + "\n", comm);
  input.checkpoint = &checkpoint;
  input.require_fitted_blend = !o.allow_default_blend;
  input.traffic = &traffic;
  ScoringOutput scored = run_scoring(input, config, comm);  // its lists move into the file's columns
  // The write stage: segments and this rank's part of the file, written and published.
  StageReport write_report(&traffic, "score/write", "coupons");
  // Progress in steps: the segments, the file's columns, then each step of the HDF5 write (with
  // millions of households each takes seconds).
  constexpr int kColumnSteps = 3;
  Progress write("score/write", kColumnSteps + io::kCouponsWriteSteps, "steps", comm.is_root());
  // The rows are done with once the segments' activity is taken: the file's columns take their place.
  const std::vector<engine::HouseholdActivity> activity =
      household_activities(block, spend, scored.eligible, o.as_of);
  block = engine::HistoryBlock{};
  write.update(1);
  const HouseholdSegments segments =
      compute_segments(activity, spend, o.as_of, campaign.new_days, campaign.lapsing_days, comm);
  write.update(2);

  const RankHouseholds mine{my_ids, std::span(households.consent).subspan(share.mine.begin, my_ids.size()),
                            control, event};
  const ScoreRun run{o.as_of,
                     &config,
                     &campaign,
                     setup.mailing_month,
                     summary.fingerprint,
                     summary.store_version,
                     coupons_file.token(),
                     engine::category_level_name(categories.level)};
  const CouponsOutput output = coupons_output(scored, segments, mine, product_ids, run, comm);
  const std::int64_t all = output.part.file_rows;
  write.update(kColumnSteps);

  throw_if_stop_requested_on_any_rank("score/write", comm);
  io::write_coupons(
      coupons_file.temporary(), comm.raw(), output.part, comm.is_root(),
      [&] { check_room_to_close(coupons_file.temporary(), comm); },
      [&](int steps) { write.update(static_cast<std::uint64_t>(kColumnSteps + steps)); });
  write.set_unit("households");  // the closing line: the households written, and their rate
  write.finish(static_cast<std::uint64_t>(all));
  coupons_file.publish(comm);
  const auto written = static_cast<std::int64_t>(output.part.rows.households());
  write_report.set_work(written * output.part.rows.k, written);
  write_report.finish();
  const ListFill fill = list_fill(output.part, comm);
  if (comm.is_root()) {
    checkpoint.remove_all();  // the published file supersedes them
    spdlog::info("score: wrote {}: {} households x {} coupons, {} neighbour pairs; {:.1f} s", o.out, all,
                 config.k, scored.neighbour_pairs, total.elapsed_seconds());
    // Said, so that a mailing of 4 coupons a household is not read as the night's 12.
    if (fill.short_lists > 0)
      spdlog::info(
          "score: {} coupons in all; {} households' lists are shorter than {} (too few eligible products "
          "for them: the offers, the exclusions and caps, a short history)",
          fill.coupons, fill.short_lists, config.k);
    if (campaign.enabled)
      spdlog::info(
          "score/campaign: {} household(s) held out as control, {} with a birthday event slot, {} "
          "event coupon(s)",
          output.held_out, output.event_households, output.event_coupons);
  }
  traffic.finish();
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
