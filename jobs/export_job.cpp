// `basketgap export`: a coupons file -> a flat file for a mailing system (CSV or JSON Lines,
// optionally gzip) plus FILE.manifest.json; only consented, non-control households with at
// least one coupon, in the coupons file's order (pseudonymised: in pseudonym order). Under mpirun each rank
// reads and formats its own blocks of households and writes its bytes at its offset into the one temporary
// file; rank 0 then hashes the file and publishes it (renamed), data file first, manifest last
// (docs/CAMPAIGN.md, "Under mpirun"). `export --verify FILE` checks a published export against its manifest
// (one process).
#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <optional>

#include <filesystem>
#include <vector>

#include "io/coupons/reader.hpp"
#include "io/errors.hpp"
#include "io/export/manifest.hpp"
#include "io/export/pseudonym.hpp"
#include "io/export/sha256.hpp"
#include "io/export/sink.hpp"
#include "jobs/append/store_readers.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/collective_errors.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/failpoint.hpp"
#include "jobs/cluster/folder_lock.hpp"
#include "jobs/cluster/output_not_input.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/export/exclusions_now.hpp"
#include "jobs/export/latest_consent.hpp"
#include "jobs/export/mailing.hpp"
#include "jobs/export/manifest_counts.hpp"
#include "jobs/export/pseudonym_order.hpp"
#include "jobs/export/warnings.hpp"
#include "jobs/jobs.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

int verify(const ExportOptions& o) {
  const io::ExportManifest m = io::verify_export(o.verify);
  spdlog::info("export --verify: {} matches its manifest: {} bytes, SHA-256 {}, {} rows, {} coupons, run {}",
               o.verify, m.bytes, m.sha256, m.rows, m.coupons, m.run_id);
  return exit_ok;
}

// The failing rank says why (only rank 0 prints the agreed error at the end).
template <typename Work>
void logged_on_failure(const Comm& comm, Work&& work) {
  try {
    work();
  } catch (const Error& e) {
    if (!comm.is_root()) spdlog::error("export failed on this rank: {}", e.what());
    throw;
  }
}

}  // namespace

