// `basketgap score`: the store -> K coupons per household, as of a day, under mpirun.
// Each rank loads a contiguous range of households balanced by rows; the pipeline in
// score_pipeline.cpp reduces statistics and similarity over MPI; the coupons are written
// collectively into one file under a temporary name, renamed on success.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "io/coupons/file.hpp"
#include "io/errors.hpp"
#include "io/store/reader.hpp"
#include "jobs/score/campaign_setup.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/score/history_loader.hpp"
#include "jobs/jobs.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/score/checkpoint.hpp"
#include "jobs/score/pipeline.hpp"
#include "jobs/score/segments.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/cluster/threads.hpp"

namespace basketgap {

namespace {
std::vector<std::string> reason_names() {
  std::vector<std::string> names;
  for (int r = 0; r < engine::kReasonCount; ++r) names.emplace_back(engine::reason_name(static_cast<engine::Reason>(r)));
  return names;
}

template <std::size_t N>
std::vector<std::string> names_of(const std::array<const char*, N>& names) {
  return {names.begin(), names.end()};
}

std::string attribute_text(const io::Attributes& attributes, const std::string& name) {
  for (const auto& [key, value] : attributes)
    if (key == name && std::holds_alternative<std::string>(value)) return std::get<std::string>(value);
  return "";
}

// The campaign's rules from the config, offers and products: every rank reads the same files,
// so an error is raised on all ranks.
CampaignSetup campaign_setup(const CampaignConfig& campaign, const io::ProductTable& products,
                             std::int32_t as_of, const io::StoreSummary& summary, const Comm& comm) {
  CampaignSetup setup;
  if (!campaign.enabled) return setup;
  try {
    setup = build_campaign(campaign, products, as_of,
                           day_origin_of_mapping(attribute_text(summary.attributes, "column_mapping")));
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  if (comm.is_root()) {
    spdlog::info("score/campaign: {} of {} products eligible ({} offer lines, {} usable on day {}, {} unknown "
                 "products); caps {}/department {}/commodity (0 = none); control share {}; mailing month {}",
                 setup.eligible, products.id.size(), setup.offer_lines, setup.offers_usable, as_of + 1,
                 setup.offers_unknown, campaign.max_per_department, campaign.max_per_commodity,
                 campaign.control_share, setup.mailing_month == 0 ? std::string("unknown (no event slots; set campaign.day_one)")
                                                                  : std::to_string(setup.mailing_month));
    for (const auto& name : setup.unknown_names)
      spdlog::warn("score/campaign: '{}' named in the [campaign] config is not in the store's products", name);
  }
  return setup;
}
}  // namespace

int run_score(const ScoreOptions& o, const Comm& comm) {
  Progress total("score", 0, "rows", false);  // the job's stopwatch
  const auto thread_limit = limit_threads(o.threads);
  const JobConfig settings = on_all_ranks(comm, o.config, [&] { return load_config(o.config); });
  engine::ScoreConfig config = settings.score;
  const CampaignConfig& campaign = settings.campaign;
  if (o.k > 0) config.k = o.k;
  AtomicOutput coupons_file(o.out, o.overwrite, comm);

  io::StoreReader store = on_all_ranks(comm, o.store, [&] { return io::StoreReader::open(o.store); });
  const io::StoreSummary summary = store.summary();
  if (o.as_of < summary.min_day)
    throw UsageError(fmt::format("--as-of {} is before the first day of {} ({})", o.as_of, o.store,
                                 summary.min_day)).raised_on_all_ranks();
  const io::HouseholdTable households = on_all_ranks(comm, o.store, [&] { return store.households(); });
  const RankShare share = split_households(households.offset, comm);
  if (comm.is_root())
    spdlog::info("score: {} as of day {} (store days {}-{}), k = {}, {} rank(s) -> {}", o.store,
                 o.as_of, summary.min_day, summary.max_day, config.k, comm.size(), o.out);
  Progress load("score/load", 0, "rows", comm.is_root());
  std::vector<double> spend;  // per household, up to as_of
  const engine::HistoryBlock block =
      on_all_ranks(comm, o.store, [&] { return load_history(store, households.offset, share.mine, o.as_of, spend); });
  const std::vector<std::int64_t> my_ids(households.id.begin() + share.mine.begin,
                                         households.id.begin() + share.mine.end);
  const io::ProductTable product_table = on_all_ranks(comm, o.store, [&] { return store.products(); });
  const std::vector<std::int64_t>& product_ids = product_table.id;
  store.close();
  load.finish(static_cast<std::uint64_t>(comm.allreduce<std::int64_t>(block.rows(), ReduceOp::sum)));

  ScoringInput input{&block, &my_ids, static_cast<std::int64_t>(product_ids.size()), o.as_of};
  const CampaignSetup setup = campaign_setup(campaign, product_table, o.as_of, summary, comm);
  const std::vector<std::uint8_t> control = control_flags(campaign, my_ids);
  const std::vector<std::uint8_t> event = event_flags(
      campaign, setup.mailing_month,
      std::span<const std::int8_t>(households.birth_month).subspan(share.mine.begin, my_ids.size()));
  if (campaign.enabled) {
    input.campaign = &setup.rules;
    input.control = &control;
    input.event_slot = &event;
  }
  ScoreCheckpoint checkpoint(o.out, summary.fingerprint, o.as_of, input.products, describe(config), comm);
  input.checkpoint = &checkpoint;
  const ScoringOutput scored = run_scoring(input, config, comm);
  const HouseholdSegments segments = compute_segments(block, spend, scored.eligible, o.as_of,
                                                      campaign.new_days, campaign.lapsing_days, comm);

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
  // Would-be lists of control households (docs/CAMPAIGN.md), -1 on the other rows.
  std::vector<std::int64_t> control_products(scored.coupons.product.size(), -1);
  for (std::size_t i = 0; i < scored.control_product.size(); ++i)
    if (scored.control_product[i] >= 0) control_products[i] = product_ids[scored.control_product[i]];
  rows.score = scored.coupons.score;
  rows.reason = scored.coupons.reason;
  // Per-row household columns (docs/CAMPAIGN.md), aligned with /coupons/household_id.
  std::vector<std::int8_t> consent_column, control_column;
  std::int64_t held_out = 0, event_households = 0;
  for (std::int64_t h : scored.eligible) {
    consent_column.push_back(households.consent[share.mine.begin + h]);
    control_column.push_back(static_cast<std::int8_t>(control[h]));
    held_out += control[h];
    event_households += event[h] && !control[h];
  }
  held_out = comm.allreduce(held_out, ReduceOp::sum);
  event_households = comm.allreduce(event_households, ReduceOp::sum);
  const auto mine = static_cast<std::int64_t>(rows.household_id.size());
  const std::int64_t first = comm.exclusive_prefix_sum(mine);
  const std::int64_t all = comm.allreduce(mine, ReduceOp::sum);

  throw_if_stop_requested_on_any_rank("score/write", comm);
  Progress write("score/write", static_cast<std::uint64_t>(all), "households", comm.is_root());
  io::CouponsWriter writer(coupons_file.temporary(), comm.raw(), all, config.k);
  writer.write_rows(first, rows);
  writer.write_names("/coupons/reason_names", reason_names(), comm.is_root());
  writer.write_household_column("/households/consent", first, consent_column);
  writer.write_household_column("/households/control", first, control_column);
  writer.write_household_matrix("/households/control_product_id", first, control_products);
  writer.write_household_column("/households/tier", first, segments.tier);
  writer.write_names("/households/tier_names", names_of(engine::kTierNames), comm.is_root());
  writer.write_household_column("/households/cohort", first, segments.cohort);
  writer.write_names("/households/cohort_names", names_of(engine::kCohortNames), comm.is_root());
  writer.write_household_column("/households/rfm_recency", first, segments.recency);
  writer.write_household_column("/households/rfm_frequency", first, segments.frequency);
  writer.write_household_column("/households/rfm_monetary", first, segments.monetary);
  const io::Attributes attributes{
      {"format", std::string(io::kCouponsFormat)},
      {"schema_version", io::kCouponsSchemaVersion},
      {"as_of_day", static_cast<std::int64_t>(o.as_of)},
      {"k", static_cast<std::int64_t>(config.k)},
      {"run_id", coupons_file.token()},
      {"engine_version", std::string(BASKETGAP_VERSION)},
      {"config", describe(config) + "\n" + scored.model.describe() +
                     (campaign.enabled ? "\n" + describe(campaign) : std::string())},
      {"campaign", describe(campaign)},
      {"campaign_salt", campaign.salt},
      {"segments", segments.describe()},
      {"mailing_month", static_cast<std::int64_t>(setup.mailing_month)},
      {"store_fingerprint", summary.fingerprint},
      {"ranks", static_cast<std::int64_t>(comm.size())},
      {"households", all},
  };
  writer.write_attributes(attributes);
  writer.write_attribute("control_share", campaign.enabled ? campaign.control_share : 0.0);
  writer.close();
  write.finish(static_cast<std::uint64_t>(all));
  coupons_file.publish(comm);
  if (comm.is_root()) {
    checkpoint.remove_all();  // the published file supersedes them
    spdlog::info("score: wrote {}: {} households x {} coupons, {} neighbour pairs; {:.1f} s", o.out,
                 all, config.k, scored.neighbour_pairs, total.elapsed_seconds());
    if (campaign.enabled)
      spdlog::info("score/campaign: {} household(s) held out as control, {} with a birthday event slot",
                   held_out, event_households);
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
