// Streaming generation of many households: chunks of households are generated in parallel
// (oneTBB pipeline) and handed to `sink` strictly in household order, so memory stays bounded
// by a few chunks and the bytes do not depend on the number of threads.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "engine/synth/catalog.hpp"

namespace basketgap::engine::synth {

struct StreamConfig {
  std::uint64_t seed = 42;
  std::int64_t households = 0;
  int days = 711;
  double consent_rate = 0.8;
  std::int64_t chunk = 512;  // households per chunk
};

// The CSV text (no headers) of households [first, first + count).
struct Chunk {
  std::int64_t first = 0;
  std::int64_t count = 0;
  std::int64_t rows = 0;  // transaction lines
  std::string transactions;
  std::string households;
};

// Calls `sink` once per chunk, in order, on one thread at a time. `sink` may throw to stop.
void generate_stream(const Catalog& catalog, const StreamConfig& config,
                     const std::function<void(const Chunk&)>& sink);

}  // namespace basketgap::engine::synth
