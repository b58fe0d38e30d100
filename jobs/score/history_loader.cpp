#include "jobs/score/history_loader.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <tbb/task_group.h>

#include <algorithm>
#include <stdexcept>

#include "io/errors.hpp"
#include "io/store/tables.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/score/segmented_history.hpp"

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
constexpr std::int64_t kSliceRows = 4'000'000;

engine::HistoryBlock load_rows(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                               engine::Range range, std::int32_t spend_up_to, std::vector<double>* spend) {
  const io::StoreSummary& summary = store.summary();
  if (summary.max_day - summary.min_day > engine::HistoryBlock::kMaxDaySpan)
    throw InputError(
        fmt::format("{}: days {}..{} span more than {} days, the most score and evaluate "
                    "handle (~89 years); check the day column",
                    store.path(), summary.min_day, summary.max_day, engine::HistoryBlock::kMaxDaySpan));
  if (store.segmented())
    return load_segmented_history(store, range, offsets[range.end] - offsets[range.begin], spend_up_to,
                                  spend);
  // Pinned (score --store-version): `offsets` counts the rows of batches 1..V only; the file's
  // rows (the store's own table) are read and those of later batches skipped.
  const bool pinned = store.is_pinned();
  const std::int32_t version = static_cast<std::int32_t>(store.pinned_version());
  const std::vector<std::int64_t> stored_table =
      pinned ? store.households().offset : std::vector<std::int64_t>{};
  const std::vector<std::int64_t>& stored = pinned ? stored_table : offsets;
  engine::HistoryBlock block(static_cast<std::int32_t>(summary.min_day));
  block.first_household = range.begin;
  const std::int64_t first_row = stored[range.begin];
  const std::int64_t rows = stored[range.end] - first_row;
  block.offsets.resize(range.size() + 1);
  for (std::int64_t h = 0; h <= range.size(); ++h)
    block.offsets[h] = offsets[range.begin + h] - offsets[range.begin];
  block.reserve_rows(block.offsets.back());
  if (spend) spend->assign(static_cast<std::size_t>(range.size()), 0.0);

  // A basket opens where the external basket id changes or a household starts (rows are in
  // (day, basket) order); carried across slices. The store's basket starts say the same in a
  // byte a row instead of eight (a third of this stage's time); a pinned read skips rows, so
  // it compares the ids of the rows it keeps.
  const bool basket_starts = !pinned && store.has_basket_start_column();
  std::int64_t household = 0;
  std::int64_t household_end = rows > 0 ? stored[range.begin + 1] - first_row : 0;
  bool household_starts = true;
  std::int64_t previous_basket = 0;
  std::int32_t previous_day = 0;
  // Pipelined: while this thread converts slice i, the other cores inflate slice i + 1
  // (fetched from the file here first: HDF5 stays on this thread).
  const io::HistoryColumns columns{
      .spend = spend != nullptr, .batch = pinned, .basket_starts = basket_starts};
  io::TransactionColumns current, next;  // decoded slices, buffers reused
  if (rows > 0)
    io::decode_history_rows(store.fetch_history_rows(first_row, std::min(kSliceRows, rows), columns),
                            current);
  for (std::int64_t slice = 0; slice < rows; slice += kSliceRows) {
    const std::int64_t n = std::min(kSliceRows, rows - slice);
    io::check_product_indices(current, summary.products, store.path(), first_row + slice);
    const std::int64_t following = slice + kSliceRows;
    tbb::task_group decoding;
    io::FetchedHistory fetched;
    if (following < rows) {
      fetched =
          store.fetch_history_rows(first_row + following, std::min(kSliceRows, rows - following), columns);
      decoding.run([&] { io::decode_history_rows(fetched, next); });
    }
    try {
      for (std::int64_t i = 0; i < n; ++i) {
        const std::int64_t r = slice + i;
        while (r >= household_end) {  // skips households without rows
          ++household;
          household_end = stored[range.begin + household + 1] - first_row;
          household_starts = true;
        }
        if (pinned && current.batch[i] > version) continue;  // added after the pinned version
        bool opens = household_starts;
        if (basket_starts) {
          opens |= current.basket_start[i] != 0;
        } else {
          opens = io::opens_basket(opens, current.basket[i], current.day[i], previous_basket, previous_day);
          previous_basket = current.basket[i];
          previous_day = current.day[i];
        }
        household_starts = false;
        block.add_row(current.day[i], current.product[i], opens);
        if (spend && current.day[i] <= spend_up_to) (*spend)[household] += current.spend[i];
      }
    } catch (...) {
      decoding.wait();  // never leave the task running on buffers about to go away
      throw;
    }
    decoding.wait();  // rethrows a decoding error
    std::swap(current, next);
  }
  return block;
}

// A row the history block cannot hold (a day outside the store's own day range, a negative
// product) is a damaged store, as a broken offset is: 65 naming the store, not an internal error.
engine::HistoryBlock load(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                          engine::Range range, std::int32_t spend_up_to, std::vector<double>* spend) {
  try {
    return load_rows(store, offsets, range, spend_up_to, spend);
  } catch (const std::out_of_range& e) {
    throw InputError(
        fmt::format("{}: dataset /transactions: {} — the rows disagree with the store's own day "
                    "range (days {}..{}): a damaged store? Ingest it again",
                    store.path(), e.what(), store.summary().min_day, store.summary().max_day));
  }
}
}  // namespace

engine::HistoryBlock load_history(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                                  engine::Range range) {
  return load(store, offsets, range, 0, nullptr);
}

engine::HistoryBlock load_history(const io::StoreReader& store, const std::vector<std::int64_t>& offsets,
                                  engine::Range range, std::int32_t spend_up_to, std::vector<double>& spend) {
  return load(store, offsets, range, spend_up_to, &spend);
}

void log_history_memory(std::int64_t my_bytes, std::int64_t rows, const Comm& comm) {
  const auto largest = comm.allreduce<std::int64_t>(my_bytes, ReduceOp::max);
  const auto total = comm.allreduce<std::int64_t>(my_bytes, ReduceOp::sum);
  if (comm.is_root())
    spdlog::info(
        "score/load: the history takes {:.1f} MB on the largest rank, {:.1f} MB in all ({:.2f} bytes a row)",
        largest / 1e6, total / 1e6, rows > 0 ? static_cast<double>(total) / rows : 0.0);
}

}  // namespace basketgap
