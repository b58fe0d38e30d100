// `basketgap evaluate`: the next-window backtest (../shared/docs/EVALUATION.md, docs/EVALUATE.md).
//
// Each rank reads its households (balanced by rows) from the store, cuts them at the as-of
// day into history and truth, and scores the lists of every system: the coupons file (or the
// scoring engine) and the two baselines, all on the households the judged system gives a list.
// Per-household outcomes are gathered to rank 0 in household order and summed there, so the
// table and the JSON are the same bytes for any number of ranks or threads. With --windows N
// the store is read once and cut at each of N as-of days ending at --as-of (a rolling backtest);
// everything but the rolling section is the last window's, exactly the single backtest's.
#include <fmt/ranges.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <filesystem>
#include <iostream>
#include <optional>

#include "io/errors.hpp"
#include "io/json_text.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/output_not_input.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/config/job_config.hpp"
#include "jobs/day_span.hpp"
#include "jobs/evaluate/inputs.hpp"
#include "jobs/evaluate/judge_window.hpp"
#include "jobs/evaluate/list_length.hpp"
#include "jobs/evaluate/results.hpp"
#include "jobs/evaluate/rolling.hpp"
#include "jobs/evaluate/tuned_config.hpp"
#include "jobs/evaluate/windows.hpp"
#include "jobs/jobs.hpp"
#include "jobs/report/html_report.hpp"
#include "jobs/report/output.hpp"
#include "jobs/score/as_of_checks.hpp"

