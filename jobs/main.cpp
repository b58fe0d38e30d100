// basketgap: one executable, one subcommand per batch job. This is the only translation unit
// that includes CLI11 (it is slow to compile); the jobs receive plain option structs.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <sys/stat.h>

#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "io/errors.hpp"
#include "io/store/segments.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/job_exit.hpp"
#include "jobs/cluster/logging.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/jobs.hpp"

namespace {

// A store version: 1, 2, ... (CLI11's PositiveNumber prints its range as 0 to 1.8e308).
const CLI::Validator kVersionNumber(
    [](const std::string& text) {
      std::int64_t v = 0;
      return CLI::detail::lexical_cast(text, v) && v >= 1
                 ? std::string()
                 : "'" + text + "' is not a store version (1, 2, ...)";
    },
    "VERSION");

using namespace basketgap;

// Input files given on the command line. A missing one is exit 66 (EX_NOINPUT), as when a job
// finds an input missing, not a usage error: the check only records it, main() reports it.
std::vector<std::string> missing_inputs;
const CLI::Validator input_file(
    [](std::string& path) {
      if (!std::filesystem::exists(path))
        missing_inputs.push_back(path);
      else if (std::filesystem::is_directory(path))
        return path + " is a folder, not a file";
      return std::string();
    },
    "FILE");

void add_generate(CLI::App& app, GenerateOptions& o) {
  auto* cmd = app.add_subcommand(
      "generate", "Write a synthetic, realistic data set (transactions, products, households CSV)");
  cmd->add_option("--households", o.households, "Number of households (100 .. 10,000,000)")
      ->check(CLI::Range(std::int64_t{100}, std::int64_t{10'000'000}))
      ->capture_default_str();
  cmd->add_option("--seed", o.seed, "Random seed; the same seed gives the same bytes")->capture_default_str();
  cmd->add_option("--out", o.out_dir, "Output folder (transactions.csv, products.csv, households.csv)")
      ->capture_default_str();
  cmd->add_option("--days", o.days, "Days of history: the rows are dated 1 .. days")
      ->check(CLI::Range(28, 3650))
      ->capture_default_str();
  cmd->add_option("--products", o.products,
                  "Catalogue size (0, or 280 .. 10,000,000); 0 scales with the households")
      ->capture_default_str();
  cmd->add_option("--consent-rate", o.consent_rate, "Share of households with marketing consent")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  cmd->add_flag("--overwrite", o.overwrite, "Replace existing output files");
}

// --spill-dir and --memory-rows of the jobs that sort rows (ingest, append, compact).
void add_sort_options(CLI::App* cmd, std::string& spill_dir, std::int64_t& memory_rows, const char* beside) {
  cmd->add_option("--spill-dir", spill_dir,
                  std::string("Folder for temporary sort buckets (default: beside ") + beside + ")");
  cmd->add_option("--memory-rows", memory_rows, "Rows a rank sorts in memory at once (bounds memory)")
      ->check(CLI::Range(std::int64_t{1000}, std::int64_t{1'000'000'000}))
      ->capture_default_str();
}

void add_ingest(CLI::App& app, IngestOptions& o) {
  auto* cmd = app.add_subcommand(
      "ingest", "Read transactions CSV (+ products, households) into an HDF5 store; runs under mpirun");
  cmd->add_option("--transactions", o.transactions,
                  "Transactions CSV (dunnhumby schema or generic, see --config)")
      ->required()
      ->check(input_file);
  cmd->add_option("--products", o.products,
                  "Products CSV (PRODUCT_ID,MANUFACTURER,DEPARTMENT,BRAND,COMMODITY_DESC,...)")
      ->check(input_file);
  cmd->add_option("--households", o.households, "Households CSV (household_key,consent[,birth_month,...])")
      ->check(input_file);
  cmd->add_option("--out", o.out, "Store to write (written as OUT.tmp-<id>, renamed on success)")->required();
  cmd->add_option("--config", o.config, "TOML configuration ([ingest] column mapping, day format)")
      ->check(input_file);
  cmd->add_option(
      "--rejects", o.rejects,
      "Rejects CSV (default: OUT.rejects.csv, replaced with the store; a named one is kept unless "
      "--overwrite)");
  cmd->add_option("--max-rejects", o.max_rejects, "Fail when more lines than this are rejected")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  add_sort_options(cmd, o.spill_dir, o.memory_rows, "--out");
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing store");
}

void add_append(CLI::App& app, AppendOptions& o) {
  auto* cmd = app.add_subcommand(
      "append", "Add a night's transactions CSV to a store as a new batch (version + 1); runs under mpirun");
  cmd->add_option("--store", o.store,
                  "Store written by ingest; the night goes to STORE.segments/, then STORE is replaced")
      ->required();
  cmd->add_option("--transactions", o.transactions, "The night's transactions CSV (the store's schema)")
      ->required()
      ->check(input_file);
  cmd->add_option("--products", o.products, "Products CSV: updates the stored descriptions")
      ->check(input_file);
  cmd->add_option("--households", o.households, "Households CSV: updates consent and demographics")
      ->check(input_file);
  cmd->add_option("--config", o.config, "TOML configuration ([ingest]: the store's column mapping)")
      ->check(input_file);
  cmd->add_option(
      "--rejects", o.rejects,
      "Rejects CSV (default: STORE.v<version>.rejects.csv; a named one is kept unless --overwrite)");
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing --rejects file");
  cmd->add_option("--max-rejects", o.max_rejects, "Fail when more lines than this are rejected")
      ->check(CLI::NonNegativeNumber)
      ->capture_default_str();
  cmd->add_option(
         "--no-sales-day", o.no_sales_day,
         "The night's file has no purchase (a header alone, or returns only): the shop sold nothing on "
         "DAY, the day after the store's last (recorded as a version; the store then covers DAY)")
      ->check(CLI::Range(0, 100000));
  cmd->add_option("--min-night-share", o.min_night_share,
                  "Refuse (65) a night with fewer rows than this share of the quietest of the store's last 7 "
                  "appended nights: a file cut short? (0: no check; judged from 3 nights on)")
      ->check(CLI::Range(0.0, 1.0))
      ->capture_default_str();
  add_sort_options(cmd, o.spill_dir, o.memory_rows, "--store");
}

void add_compact(CLI::App& app, CompactOptions& o) {
  auto* cmd = app.add_subcommand(
      "compact", "Fold a store's segments (one per append) back into one file; runs under mpirun");
  cmd->add_option("--store", o.store, "Store after appends (rewritten as STORE.tmp-<id>, renamed)")
      ->required();
  add_sort_options(cmd, o.spill_dir, o.memory_rows, "--store");
}

void add_retract(CLI::App& app, RetractOptions& o) {
  auto* cmd = app.add_subcommand(
      "retract",
      "Withdraw an appended batch (a wrong night's file) as a new version; earlier versions keep it");
  cmd->add_option("--store", o.store, "Store after appends")->required();
  cmd->add_option("--version", o.version, "The batch's version (inspect lists them)")
      ->required()
      ->check(kVersionNumber);
}

void add_score(CLI::App& app, ScoreOptions& o) {
  auto* cmd = app.add_subcommand(
      "score", "Score every household of a store as of a day: K coupons each, to HDF5; runs under mpirun");
  cmd->add_option("--store", o.store, "Store written by ingest")->required();
  cmd->add_option("--as-of", o.as_of, "Last day the engine may see (day number)")->required();
  cmd->add_option("--k", o.k, "Coupons per household (default: config, 12)")->check(CLI::Range(1, 100));
  cmd->add_option("--out", o.out, "Coupons file to write (written as OUT.tmp-<id>, renamed on success)")
      ->required();
  cmd->add_option("--config", o.config, "TOML configuration ([score] knobs, see docs/SCORING.md)")
      ->check(input_file);
  cmd->add_option("--threads", o.threads,
                  "TBB threads per rank (default and 0: SLURM_CPUS_PER_TASK, else all cores)")
      ->check(CLI::Range(0, 1024));
  cmd->add_flag("--allow-stale", o.allow_stale,
                "Score an as-of day after the store's last day (its input never arrived), or one inside a "
                "hole in the rows far longer than the shop's usual ones (a row dated ahead by mistake), with "
                "a warning instead of failing with exit 65");
  cmd->add_flag(
      "--allow-default-blend", o.allow_default_blend,
      "When the blend's validation fold cannot be fitted (an as-of too early: no samples; or no "
      "purchase in it), score with the default blend and a warning instead of failing with exit 64");
  cmd->add_option("--store-version", o.store_version,
                  "Read only the store's batches 1..V (rerun a past night exactly; inspect lists them)")
      ->check(kVersionNumber);
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing coupons file");
}

void add_inspect(CLI::App& app, InspectOptions& o) {
  auto* cmd = app.add_subcommand("inspect", "Print what a store holds");
  cmd->add_option("store", o.store, "Store file (HDF5)")->required();
  cmd->add_flag("--json", o.json,
                "Print one JSON object (rows, households, products, baskets, min_day, max_day, ...)");
}

void add_evaluate(CLI::App& app, EvaluateOptions& o) {
  auto* cmd = app.add_subcommand(
      "evaluate",
      "Backtest: score coupon lists (and baselines) against the next window's purchases; runs under mpirun");
  cmd->add_option("--store", o.store, "Store file written by ingest")->required()->check(input_file);
  cmd->add_option("--store-version", o.store_version,
                  "Read only the store's batches 1..V (the store as a past night saw it; inspect lists them)")
      ->check(kVersionNumber);
  cmd->add_option("--as-of", o.as_of, "As-of day T: lists may only use days <= T")->required();
  cmd->add_option(
         "--window", o.window,
         "Window W: the truth is what each household buys in days T+1 .. T+W; the engine predicts W days "
         "(validation_window_days), unless --config sets it")
      ->check(CLI::Range(1, 3650))
      ->capture_default_str();
  cmd->add_option("--windows", o.windows,
                  "Rolling backtest: N consecutive windows as of T-(N-1)W .. T-W, T, with each metric's mean "
                  "over the windows and its 95% t-interval (1 = the single window)")
      ->check(CLI::Range(1, 100000))
      ->capture_default_str();
  cmd->add_option("--k", o.k, "List length scored, 1 .. 100 (default: the --config file's k, 12)")
      ->check(CLI::Range(1, 100));
  cmd->add_option("--coupons", o.coupons, "Coupons file to judge (its as_of_day must equal --as-of)")
      ->check(input_file);
  cmd->add_option("--json", o.json,
                  "Write the results as JSON (written as OUT.tmp-<id>, renamed on success)");
  cmd->add_option("--report", o.report, "Write an HTML report with plots into this folder");
  cmd->add_option("--config", o.config, "TOML [score] configuration of the engine (when it runs itself)")
      ->check(input_file);
  cmd->add_flag("--lift", o.lift,
                "Lift view: purchase rate of the couponed products, treated vs control group, "
                "with a 95% confidence interval (needs --coupons from a campaign with a control group)");
  cmd->add_flag("--tune", o.tune,
                "Choose the engine's hyper-parameters on the validation window T-W .. T first");
  cmd->add_option("--tune-windows", o.tune_windows,
                  "With --tune: judge each choice on N consecutive validation windows of W days, the last "
                  "ending at T (a gain must hold over all of them, not one window's noise)")
      ->check(CLI::Range(1, 52))
      ->capture_default_str();
  cmd->add_option("--tuned-config", o.tuned_config,
                  "With --tune: write the [score] configuration it chose (for the window as of --as-of) as a "
                  "TOML file for score --config (written as OUT.tmp-<id>, renamed on success)");
  cmd->add_flag(
      "--allow-default-blend", o.allow_default_blend,
      "When a window's blend cannot be fitted (an as-of too early; its validation fold without samples or "
      "without a purchase), judge the engine with the default blend (noted in the results) instead of "
      "failing with exit 64");
  cmd->add_flag("--overwrite", o.overwrite,
                "Replace an existing --json file, --report folder or --tuned-config file");
}

void add_export(CLI::App& app, ExportOptions& o) {
  auto* cmd = app.add_subcommand("export",
                                 "Coupons file -> CSV/JSONL for a mailing system (consented, non-control "
                                 "households) + manifest; or --verify an export");
  auto* verify = cmd->add_option(
      "--verify", o.verify,
      "Check FILE against FILE.manifest.json (size, SHA-256, rows, coupons); exit 65 on a difference");
  cmd->add_option("--coupons", o.coupons, "Coupons file written by score")
      ->check(input_file)
      ->excludes(verify);
  cmd->add_option(
         "--store", o.store,
         "Store the coupons were scored from (or it after later appends): adds description, department "
         "and commodity columns, and leaves out households whose consent it no longer holds (give it "
         "to every export that goes to a mailing system)")
      ->check(input_file)
      ->excludes(verify);
  cmd->add_option("--format", o.format, "csv or jsonl")
      ->check(CLI::IsMember({"csv", "jsonl"}))
      ->capture_default_str()
      ->excludes(verify);
  cmd->add_option("--out", o.out,
                  "Export file (written as OUT.tmp-<id>, renamed on success; manifest OUT.manifest.json)")
      ->excludes(verify);
  cmd->add_flag("--per-coupon", o.per_coupon, "One row per coupon instead of one per household")
      ->excludes(verify);
  cmd->add_flag("--gzip", o.gzip, "Compress the export with gzip")->excludes(verify);
  cmd->add_flag(
         "--ids-as-strings", o.ids_as_strings,
         "JSONL: household and product ids as JSON strings (ids beyond 2^53 - 1, which JavaScript or jq "
         "would read as other numbers, are refused without it)")
      ->excludes(verify);
  cmd->add_option("--pseudonymise-key", o.pseudonymise_key,
                  "File with the secret key: household ids become HMAC-SHA256 pseudonyms "
                  "(else the key in $BASKETGAP_PSEUDONYM_KEY, if set)")
      ->check(input_file)
      ->excludes(verify);
  cmd->add_flag("--overwrite", o.overwrite, "Replace an existing export and manifest")->excludes(verify);
}

// The jobs that change a store write its head over the file a symbolic link --store names, so
// that the link (a "current store" link) still names the store afterwards.
template <typename Options>
Options with_resolved_store(Options o) {
  o.store = io::resolved_store_path(o.store);
  return o;
}

// Whole numbers are decimal. CLI11 reads them with strtoll(base 0): "0700" is octal 448 and
// "0x10" hex, so an as-of copied from a zero-padded night folder (as-of-00700) scored another
// day with exit 0. Leading zeros are dropped; another base is a usage error.
void read_whole_numbers_as_decimal(CLI::App& app) {
  std::vector<CLI::App*> commands = app.get_subcommands([](CLI::App*) { return true; });
  commands.push_back(&app);
  for (CLI::App* command : commands)
    for (CLI::Option* option : command->get_options()) {
      const std::string type = option->get_type_name();
      if (type.rfind("INT", 0) != 0 && type.rfind("UINT", 0) != 0) continue;
      option->transform(CLI::Validator(
          [](std::string& text) -> std::string {
            // strtoll skips leading blanks, so " 0700" would still be octal: drop them first.
            const std::size_t from = text.find_first_not_of(" \t"), to = text.find_last_not_of(" \t");
            text = from == std::string::npos ? std::string() : text.substr(from, to - from + 1);
            // CLI11 reads "" as 0: `--as-of "$DAY"` with DAY unset would score day 0.
            if (text.empty()) return "an empty value is no number";
            const std::size_t sign = !text.empty() && (text[0] == '-' || text[0] == '+') ? 1 : 0;
            const std::size_t digits = text.find_first_not_of("0123456789", sign);
            if (digits != std::string::npos && text.size() > sign + 1 && text[sign] == '0')
              return "'" + text + "' is not a decimal number";
            const std::size_t first = text.find_first_not_of('0', sign);
            if (sign < text.size() && text[sign] == '0')
              text.erase(sign, (first == std::string::npos ? text.size() - 1 : first) - sign);
            return {};
          },
          "", "decimal"));
    }
}

}  // namespace

int main(int argc, char** argv) {
  // Stores, coupons, checkpoints, spill and rejects files hold household data: owner and group
  // only, whatever umask the job was started with (files 0640, folders 0750 at the most).
  ::umask(::umask(0) | 027);
  install_stop_signal_handlers();
  failed_rank_patience();  // its environment variable checked now, not first during a failure
  failpoint("startup/before-mpi");
  MpiSession mpi(&argc, &argv);
  Comm comm;
  mpi_started();

  CLI::App app{"basketgap: nightly grocery coupon recommendations (purchase gap + similarity)"};
  app.set_version_flag("--version", std::string("basketgap ") + BASKETGAP_VERSION);
  app.require_subcommand(1);
  app.fallthrough();  // -v/-q may follow the subcommand
  bool verbose = false, quiet = false;
  auto* verbose_flag = app.add_flag("-v,--verbose", verbose, "Debug logging");
  app.add_flag("-q,--quiet", quiet, "Warnings and errors only")->excludes(verbose_flag);

  GenerateOptions generate;
  IngestOptions ingest;
  InspectOptions inspect;
  ScoreOptions score;
  add_generate(app, generate);
  add_ingest(app, ingest);
  AppendOptions append;
  add_append(app, append);
  CompactOptions compact;
  add_compact(app, compact);
  RetractOptions retract;
  add_retract(app, retract);
  add_inspect(app, inspect);
  add_score(app, score);
  EvaluateOptions evaluate;
  add_evaluate(app, evaluate);
  ExportOptions export_options;
  add_export(app, export_options);

  read_whole_numbers_as_decimal(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    // --help and --version exit 0; a usage error exits 64 (EX_USAGE). Rank 0 alone prints.
    std::ostringstream elsewhere;
    std::ostream& out = comm.is_root() ? std::cout : elsewhere;
    std::ostream& err = comm.is_root() ? std::cerr : elsewhere;
    // CLI11 checks required options before unknown ones: name the unknown token first, it is
    // usually the cause (a misspelled option leaves its required twin missing).
    const std::vector<std::string> unknown = app.remaining(true);
    if (e.get_exit_code() != 0 && !unknown.empty()) {
      std::string words;
      for (const auto& word : unknown) words += (words.empty() ? "" : " ") + word;
      err << "unexpected argument(s): " << words << "\nRun with --help for more information.\n";
      return exit_usage;
    }
    const int code = app.exit(e, out, err);
    return code == 0 ? exit_ok : exit_usage;
  }

  setup_logging(comm.rank(), verbose, quiet);
  log_rank_placement(comm.rank(), quiet);
  const std::string name = app.get_subcommands().front()->get_name();
  if (!missing_inputs.empty()) {
    if (comm.is_root()) spdlog::error("{} failed: {}: no such file", name, missing_inputs.front());
    return exit_no_input;
  }
  return run_job_with_exit_policy(name, comm, [&] {
    if (name == "generate") return run_generate(generate, comm);
    if (name == "ingest") {
      ingest.out = io::resolved_store_path(ingest.out);  // a link to the store it replaces stays a link
      return run_ingest(ingest, comm);
    }
    if (name == "append") return run_append(with_resolved_store(append), comm);
    if (name == "compact") return run_compact(with_resolved_store(compact), comm);
    if (name == "retract") return run_retract(with_resolved_store(retract), comm);
    if (name == "inspect") return run_inspect(inspect, comm);
    if (name == "score") return run_score(score, comm);
    if (name == "evaluate") return run_evaluate(evaluate, comm);
    if (name == "export") return run_export(export_options, comm);
    return static_cast<int>(exit_internal);  // (CLI11 accepts only the subcommands above)
  });
}
