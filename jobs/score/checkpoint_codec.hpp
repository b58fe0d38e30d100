// Binary encoding of the resumable stages of `score` (the fitted blend model and the scoring
// context with its neighbour table). The bytes end with an XXH3 of everything before them, so
// a truncated or damaged checkpoint is detected and ignored rather than trusted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "engine/blend_model.hpp"
#include "engine/candidates.hpp"

namespace basketgap {

struct CheckpointContents {
  std::uint64_t key = 0;  // identifies the store, as-of day and configuration
  std::optional<engine::BlendModel> model;
  std::optional<engine::ScoringContext> context;
};

std::string encode_checkpoint(const CheckpointContents& contents);

// Throws std::runtime_error naming what is wrong (bad magic, truncated, checksum mismatch).
CheckpointContents decode_checkpoint(const std::string& bytes);

// Guards against a checkpoint whose key collides or whose writer had a bug: its context must
// fit a store of `products` products scored as of `as_of` before any index in it is trusted
// (throws std::runtime_error saying what does not fit).
void check_checkpoint_fits(const CheckpointContents& c, std::int32_t as_of, std::int64_t products);

}  // namespace basketgap
