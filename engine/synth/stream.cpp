#include "engine/synth/stream.hpp"

#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <memory>
#include <vector>

#include "engine/synth/csv_format.hpp"
#include "engine/synth/household.hpp"
#include "engine/synth/transactions.hpp"

namespace basketgap::engine::synth {

namespace {

// Formats one chunk; what the pipeline runs in parallel.
void generate_chunk(const Catalog& catalog, const StreamConfig& config, Chunk& chunk) {
  std::vector<TxnRow> rows;
  chunk.transactions.clear();
  chunk.households.clear();
  chunk.rows = 0;
  for (std::int64_t i = chunk.first; i < chunk.first + chunk.count; ++i) {
    const Household h = make_household(config.seed, i, config.days, config.consent_rate);
    append_household(chunk.households, h);
    rows.clear();
    generate_transactions(catalog, h, config.seed, rows);
    chunk.transactions.reserve(chunk.transactions.size() + rows.size() * 64);
    for (const TxnRow& r : rows) append_transaction(chunk.transactions, r);
    chunk.rows += static_cast<std::int64_t>(rows.size());
  }
}

}  // namespace

void generate_stream(const Catalog& catalog, const StreamConfig& config,
                     const std::function<void(const Chunk&)>& sink) {
  const std::int64_t chunk_size = std::max<std::int64_t>(1, config.chunk);
  // Two chunks in flight per worker keep the cores busy while the sink writes.
  const std::size_t tokens = 2 * static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
  std::int64_t next = 0;
  tbb::parallel_pipeline(
      tokens,
      tbb::make_filter<void, std::shared_ptr<Chunk>>(tbb::filter_mode::serial_in_order,
                                                     [&](tbb::flow_control& fc) -> std::shared_ptr<Chunk> {
                                                       if (next >= config.households) {
                                                         fc.stop();
                                                         return nullptr;
                                                       }
                                                       auto chunk = std::make_shared<Chunk>();
                                                       chunk->first = next;
                                                       chunk->count =
                                                           std::min(chunk_size, config.households - next);
                                                       next += chunk->count;
                                                       return chunk;
                                                     }) &
          tbb::make_filter<std::shared_ptr<Chunk>, std::shared_ptr<Chunk>>(tbb::filter_mode::parallel,
                                                                           [&](std::shared_ptr<Chunk> chunk) {
                                                                             generate_chunk(catalog, config,
                                                                                            *chunk);
                                                                             return chunk;
                                                                           }) &
          tbb::make_filter<std::shared_ptr<Chunk>, void>(
              tbb::filter_mode::serial_in_order, [&](std::shared_ptr<Chunk> chunk) { sink(*chunk); }));
}

}  // namespace basketgap::engine::synth
