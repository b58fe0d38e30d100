#include "jobs/ingest/sort.hpp"

#include <tbb/blocked_range.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <span>

#include "engine/flat_id_map.hpp"
#include "io/spill/spill_file.hpp"
#include "io/store/tables.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/buckets.hpp"

namespace basketgap::ingest {

BucketPlan plan_buckets(std::span<const std::int64_t> offsets, engine::Range mine, std::int64_t memory_rows) {
  BucketPlan plan{mine, {}};
  if (mine.size() == 0) return plan;
  plan.first.push_back(mine.begin);
  std::int64_t bucket_start_row = offsets[mine.begin];
  for (std::int64_t h = mine.begin; h < mine.end; ++h) {
    // Close the bucket before a household that would overflow it (a household larger than
    // the budget gets a bucket of its own).
    if (h > plan.first.back() && offsets[h + 1] - bucket_start_row > memory_rows) {
      plan.first.push_back(h);
      bucket_start_row = offsets[h];
    }
  }
  plan.first.push_back(mine.end);
  return plan;
}

namespace {

int owner_of(std::span<const engine::Range> owners, std::int32_t household) {
  const auto it = std::upper_bound(owners.begin(), owners.end(), household,
                                   [](std::int64_t h, const engine::Range& r) { return h < r.end; });
  return static_cast<int>(it - owners.begin());
}

}  // namespace

void route_to_buckets(const RouteInput& in, const BucketPlan& plan, BucketStore& buckets, const Comm& comm,
                      std::uint64_t total_records) {
  io::SpillReader<ParsedRecord> reader(in.parsed_spill);
  // External id -> dense index, both by hash: a binary search of the household ids (a few MB)
  // per run of a household's rows missed the cache at every level of its last steps.
  engine::IdMap households(in.household_ids.size());  // every parsed id is in it
  for (std::size_t i = 0; i < in.household_ids.size(); ++i)
    households.at_or_insert(in.household_ids[i], static_cast<std::int64_t>(i));
  engine::IdMap products(in.product_ids.size());
  for (std::size_t i = 0; i < in.product_ids.size(); ++i)
    products.at_or_insert(in.product_ids[i], static_cast<std::int64_t>(i));

  Progress progress("ingest/route", total_records, "rows", comm.is_root());
  io::RecordVector<ParsedRecord> batch;
  std::vector<DenseRecord> dense, send, received;
  std::vector<int> dest;
  std::uint64_t routed = 0;
  const int ranks = comm.size();
  while (true) {
    reader.read(batch, static_cast<std::size_t>(in.batch_rows));
    // Every rank takes part in every round until all are drained.
    if (!comm.any(!batch.empty())) break;
    throw_if_stop_requested("ingest/route");
    dense.resize(batch.size());
    dest.resize(batch.size());
    std::vector<std::int64_t> counts(ranks, 0);
    std::int64_t last_household = -1;
    std::int32_t last_index = 0;
    int last_owner = 0;
    for (std::size_t i = 0; i < batch.size(); ++i) {
      const ParsedRecord& p = batch[i];
      if (p.household != last_household) {  // a household's rows are usually consecutive
        last_household = p.household;
        last_index = static_cast<std::int32_t>(households.get(p.household));
        last_owner = owner_of(in.owners, last_index);
      }
      dense[i] = DenseRecord{p.basket,
                             in.first_line + p.line,
                             last_index,
                             p.day,
                             static_cast<std::int32_t>(products.get(p.product)),
                             p.quantity,
                             p.spend,
                             p.batch != 0 ? p.batch : in.version};
      dest[i] = last_owner;
      ++counts[dest[i]];
    }
    std::size_t bucket = 0;  // households arrive in runs: search only when the run leaves it
    const auto keep = [&](const DenseRecord& d) {
      if (d.household < plan.first[bucket] || d.household >= plan.first[bucket + 1]) {
        const auto it = std::upper_bound(plan.first.begin(), plan.first.end(), d.household);
        bucket = static_cast<std::size_t>(it - plan.first.begin()) - 1;
      }
      buckets.append(bucket, d);
    };
    // This rank's own rows (all of them on one rank) go to its buckets here, not through MPI (a
    // copy each way); the order rows reach a bucket does not matter: the sort's order is total
    // (the input line breaks every tie). The rest: a counting sort by destination rank, then
    // the exchange.
    const int me = comm.rank();
    counts[me] = 0;
    std::vector<std::int64_t> cursor(ranks, 0);
    for (int r = 1; r < ranks; ++r) cursor[r] = cursor[r - 1] + counts[r - 1];
    send.resize(static_cast<std::size_t>(cursor[ranks - 1] + counts[ranks - 1]));
    for (std::size_t i = 0; i < dense.size(); ++i) {
      if (dest[i] == me)
        keep(dense[i]);
      else
        send[cursor[dest[i]]++] = dense[i];
    }
    comm.alltoallv_into<DenseRecord>(send, counts, received);
    for (const DenseRecord& d : received) keep(d);
    routed += comm.allreduce<std::uint64_t>(batch.size(), ReduceOp::sum);
    progress.update(routed);
  }
  progress.finish(routed);
  std::filesystem::remove(in.parsed_spill);
}

namespace {

// Rows of one household usually arrive by day and basket, with only the products of a basket
// out of order: an insertion sort costs one pass plus the few moves. Past a budget of moves
// (input in another order) std::sort takes over, so the worst case stays n log n.
void sort_household(DenseRecord* first, DenseRecord* last) {
  std::int64_t budget = 8 * (last - first) + 64;
  for (auto i = first + (first != last); i < last; ++i) {
    if (!store_order(*i, *(i - 1))) continue;
    const DenseRecord moving = *i;
    auto j = i;
    for (; j != first && store_order(moving, *(j - 1)); --j, --budget) *j = *(j - 1);
    *j = moving;
    if (budget < 0) {
      std::sort(first, last, store_order);
      return;
    }
  }
}

// One bucket's rows in store order. Not a vector: its zero-filling of every row before the
// scatter overwrites them was a tenth of ingest's time.
struct SortedBucket {
  std::unique_ptr<DenseRecord[]> rows;
  std::size_t size = 0;
};

// Store order of one bucket: a counting sort by household (dense indices of one range), then
// each household's rows alone (a few hundred, often already in order) — much cheaper than
// sorting the whole bucket. Same total order, so the same result.
SortedBucket household_sort(io::RecordVector<DenseRecord> records, engine::Range households) {
  std::vector<std::int64_t> start(households.size() + 1, 0);
  for (const DenseRecord& r : records) ++start[r.household - households.begin + 1];
  for (std::size_t h = 1; h < start.size(); ++h) start[h] += start[h - 1];
  SortedBucket sorted{std::make_unique_for_overwrite<DenseRecord[]>(records.size()), records.size()};
  DenseRecord* out = sorted.rows.get();
  {
    std::vector<std::int64_t> cursor(start.begin(), start.end() - 1);
    for (const DenseRecord& r : records) out[cursor[r.household - households.begin]++] = r;
  }
  records = {};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, households.size(), 256), [&](const auto& range) {
    for (std::size_t h = range.begin(); h != range.end(); ++h) {
      sort_household(out + start[h], out + start[h + 1]);
    }
  });
  return sorted;
}

