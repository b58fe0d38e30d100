#include "jobs/history_loader.hpp"

#include "jobs/comm.hpp"

namespace basketgap {

RankShare split_households(const std::vector<std::int64_t>& offsets, const Comm& comm) {
  RankShare share;
  share.ranges = engine::balance_by_rows(offsets, comm.size());
  share.mine = share.ranges[comm.rank()];
  return share;
}

namespace {
engine::HistoryBlock load(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                          engine::Range range, std::vector<float>* spend_out) {
  std::vector<float> ignored;
  std::vector<float>& spend = spend_out ? *spend_out : ignored;
  engine::HistoryBlock block;
  block.first_household = range.begin;
  const std::int64_t first_row = offsets[range.begin];
  const std::int64_t rows = offsets[range.end] - first_row;
  io::TransactionColumns columns = store.read_history_rows(first_row, rows, spend_out != nullptr);
  block.day = std::move(columns.day);
  block.product = std::move(columns.product);
  spend = std::move(columns.spend);
  block.offsets.resize(range.size() + 1);
  for (std::int64_t h = 0; h <= range.size(); ++h) block.offsets[h] = offsets[range.begin + h] - first_row;
  // External basket ids -> ordinals within the household (rows are in (day, basket) order).
  block.basket.resize(columns.basket.size());
  for (std::int64_t h = 0; h < range.size(); ++h) {
    std::int32_t ordinal = -1;
    for (std::int64_t r = block.offsets[h]; r < block.offsets[h + 1]; ++r) {
      if (r == block.offsets[h] || columns.basket[r] != columns.basket[r - 1]) ++ordinal;
      block.basket[r] = ordinal;
    }
  }
  return block;
}
}  // namespace

engine::HistoryBlock load_history(const io::StoreReader& store,
                                  const std::vector<std::int64_t>& offsets, engine::Range range) {
  return load(store, offsets, range, nullptr);
}

engine::HistoryBlock load_history(const io::StoreReader& store,
                                  const std::vector<std::int64_t>& offsets, engine::Range range,
                                  std::vector<float>& spend) {
  return load(store, offsets, range, &spend);
}

}  // namespace basketgap
