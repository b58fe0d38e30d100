#include "jobs/score/checkpoint.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xxhash.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "jobs/cluster/atomic_output.hpp"
#include "jobs/cluster/comm.hpp"

namespace fs = std::filesystem;

namespace basketgap {
namespace {

constexpr const char* kInfix = ".checkpoint-";

std::string stages_text(const CheckpointContents& c) {
  if (c.model && c.context) return "fitted blend, scoring context";
  return c.model ? "fitted blend" : "scoring context";
}

std::uint64_t checkpoint_key(const std::string& fingerprint, std::int32_t as_of, std::int64_t products,
                             const std::string& config_text) {
  const std::string source =
      fmt::format("{}|{}|{}|{}|{}", BASKETGAP_VERSION, fingerprint, as_of, products, config_text);
  return XXH3_64bits(source.data(), source.size());
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  if (!in) throw std::runtime_error("cannot read");
  return s.str();
}

// Rank 0: the contents of a valid checkpoint for `key`, else empty contents (logged).
CheckpointContents look_for(const std::string& out, const std::string& path, std::uint64_t key,
                            std::int32_t as_of, std::int64_t products) {
  const fs::path p(out);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string() + kInfix;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind(prefix, 0) == 0 && name != fs::path(path).filename().string())
      spdlog::info("score: ignoring checkpoint {}: made from another store, as-of day or configuration",
                   entry.path().string());
  }
  CheckpointContents empty;
  empty.key = key;
  if (!fs::exists(path)) return empty;
  try {
    CheckpointContents c = decode_checkpoint(read_file(path));
    if (c.key != key) throw std::runtime_error("its key does not match its name");
    check_checkpoint_fits(c, as_of, products);
    return c;
  } catch (const std::exception& e) {
    spdlog::warn("score: ignoring checkpoint {}: {}", path, e.what());
    return empty;
  }
}

}  // namespace

ScoreCheckpoint::ScoreCheckpoint(const std::string& out, const std::string& store_fingerprint,
                                 std::int32_t as_of, std::int64_t products, const std::string& config_text,
                                 const Comm& comm)
    : out_(out), products_(products), comm_(comm) {
  const std::uint64_t key = checkpoint_key(store_fingerprint, as_of, products, config_text);
  path_ = out + kInfix + fmt::format("{:016x}", key);
  // Rank 0 reads and validates; the bytes travel to the others so all ranks agree.
  std::string bytes;
  if (comm.is_root()) {
    const CheckpointContents found = look_for(out, path_, key, as_of, products);
    if (found.model || found.context) {
      spdlog::info("score: resuming from checkpoint {} ({})", path_, stages_text(found));
      bytes = encode_checkpoint(found);
    }
  }
  comm.broadcast(bytes);
  if (bytes.empty())
    saved_.key = key;
  else
    saved_ = decode_checkpoint(bytes);
}

std::optional<engine::ScoringContext> ScoreCheckpoint::take_context() {
  std::optional<engine::ScoringContext> out = std::move(saved_.context);
  saved_.context.reset();
  return out;
}

void ScoreCheckpoint::save_model(const engine::BlendModel& model) {
  saved_.model = model;
  if (comm_.is_root()) write();
}

void ScoreCheckpoint::save_context(const engine::ScoringContext& context) {
  if (!comm_.is_root()) return;  // only rank 0 needs the copy it writes
  saved_.context = context;
  write();
  saved_.context.reset();
}

void ScoreCheckpoint::write() const {
  // A checkpoint is an optimisation: failing to write one must not fail the run. Its
  // temporary (CHECKPOINT.tmp-*) is cleared by remove_stale_temporaries(OUT) if this is killed.
  AtomicOutput file(path_, "checkpoint");
  try {
    file.write_text(encode_checkpoint(saved_));
    fs::permissions(file.temporary(), fs::perms::owner_read | fs::perms::owner_write);  // 0600
    file.publish_here();
    spdlog::info("score: checkpoint saved: {} ({})", path_, stages_text(saved_));
  } catch (const std::exception& e) {
    spdlog::warn("score: {}; a rerun will start from the beginning", e.what());
  }
}

void ScoreCheckpoint::remove_all() const {
  const fs::path p(out_);
  const fs::path dir = p.parent_path().empty() ? fs::path(".") : p.parent_path();
  const std::string prefix = p.filename().string() + kInfix;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dir, ec))
    if (entry.path().filename().string().rfind(prefix, 0) == 0) fs::remove(entry.path(), ec);
}

}  // namespace basketgap
