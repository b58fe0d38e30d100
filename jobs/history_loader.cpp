#include "jobs/history_loader.hpp"

#include "jobs/comm.hpp"

#include <algorithm>

namespace basketgap {

RankShare split_households(const std::vector<std::int64_t>& offsets, const Comm& comm) {
  RankShare share;
  share.ranges = engine::balance_by_rows(offsets, comm.size());
  share.mine = share.ranges[comm.rank()];
  return share;
}

namespace {
// Rows are read in slices so the load never holds the wide on-disk columns (int64 basket ids)
// of the whole share at once: peak memory is the in-memory block plus one slice.
constexpr std::int64_t kSliceRows = 8'000'000;

engine::HistoryBlock load(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                          engine::Range range, std::vector<float>* spend) {
  engine::HistoryBlock block;
  block.first_household = range.begin;
  const std::int64_t first_row = offsets[range.begin];
  const std::int64_t rows = offsets[range.end] - first_row;
  block.offsets.resize(range.size() + 1);
  for (std::int64_t h = 0; h <= range.size(); ++h) block.offsets[h] = offsets[range.begin + h] - first_row;
  block.day.resize(rows);
  block.product.resize(rows);
  block.basket.resize(rows);
  if (spend) spend->resize(rows);

  // External basket ids -> ordinals within the household (rows are in (day, basket) order),
  // carried across slices.
  std::int64_t household = 0;
  std::int32_t ordinal = -1;
  std::int64_t previous_basket = 0;
  for (std::int64_t slice = 0; slice < rows; slice += kSliceRows) {
    const std::int64_t n = std::min(kSliceRows, rows - slice);
    const io::TransactionColumns columns = store.read_history_rows(first_row + slice, n, spend != nullptr);
    std::copy(columns.day.begin(), columns.day.end(), block.day.begin() + slice);
    std::copy(columns.product.begin(), columns.product.end(), block.product.begin() + slice);
    if (spend) std::copy(columns.spend.begin(), columns.spend.end(), spend->begin() + slice);
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t r = slice + i;
      bool first_of_household = false;
      while (r >= block.offsets[household + 1]) ++household;  // skips households without rows
      if (r == block.offsets[household]) first_of_household = true;
      if (first_of_household) ordinal = -1;
      if (first_of_household || columns.basket[i] != previous_basket) ++ordinal;
      previous_basket = columns.basket[i];
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
