// Resume for `score`: after the expensive stages (the blend fit, the scoring context with its
// neighbour table) complete, rank 0 saves them to OUT.checkpoint-<key>; a rerun with the same
// store, as-of day and configuration loads them on every rank and skips those stages. The key
// does not depend on the number of ranks or threads (the stages are identical for any).
// A checkpoint with another key, or a damaged one, is logged and ignored; all of OUT's
// checkpoints are removed once OUT is published.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/blend_model.hpp"
#include "engine/candidates.hpp"
#include "jobs/score/checkpoint_codec.hpp"

namespace basketgap {

class Comm;

class ScoreCheckpoint {
 public:
  // Collective: rank 0 looks for a checkpoint of `out` and shares what it found.
  ScoreCheckpoint(const std::string& out, const std::string& store_fingerprint, std::int32_t as_of,
                  std::int64_t products, const std::string& config_text, const Comm& comm);

  const std::optional<engine::BlendModel>& model() const { return saved_.model; }
  // Moves the saved context out (it is large); empty when there is none.
  std::optional<engine::ScoringContext> take_context();

  // Not collective: rank 0 writes (temp + rename), the other ranks return at once.
  void save_model(const engine::BlendModel& model);
  void save_context(const engine::ScoringContext& context);

  // Rank 0 only: removes every OUT.checkpoint-* (call after OUT is published).
  void remove_all() const;

  const std::string& path() const { return path_; }

 private:
  void write() const;

  std::string out_;
  std::string path_;
  std::int64_t products_;
  const Comm& comm_;
  CheckpointContents saved_;
};

// The scoring context from the checkpoint when it has one, else built and then checkpointed.
template <typename Build>
engine::ScoringContext resume_or_build_context(ScoreCheckpoint* checkpoint, Build build) {
  if (checkpoint) {
    if (auto saved = checkpoint->take_context()) return std::move(*saved);
  }
  engine::ScoringContext context = build();
  if (checkpoint) checkpoint->save_context(context);
  return context;
}

// True (and `model` set) when the checkpoint holds the fitted blend.
inline bool resume_model(const ScoreCheckpoint* checkpoint, engine::BlendModel& model) {
  if (!checkpoint || !checkpoint->model()) return false;
  model = *checkpoint->model();
  return true;
}

}  // namespace basketgap
