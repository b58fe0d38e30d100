// `basketgap generate`: writes a synthetic data set (transactions, products, households CSV).
// The model lives in engine/synth; this file owns the files: NAME.tmp written in household
// order, renamed when everything succeeded, existing files kept unless --overwrite.
#include <spdlog/spdlog.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

#include "engine/synth/catalog.hpp"
#include "engine/synth/csv_format.hpp"
#include "engine/synth/stream.hpp"
#include "io/errors.hpp"
#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/jobs.hpp"

namespace basketgap {

namespace fs = std::filesystem;
namespace synth = engine::synth;

namespace {

constexpr std::int64_t kChunkHouseholds = 256;

// A CSV streamed through a large buffer into an atomic output's temporary.
class CsvOutput {
 public:
  CsvOutput(const fs::path& path, bool overwrite, const Comm& comm)
      : output_(path.string(), overwrite, comm) {
    file_ = std::fopen(output_.temporary().c_str(), "wb");
    if (!file_)
      throw Error(exit_cant_create, "cannot create " + output_.temporary() + ": " + std::strerror(errno));
    std::setvbuf(file_, nullptr, _IOFBF, 1 << 20);
  }
  ~CsvOutput() {
    if (file_) std::fclose(file_);
  }
  CsvOutput(const CsvOutput&) = delete;
  CsvOutput& operator=(const CsvOutput&) = delete;

  void write(std::string_view text) {
    if (!text.empty() && std::fwrite(text.data(), 1, text.size(), file_) != text.size())
      throw Error(exit_io, "cannot write " + output_.temporary() + ": " + std::strerror(errno));
  }
  void close() {
    const int rc = std::fclose(file_);
    file_ = nullptr;
    if (rc != 0) throw Error(exit_io, "cannot close " + output_.temporary() + ": " + std::strerror(errno));
  }
  void publish() { output_.publish_here(); }

 private:
  AtomicOutput output_;
  std::FILE* file_ = nullptr;
};

void create_folder(const fs::path& dir) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec || !fs::is_directory(dir)) throw Error(exit_cant_create, "cannot create folder " + dir.string());
}

void write_products(CsvOutput& out, const synth::Catalog& catalog) {
  std::string text(synth::kProductsHeader);
  for (const auto& p : catalog.products()) {
    synth::append_product(text, p);
    if (text.size() > (8u << 20)) {
      out.write(text);
      text.clear();
    }
  }
  out.write(text);
}

}  // namespace

int run_generate(const GenerateOptions& o, const Comm& comm) {
  if (!comm.is_root()) return exit_ok;  // one writer; the other ranks have nothing to do
  if (o.households < 1) throw UsageError("--households must be positive");
  const std::int64_t products = o.products == 0 ? synth::default_product_count(o.households) : o.products;
  // The upper bound keeps the catalogue's memory (a few hundred bytes a product) far from the
  // node's: past it the run would end in std::bad_alloc, exit 1, instead of a usage error.
  constexpr std::int64_t kMaxProducts = 10'000'000;
  if (products < synth::min_product_count() || products > kMaxProducts)
    throw UsageError("--products must be 0 or in " + std::to_string(synth::min_product_count()) + " .. " +
                     std::to_string(kMaxProducts) + ", not " + std::to_string(products));

  const fs::path dir(o.out_dir);
  create_folder(dir);
  const Comm self = Comm::self();  // rank 0 alone writes
  CsvOutput txn(dir / "transactions.csv", o.overwrite, self), prod(dir / "products.csv", o.overwrite, self),
      hh(dir / "households.csv", o.overwrite, self);

  spdlog::info("generate: {} households, {} products, {} days, seed {} -> {}", o.households, products, o.days,
               o.seed, dir.string());
  const synth::Catalog catalog(o.seed, products, o.days);

  write_products(prod, catalog);
  txn.write(synth::kTransactionsHeader);
  hh.write(synth::kHouseholdsHeader);

  synth::StreamConfig config;
  config.seed = o.seed;
  config.households = o.households;
  config.days = o.days;
  config.consent_rate = o.consent_rate;
  config.chunk = kChunkHouseholds;

  Progress progress("generate", static_cast<std::uint64_t>(o.households), "households", true);
  std::int64_t done = 0, rows = 0;
  synth::generate_stream(catalog, config, [&](const synth::Chunk& chunk) {
    throw_if_stop_requested("generate");
    txn.write(chunk.transactions);
    hh.write(chunk.households);
    done += chunk.count;
    rows += chunk.rows;
    progress.update(done, rows);
  });

  txn.close();
  prod.close();
  hh.close();
  txn.publish();
  prod.publish();
  hh.publish();
  progress.finish(done, rows);
  spdlog::info("generate: wrote {} transaction rows, {} products, {} households", rows, products, done);
  return exit_ok;
}

}  // namespace basketgap