// Keeps in `kept` (a max-heap by line) the `cap` duplicates of the smallest line numbers this rank
// found: the rejects file then lists the first `cap` of the file whatever the rank count.
void keep_earliest(std::vector<DuplicateLine>& kept, DuplicateLine d, std::int64_t cap) {
  const auto later = [](const DuplicateLine& a, const DuplicateLine& b) { return a.line < b.line; };
  if (static_cast<std::int64_t>(kept.size()) < cap) {
    kept.push_back(d);
    std::push_heap(kept.begin(), kept.end(), later);
  } else if (!kept.empty() && d.line < kept.front().line) {
    std::pop_heap(kept.begin(), kept.end(), later);
    kept.back() = d;
    std::push_heap(kept.begin(), kept.end(), later);
  }
}

}  // namespace

SortResult sort_buckets(const BucketPlan& plan, BucketStore& buckets, std::int64_t reject_cap) {
  SortResult result;
  result.rows.assign(plan.mine.size(), 0);
  result.baskets.assign(plan.mine.size(), 0);
  for (std::size_t b = 0; b < plan.buckets(); ++b) {
    throw_if_stop_requested("ingest/sort");
    const SortedBucket bucket =
        household_sort(buckets.take(b), engine::Range{plan.first[b], plan.first[b + 1]});
    const std::span<const DenseRecord> sorted(bucket.rows.get(), bucket.size);

    // De-duplicate, one household at a time: rows, distinct baskets, duplicates.
    io::RecordVector<SortedRecord> kept_records;
    kept_records.reserve(sorted.size());
    std::size_t i = 0;
    while (i < sorted.size()) {
      const std::int32_t h = sorted[i].household;
      std::size_t end = i;
      std::int32_t baskets = 0;
      const DenseRecord* kept = nullptr;
      for (; end < sorted.size() && sorted[end].household == h; ++end) {
        const DenseRecord& r = sorted[end];
        if (kept && same_purchase(*kept, r)) {
          ++result.duplicate_lines;
          keep_earliest(result.duplicates, {r.line, kept->line}, reject_cap);
          continue;
        }
        if (!kept || io::opens_basket(false, r.basket, r.day, kept->basket, kept->day)) ++baskets;
        kept = &r;
        kept_records.push_back({r.basket, r.day, r.product, r.quantity, r.spend, r.batch});
        ++result.rows[h - plan.mine.begin];
        result.min_day = std::min(result.min_day, r.day);
        result.max_day = std::max(result.max_day, r.day);
        if (r.line >= 0) {
          ++result.file_rows;
          result.file_min_day = std::min(result.file_min_day, r.day);
          result.file_max_day = std::max(result.file_max_day, r.day);
        }
      }
      result.baskets[h - plan.mine.begin] = baskets;
      i = end;
    }
    buckets.put_sorted(b, std::move(kept_records));
  }
  return result;
}

}  // namespace basketgap::ingest