int run_export(const ExportOptions& o, const Comm& comm) {
  if (!o.verify.empty() && comm.size() > 1)
    throw UsageError("export --verify runs as one process: run it without mpirun (or with -np 1)")
        .raised_on_all_ranks();
  if (!o.verify.empty()) return verify(o);
  if (o.coupons.empty() || o.out.empty())
    throw UsageError("export needs --coupons and --out (or --verify FILE)").raised_on_all_ranks();
  if (o.format != "csv" && o.format != "jsonl")
    throw UsageError("--format must be csv or jsonl, not " + o.format).raised_on_all_ranks();
  if (o.ids_as_strings && o.format != "jsonl")
    throw UsageError("--ids-as-strings is for --format jsonl (CSV fields are text already)")
        .raised_on_all_ranks();
  // Resolved once for every rank (a "current" link switched meanwhile must not give ranks
  // different consent) and held while the job runs (a compact meanwhile keeps the segments).
  std::optional<append::StoreReaders> readers;
  if (!o.store.empty()) readers.emplace(o.store, comm);
  const std::string store_file = readers ? readers->file() : std::string();
  const std::string manifest = io::manifest_path(o.out);
  for (const NamedPath& output : {NamedPath{"--out", o.out}, NamedPath{"the manifest of --out", manifest}})
    refuse_output_over_input(
        output, {{"--coupons", o.coupons}, {"--store", o.store}, {"--pseudonymise-key", o.pseudonymise_key}},
        comm);
  AtomicOutput export_file(o.out, o.overwrite, comm), manifest_file(manifest, o.overwrite, comm);
  const std::optional<std::string> key =
      on_all_ranks(comm, o.pseudonymise_key, [&] { return io::load_pseudonym_key(o.pseudonymise_key); });
  if (comm.is_root()) exporting::warn_of_a_misleading_name(o);
  if (comm.is_root() && !o.pseudonymise_key.empty() && !io::key_file_is_private(o.pseudonymise_key))
    spdlog::warn("export: the pseudonymisation key {} can be read by other users: chmod 600 it",
                 o.pseudonymise_key);

  // Read and format this rank's blocks only.
  const Progress clock("export/format", 0, "households", false);  // a stopwatch
  struct Part {
    exporting::Slice slice;
    io::ExportManifest m;
    std::int64_t consented = 0;
    std::string bytes;
    std::vector<exporting::MailedHousehold> mailed;  // pseudonymised: ordered by pseudonym below
    bool store_unchecked = false;  // a coupons file without store_fingerprint (scored before it)
  };
  Part part = on_all_ranks(comm, o.coupons, [&] {
    Part p;
    logged_on_failure(comm, [&] {
      const std::size_t total = io::count_coupon_households(o.coupons);
      p.slice = exporting::slice_of_rank(total, comm.rank(), comm.size());
      const io::CouponsFile coupons = io::read_coupons(o.coupons, p.slice.first_row, p.slice.rows);
      // product_texts first: it checks the store is the coupons' own (or that store later).
      const auto texts = exporting::product_texts(store_file, o.coupons, coupons.attributes);
      exporting::refuse_coupons_now_excluded(
          exporting::exclusions_of_campaign(coupons.attributes.campaign, o.coupons), coupons.rows.product_id,
          texts, o.coupons, o.store);
      p.store_unchecked = !o.store.empty() && coupons.attributes.store_fingerprint.empty();
      const std::vector<std::int8_t> latest =
          exporting::latest_consent(store_file, coupons.rows.household_id);
      const io::CouponHouseholds households =
          io::read_coupon_households(o.coupons, total, p.slice.first_row, p.slice.rows);
      if (comm.is_root())
        spdlog::info("export/read: {} households' coupons and consent on rank 0 ({:.1f} s)",
                     format_count(static_cast<double>(p.slice.rows)), clock.elapsed_seconds());
      p.m = exporting::start_manifest(o, coupons, total, key.has_value());
      p.consented = exporting::consented_households(households, latest);
      // Rank 0's share stands for every rank's (the slices are even).
      Progress formatting("export/format", p.slice.rows, "households on rank 0", comm.is_root());
      if (key)
        p.mailed =
            exporting::format_households(p.slice, coupons, households, latest, texts, key, p.m, &formatting);
      else
        p.bytes =
            exporting::format_blocks(p.slice, coupons, households, latest, texts, key, p.m, &formatting);
    });
    return p;
  });
  // Points of stopping (SIGTERM before a time limit or a preemption: exit 75, nothing published,
  // the requeued job starts again): after each pass, before the next writes.
  failpoint("export/formatted");
  throw_if_stop_requested_on_any_rank("export/format", comm);
  io::ExportManifest& m = part.m;
  if (comm.is_root() && part.store_unchecked)
    spdlog::warn(
        "export: {} has no store_fingerprint (scored before it was recorded): whether {} is the store "
        "it was scored from cannot be checked — its product names and consent are used as they are",
        o.coupons, o.store);
  if (key) part.bytes = exporting::blocks_in_pseudonym_order(std::move(part.mailed), m, comm);
  exporting::log_load(
      {static_cast<std::int64_t>(part.slice.rows), m.rows, part.bytes.size(), clock.elapsed_seconds()}, comm);
  exporting::sum_counts(m, comm);
  if (comm.is_root()) exporting::warn_of_blank_product_text(o, m);
  m.warning = exporting::no_consent_warning(o, m, part.consented, comm);
  if (m.warning.empty()) m.warning = exporting::no_coupon_warning(o, m, comm);

  // One temporary file, each rank's bytes at the sum of the sizes of the ranks before it.
  const std::string& temporary = export_file.temporary();
  on_all_ranks(comm, temporary, [&] {
    if (comm.is_root()) io::create_export_file(temporary);
    return 0;
  });  // collective: the file exists before any rank opens it
  const auto size = static_cast<std::uint64_t>(part.bytes.size());
  const std::uint64_t offset = comm.exclusive_prefix_sum(size);
  m.bytes = comm.allreduce(size, ReduceOp::sum);
  on_all_ranks(comm, "writing " + temporary, [&] {
    logged_on_failure(comm, [&] {
      if (size > 0) io::write_export_part(temporary, offset, part.bytes);
    });
    return 0;
  });
  part.bytes = std::string();  // memory back before the hashing pass
  throw_if_stop_requested_on_any_rank("export/write", comm);
  if (comm.is_root())
    spdlog::info("export/hash: {} written; its SHA-256 for the manifest", format_bytes(m.bytes));

  // SHA-256 cannot be combined from parts: rank 0 reads the assembled file once, in order.
  const Progress hashing("export/hash", 0, "bytes", false);  // a stopwatch
  // Replacing, the file and its manifest are published as a pair under the folder's lock: two
  // exports to one OUT at once would otherwise leave one's file beside the other's manifest.
  std::optional<FolderLock> publishing;
  on_all_ranks(comm, "hashing " + temporary, [&] {
    if (!comm.is_root()) return 0;
    std::error_code ec;
    const std::uintmax_t on_disk = fs::file_size(temporary, ec);
    if (ec || on_disk != m.bytes)
      throw Error(exit_io, fmt::format("{}: {} bytes after writing, the ranks wrote {}{}", temporary,
                                       ec ? 0 : on_disk, m.bytes, ec ? " (" + ec.message() + ")" : ""));
    m.sha256 = io::sha256_file(temporary);
    manifest_file.write_text(m.to_json());
    // A stale manifest must never describe the new file: remove it before publishing. Without
    // --overwrite there was none at the start: one here is a concurrent run's, and it stays.
    if (o.overwrite) {
      const fs::path folder = fs::path(o.out).parent_path();
      publishing.emplace(folder.empty() ? "." : folder.string());
      fs::remove(manifest, ec);
    }
    return 0;
  });
  throw_if_stop_requested_on_any_rank("export/hash", comm);
  export_file.publish(comm);
  failpoint("export/file-published");  // tests: another export to OUT waits here for the lock
  manifest_file.publish(comm);
  publishing.reset();
  if (comm.is_root() && o.store.empty())
    spdlog::warn(
        "export: no --store: consent withdrawn since scoring is not checked (the mailing follows "
        "the consent in {})",
        o.coupons);
  if (comm.is_root())
    spdlog::info(
        "export: wrote {} ({}{}, {} layout{}): {} rows, {} households, {} coupons; excluded {} without "
        "consent, {} whose consent was withdrawn since scoring{}, {} control, {} without coupons; {} bytes "
        "from {} rank(s), hashed in {:.2f} s; manifest {}",
        o.out, o.format, o.gzip ? "+gzip" : "", m.layout.per_coupon ? "coupon" : "household",
        key ? ", pseudonymised ids" : "", m.rows, m.households, m.coupons, m.excluded_no_consent,
        m.excluded_consent_withdrawn, o.store.empty() ? " (not checked: no --store)" : "", m.excluded_control,
        m.excluded_no_coupon, m.bytes, comm.size(), hashing.elapsed_seconds(), manifest);
  return exit_ok;
}

}  // namespace basketgap