namespace basketgap {
namespace {

void check_options(const EvaluateOptions& o) {
  if (o.k < 0 || o.k > 100) throw UsageError("--k must be in 1..100").raised_on_all_ranks();  // 0: not given
  if (o.window < 1) throw UsageError("--window must be at least 1").raised_on_all_ranks();
  if (o.windows < 1) throw UsageError("--windows must be at least 1").raised_on_all_ranks();
  if (o.tune_windows != 1 && !o.tune)
    throw UsageError("--tune-windows sets how --tune validates: add --tune").raised_on_all_ranks();
  if (!o.tuned_config.empty() && !o.tune)
    throw UsageError("--tuned-config writes what --tune chose: add --tune").raised_on_all_ranks();
  if (!o.tuned_config.empty() && !o.coupons.empty())
    throw UsageError(
        "--tuned-config writes what --tune chose for the engine: drop --coupons (the engine scores)")
        .raised_on_all_ranks();
  if (o.tune && !o.coupons.empty())
    throw UsageError(
        "--tune chooses the engine's configuration, but --coupons judges a file's lists: drop one")
        .raised_on_all_ranks();
  if (o.lift && o.coupons.empty())
    throw UsageError("--lift needs --coupons (a coupons file scored with a control group)")
        .raised_on_all_ranks();
  // A coupons file holds the lists of one as-of day: the earlier windows would have none.
  if (o.windows > 1 && !o.coupons.empty())
    throw UsageError(
        "--windows " + std::to_string(o.windows) +
        " judges lists as of several days, but a coupons file holds the lists of one as-of day "
        "(its as_of_day): drop --coupons to let the engine score every window, or use --windows 1")
        .raised_on_all_ranks();
}

}  // namespace

int run_evaluate(const EvaluateOptions& options, const Comm& comm) {
  Progress clock("evaluate", 0, "households", false);  // the job's stopwatch
  check_options(options);
  // Held while the job runs: a compact meanwhile keeps the segments the store's head names.
  std::optional<append::StoreReaders> readers;
  if (!options.store.empty()) readers.emplace(options.store, comm);
  const std::string store_file = readers ? readers->file() : std::string();
  EvaluateOptions o = options;  // with K resolved: --k, else the config file's k
  JobConfig settings = on_all_ranks(comm, o.config, [&] {
    JobConfig loaded = load_config(o.config);
    o.k = evaluate::judged_list_length(loaded, options.k, o.config, o.coupons.empty(), comm.is_root());
    return loaded;
  });
  evaluate::predict_the_judged_window(settings, o.window, o.coupons.empty(), comm.is_root());
  if (settings.campaign.enabled && o.coupons.empty() && comm.is_root())
    spdlog::warn(
        "evaluate: {} has a [campaign] section: the engine's lists are judged before its rules (eligible "
        "products, caps, control group); to judge what the campaign mails, score with it and evaluate "
        "--coupons",
        o.config);
  // The tuned file carries the campaign to score: an offers file missing here will likely be
  // missing there too (score then exits 66), so say so now, not at night.
  if (settings.campaign.enabled && !o.tuned_config.empty() && !settings.campaign.offers.empty() &&
      !std::filesystem::exists(settings.campaign.offers) && comm.is_root())
    spdlog::warn("evaluate: {}'s campaign.offers {} does not exist: score with {} needs it", o.config,
                 settings.campaign.offers, o.tuned_config);
  // No output may be an input, nor another output (the later would replace the earlier).
  std::vector<NamedPath> taken{{"--store", o.store}, {"--coupons", o.coupons}, {"--config", o.config}};
  for (const NamedPath& output : {NamedPath{"--json", o.json}, NamedPath{"--report", o.report},
                                  NamedPath{"--tuned-config", o.tuned_config}}) {
    refuse_output_over_input(output, taken, comm);
    taken.push_back(output);
  }
  std::optional<AtomicOutput> json_file, report_folder;
  if (!o.json.empty()) json_file.emplace(o.json, o.overwrite, comm);
  if (!o.report.empty()) report_folder.emplace(o.report, o.overwrite, comm, AtomicOutput::Kind::folder);
  std::optional<AtomicOutput> tuned_file;
  if (!o.tuned_config.empty()) tuned_file.emplace(o.tuned_config, o.overwrite, comm);

  // Read once: dictionaries on every rank, transactions of this rank's households only, every
  // window checked against the store's days before a row is read.
  const std::vector<std::int32_t> as_of_days = evaluate::window_as_of_days(o.as_of, o.window, o.windows);
  const evaluate::Inputs in = evaluate::read_inputs(
      store_file, o.store_version, o.as_of, comm,
      [&](const io::StoreSummary& s) { evaluate::check_windows_fit(o, settings.score, s); });
  if (comm.is_root()) {
    spdlog::info(
        "evaluate: {} ({}version {}, {} households, days {}) on {} rank(s); as of day {}, window {}, K = {}",
        o.store, o.store_version > 0 ? "pinned to " : "", in.summary.store_version, in.summary.households,
        day_span(in.summary.min_day, in.summary.max_day), comm.size(), o.as_of, o.window, o.k);
    if (static_cast<std::int64_t>(o.as_of) + o.window > in.summary.max_day)
      spdlog::warn(
          "evaluate: the window ends on day {}, after the store's last day {}: the truth is cut short "
          "(judged on days {})",
          o.as_of + o.window, in.summary.max_day, day_span(o.as_of + 1, in.summary.max_day));
    if (o.windows > 1)
      spdlog::info("evaluate: rolling backtest over {} windows, as of days {} to {} every {} days", o.windows,
                   as_of_days.front(), as_of_days.back(), o.window);
  }
  throw_if_stop_requested("evaluate/read");
  // The store's last day can be ahead of the window while the window's own days have no rows:
  // a row dated 716 for 706. A hole far longer than the shop's usual ones can only be that
  // (as_of_checks: in_missing_days; nights without sales count as days): stale history, or truth
  // cut short. Checked from the first window's as-of day (--windows N judges them all) to the
  // last window's end, hole by hole, the same on every rank.
  std::string short_truth;
  const auto window_end = static_cast<std::int64_t>(o.as_of) + o.window;
  for (std::int64_t day = as_of_days.front(); day <= window_end && short_truth.empty();) {
    const RowsAround around = rows_around(in.history, in.summary, static_cast<std::int32_t>(day), comm);
    if (in_missing_days(day, around, in.summary))
      short_truth = fmt::format(
          "the store has {} (day {}'s rows dated ahead by mistake, or nights that never arrived?): "
          "the history or the truth is cut short",
          describe_hole(around), around.next);
    day = around.last_covered >= day ? day + 1 : around.next;  // a day with rows, or past its hole
  }
  if (!short_truth.empty() && comm.is_root()) spdlog::warn("evaluate: {}", short_truth);

  evaluate::Result result;
  std::vector<evaluate::RollingWindow> windows;
  std::vector<std::int32_t> default_blend_days;  // windows judged with the default blend
  std::vector<std::int32_t> earlier_tune_days;   // the same in the earlier windows' --tune validations
  for (std::size_t w = 0; w < as_of_days.size(); ++w) {
    const bool last = w + 1 == as_of_days.size();
    evaluate::Result window =
        evaluate::judge_window(o, as_of_days[w], settings, in, comm,
                               last ? evaluate::WindowRole::main : evaluate::WindowRole::earlier);
    if (o.windows > 1 && comm.is_root()) {
      windows.push_back(evaluate::window_figures(window));
      // Only --tune chooses a configuration per window; otherwise each is the top-level one.
      if (!o.tune) windows.back().engine_config.clear();
      spdlog::info(
          "evaluate: window {}/{} as of day {} (days {}): {} households, {} NDCG@{} {:.4f}; {:.1f} s", w + 1,
          as_of_days.size(), as_of_days[w], day_span(as_of_days[w] + 1, as_of_days[w] + o.window),
          window.evaluated, window.systems.front().name, o.k, window.systems.front().overall.ndcg,
          clock.elapsed_seconds());
    }
    if (window.default_blend) default_blend_days.push_back(as_of_days[w]);
    if (!last)  // the last window's are in its own notes (and the tuned file's)
      earlier_tune_days.insert(earlier_tune_days.end(), window.tune_default_blend_days.begin(),
                               window.tune_default_blend_days.end());
    if (last) result = std::move(window);
  }
  if (!short_truth.empty()) result.notes.push_back(short_truth);
  if (!default_blend_days.empty())
    result.notes.push_back(fmt::format(
        "the engine used the default blend (--allow-default-blend) as of day(s) {}: the validation fold "
        "could not be fitted",
        fmt::join(default_blend_days, ", ")));
  if (o.coupons.empty()) {
    const std::string note =
        evaluate::short_blend_history_note(settings.score, as_of_days, in.summary.min_day);
    if (!note.empty()) result.notes.push_back(note);
  }
  std::sort(earlier_tune_days.begin(), earlier_tune_days.end());  // --tune-windows N: validations overlap
  earlier_tune_days.erase(std::unique(earlier_tune_days.begin(), earlier_tune_days.end()),
                          earlier_tune_days.end());
  if (!earlier_tune_days.empty())
    result.notes.push_back(fmt::format(
        "--tune of the earlier windows used the default blend (--allow-default-blend) on validation as of "
        "day(s) {}: the validation fold could not be fitted",
        fmt::join(earlier_tune_days, ", ")));

  if (comm.is_root()) {
    if (!windows.empty()) {
      std::vector<std::string> names;
      for (const auto& s : result.systems) names.push_back(s.name);
      result.rolling = evaluate::summarise_windows(std::move(windows), std::move(names));
    }
    std::cout << evaluate::format_table(result) << std::flush;
    // Every output written first, then all published: a report that cannot be written (a full
    // disk) leaves no new JSON under its final name beside an old report (a rerun would find the
    // JSON current and never write the report).
    if (json_file) json_file->write_text(io::json_text(evaluate::to_json(result)));
    if (report_folder) evaluate::write_report(*report_folder, result);
    if (tuned_file) {
      // The offers path as a config file says it: relative to the tuned file's own folder, so that
      // the file and the offers deployed side by side go together (an absolute path would read
      // the analyst's offers from wherever the file is copied to).
      CampaignConfig campaign = settings.campaign;
      if (!campaign.offers.empty())
        campaign.offers = std::filesystem::path(campaign.offers)
                              .lexically_relative(
                                  std::filesystem::absolute(o.tuned_config).lexically_normal().parent_path())
                              .string();
      tuned_file->write_text(evaluate::tuned_config_text(o, result, settings.score.k, describe(campaign)));
    }
    failpoint("evaluate/outputs-written");
    if (json_file) json_file->publish_here();
    if (report_folder) report_folder->publish_here();
    if (tuned_file) tuned_file->publish_here();
    spdlog::info("evaluate: {} evaluated households, {} system(s){}{}; {:.1f} s", result.evaluated,
                 result.systems.size(), o.json.empty() ? "" : "; wrote " + o.json,
                 o.report.empty() ? "" : "; report in " + o.report, clock.elapsed_seconds());
  }
  comm.barrier();
  return exit_ok;
}

}  // namespace basketgap
