// The options of every subcommand and the function that runs it. main.cpp fills the options
// from the command line (CLI11 lives only there); each run_* returns the process exit code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace basketgap {

class Comm;

struct GenerateOptions {
  std::int64_t households = 1000;
  std::uint64_t seed = 42;
  std::string out_dir = "generated";
  int days = 711;             // day range 1..days, like the dunnhumby data
  std::int64_t products = 0;  // catalogue size; 0 = scale with households (see --help)
  double consent_rate = 0.8;  // share of households with marketing consent
  bool overwrite = false;
};
int run_generate(const GenerateOptions& options, const Comm& comm);

struct IngestOptions {
  std::string transactions;              // CSV, dunnhumby native or generic schema
  std::string products;                  // optional product hierarchy CSV
  std::string households;                // optional households CSV (consent, demographics)
  std::string out;                       // store.h5
  std::string config;                    // optional TOML with [ingest] settings
  std::string rejects;                   // rejects CSV; default <out>.rejects.csv
  std::int64_t max_rejects = 1000;       // budget of rejected lines before the job fails
  std::string spill_dir;                 // where temporary sort buckets go; default beside --out
  std::int64_t memory_rows = 8'000'000;  // rows held in memory per rank while sorting
  bool overwrite = false;
};
int run_ingest(const IngestOptions& options, const Comm& comm);

struct AppendOptions {
  std::string store;         // store.h5 written by ingest (and earlier appends)
  std::string transactions;  // the night's CSV, same schema as the store's
  std::string products;      // optional: updates the stored product descriptions
  std::string households;    // optional: updates consent and demographics
  std::string config;        // optional TOML with [ingest] settings (same mapping)
  std::string rejects;       // rejects CSV; default <store>.v<version>.rejects.csv
  bool overwrite = false;    // replace an existing --rejects file
  std::int64_t max_rejects = 1000;
  std::string spill_dir;
  std::int64_t memory_rows = 8'000'000;
  std::int64_t no_sales_day = -1;  // >= 0: the file is a header alone, the shop sold nothing that day
  double min_night_share = 0;      // > 0: refuse fewer rows than this x the last nights' fewest (night_size)
};
int run_append(const AppendOptions& options, const Comm& comm);

struct CompactOptions {
  std::string store;  // a segmented store (after appends)
  std::string spill_dir;
  std::int64_t memory_rows = 8'000'000;
};
int run_compact(const CompactOptions& options, const Comm& comm);

struct RetractOptions {
  std::string store;
  std::int64_t version = 0;  // the batch to withdraw
};
int run_retract(const RetractOptions& options, const Comm& comm);

struct ScoreOptions {
  std::string store;
  std::int32_t as_of = 0;
  int k = 0;                         // 0 = from the config (default 12)
  std::string out;                   // coupons.h5
  std::string config;                // TOML with [score] (and later [campaign])
  int threads = 0;                   // TBB threads per rank; 0 = SLURM_CPUS_PER_TASK or all cores
  bool allow_stale = false;          // an as-of after the store's last day, or inside a suspect hole
                                     // in the rows (missing nights), is a warning, not an error
  bool allow_default_blend = false;  // a validation fold without samples or without a purchase: the
                                     // default blend and a warning, not an error
  bool overwrite = false;
  std::int64_t store_version = 0;  // read batches 1..V only (a pinned rerun); 0 = every batch
};
int run_score(const ScoreOptions& options, const Comm& comm);

struct InspectOptions {
  std::string store;
  bool json = false;
};
int run_inspect(const InspectOptions& options, const Comm& comm);

struct EvaluateOptions {
  std::string store;                 // store.h5 written by ingest
  std::int64_t store_version = 0;    // read batches 1..V only (a past night's report); 0 = every batch
  std::int32_t as_of = 0;            // the engine sees days <= as_of (required)
  std::int32_t window = 14;          // truth: days as_of+1 .. as_of+window
  int windows = 1;                   // rolling backtest: N consecutive windows ending at as_of
  int k = 0;                         // list length scored (1 .. 100); 0 = the config's k (default 12)
  std::string coupons;               // optional coupons file to judge (else the engine hook)
  std::string json;                  // optional JSON result file
  std::string report;                // optional report folder (index.html + PNG plots)
  std::string config;                // TOML [score] for the engine (without --coupons)
  bool tune = false;                 // search the engine's hyper-parameters on validation windows
  int tune_windows = 1;              // --tune: consecutive validation windows judged (the last ends at T)
  std::string tuned_config;          // --tune: write the [score] configuration it chose (TOML) here
  bool lift = false;                 // treated vs control purchase rates of the couponed products
  bool allow_default_blend = false;  // a window whose validation fold cannot be fitted: the default blend
  bool overwrite = false;
};
int run_evaluate(const EvaluateOptions& options, const Comm& comm);

struct ExportOptions {
  std::string coupons;         // coupons file written by score
  std::string store;           // optional: the store the coupons were scored from (or it after later
                               // appends; another is 65): descriptions, departments, consent as of now
  std::string format = "csv";  // csv | jsonl
  std::string out;             // export file; FILE.manifest.json beside it
  bool per_coupon = false;     // one row per coupon instead of per household
  bool gzip = false;
  bool ids_as_strings = false;   // JSONL: ids as JSON strings (ids beyond 2^53 - 1 need it)
  std::string pseudonymise_key;  // key file; else BASKETGAP_PSEUDONYM_KEY; else raw ids
  std::string verify;            // --verify FILE: check an export against its manifest
  bool overwrite = false;
};
int run_export(const ExportOptions& options, const Comm& comm);

}  // namespace basketgap
