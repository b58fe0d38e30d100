#include "jobs/score/segmented_history.hpp"

#include <algorithm>
#include <optional>
#include <tuple>

#include "io/store/segments.hpp"
#include "io/store/tables.hpp"

namespace basketgap {

namespace {
// Rows of one segment decoded at once, at most this many (whole households): bounded memory.
constexpr std::int64_t kSliceRows = 4'000'000;

struct Row {
  std::int32_t day;
  std::int64_t basket;
  std::int32_t product;  // the head's dense index
  float quantity, spend;
  std::int64_t version;
  auto key() const { return std::tie(day, basket, product, quantity, spend); }
};

// A household's rows [first, last) in one cursor's slice.
struct Span {
  std::size_t cursor;
  std::int64_t first, last;
};

// Walks one segment's households that fall in the range, a slice of rows at a time.
class SegmentCursor {
 public:
  SegmentCursor(const io::Segment& segment, const std::vector<std::int64_t>& head_households,
                const std::vector<std::int64_t>& head_products, engine::Range range, bool per_row_versions,
                bool with_spend)
      : segment_(segment), per_row_versions_(per_row_versions), with_spend_(with_spend) {
    const io::HouseholdTable local = segment.file.households();
    ids_ = local.id;
    offsets_ = local.offset;
    if (range.size() > 0) {
      next_ = std::lower_bound(ids_.begin(), ids_.end(), head_households[range.begin]) - ids_.begin();
      end_ = std::upper_bound(ids_.begin(), ids_.end(), head_households[range.end - 1]) - ids_.begin();
    }
    // Local product index -> the head's.
    const std::vector<std::int64_t> products =
        io::head_indices(segment.file.products().id, head_products, segment, "product");
    product_.assign(products.begin(), products.end());
  }

  // Whether the next household of this segment is `id` (the cursor stays on it).
  bool holds(std::int64_t id) const { return next_ < end_ && ids_[next_] == id; }

  // The rows of the current household, then moves past it. Rows [first, last) of slice().
  std::pair<std::int64_t, std::int64_t> take_household() {
    if (next_ >= slice_end_) load_slice();
    const std::int64_t first = offsets_[next_] - slice_first_row_;
    const std::int64_t last = offsets_[next_ + 1] - slice_first_row_;
    ++next_;
    return {first, last};
  }
  const io::TransactionColumns& slice() const { return rows_; }
  std::int32_t product(std::int64_t r) const { return product_[rows_.product[r]]; }
  // Quantity and spend decide the order only between rows equal in day, basket and product:
  // read for the slice on first use (rare: a late row of a stored basket, a repeat).
  float quantity(std::int64_t r) {
    if (rows_.quantity.empty())
      rows_.quantity = segment_.file.read_quantity_rows(slice_first_row_, slice_rows_);
    return rows_.quantity[r];
  }
  float spend(std::int64_t r) {
    if (rows_.spend.empty()) rows_.spend = segment_.file.read_spend_rows(slice_first_row_, slice_rows_);
    return rows_.spend[r];
  }
  // Whether row r of this cursor comes before row s of `other` in store order.
  bool precedes(std::int64_t r, SegmentCursor& other, std::int64_t s) {
    const auto mine = std::tuple(rows_.day[r], rows_.basket[r], product(r));
    const auto theirs = std::tuple(other.rows_.day[s], other.rows_.basket[s], other.product(s));
    if (mine != theirs) return mine < theirs;
    return std::tuple(quantity(r), spend(r)) < std::tuple(other.quantity(s), other.spend(s));
  }
  std::int64_t version(std::int64_t r) const {
    return segment_.store_version_of(per_row_versions_ ? rows_.batch[r] : 1);
  }

 private:
  void load_slice() {
    slice_end_ = next_ + 1;
    while (slice_end_ < end_ && offsets_[slice_end_ + 1] - offsets_[next_] <= kSliceRows) ++slice_end_;
    slice_first_row_ = offsets_[next_];
    slice_rows_ = offsets_[slice_end_] - slice_first_row_;
    const io::FetchedHistory fetched = segment_.file.fetch_history_rows(
        slice_first_row_, slice_rows_, {.spend = with_spend_, .batch = per_row_versions_});
    rows_.quantity.clear();
    if (!with_spend_) rows_.spend.clear();
    io::decode_history_rows(fetched, rows_);
    io::check_product_indices(rows_, static_cast<std::int64_t>(product_.size()), segment_.file.path(),
                              slice_first_row_);
  }

  const io::Segment& segment_;
  bool per_row_versions_, with_spend_;
  std::vector<std::int64_t> ids_, offsets_;
  std::vector<std::int32_t> product_;
  std::int64_t next_ = 0, end_ = 0;
  std::int64_t slice_end_ = 0, slice_first_row_ = 0, slice_rows_ = 0;
  io::TransactionColumns rows_;
};
}  // namespace

engine::HistoryBlock load_segmented_history(const io::StoreReader& head, engine::Range range,
                                            std::int64_t upper_bound_rows, std::int32_t spend_up_to,
                                            std::vector<double>* spend) {
  const io::StoreSummary& summary = head.summary();
  const std::vector<io::BatchRecord>& batches = summary.batches;
  const std::int64_t as_of_version = head.pinned_version();
  const std::vector<std::int64_t> households = head.households().id;
  const std::vector<std::int64_t> products = head.products().id;
  std::vector<io::Segment> segments = io::open_segments(head);
  std::vector<SegmentCursor> cursors;
  std::vector<bool> filtered;  // rows of this cursor need the per-row visibility test
  for (const io::Segment& s : segments) {
    if (!io::any_rows_visible(s, batches, as_of_version)) continue;
    // Rows carry their version only in a segment of several versions (a compacted base).
    cursors.emplace_back(s, households, products, range, s.first_version != s.last_version, spend != nullptr);
    filtered.push_back(!io::all_rows_visible(s, batches, as_of_version));
  }
  const auto visible = [&](std::int64_t version) {
    return batches[static_cast<std::size_t>(version - 1)].visible_at(as_of_version);
  };

  engine::HistoryBlock block(static_cast<std::int32_t>(summary.min_day));
  block.first_household = range.begin;
  block.reserve_rows(upper_bound_rows);
  if (spend) spend->assign(static_cast<std::size_t>(range.size()), 0.0);
  std::vector<std::size_t> holding;
  std::vector<Span> spans;  // the household's rows in each segment holding it, version order
  std::vector<Row> merged;
  std::int64_t previous_basket = 0;
  std::int32_t previous_day = 0;
  for (std::int64_t h = range.begin; h < range.end; ++h) {
    holding.clear();
    for (std::size_t c = 0; c < cursors.size(); ++c)
      if (cursors[c].holds(households[h])) holding.push_back(c);
    double* household_spend = spend ? &(*spend)[h - range.begin] : nullptr;
    spans.clear();
    bool in_order = true;  // the segments' runs follow each other: concatenated, they are sorted
    for (std::size_t c : holding) {
      const auto [first, last] = cursors[c].take_household();
      if (!spans.empty()) {
        const Span& p = spans.back();
        in_order = in_order && cursors[p.cursor].precedes(p.last - 1, cursors[c], first);
      }
      in_order = in_order && !filtered[c];
      spans.push_back({c, first, last});
    }
    if (in_order) {
      // The common case (one segment, or nights after the base): rows already in store order.
      bool household_starts = true;
      for (const Span& span : spans) {
        const SegmentCursor& c = cursors[span.cursor];
        const io::TransactionColumns& rows = c.slice();
        for (std::int64_t r = span.first; r < span.last; ++r) {
          block.add_row(
              rows.day[r], c.product(r),
              io::opens_basket(household_starts, rows.basket[r], rows.day[r], previous_basket, previous_day));
          household_starts = false;
          previous_basket = rows.basket[r];
          previous_day = rows.day[r];
          if (household_spend && rows.day[r] <= spend_up_to) *household_spend += rows.spend[r];
        }
      }
      block.end_household();
      continue;
    }
    merged.clear();
    for (const Span& span : spans) {
      const std::size_t c = span.cursor;
      SegmentCursor& cursor = cursors[c];
      const io::TransactionColumns& rows = cursor.slice();
      for (std::int64_t r = span.first; r < span.last; ++r) {
        const std::int64_t version = cursor.version(r);
        if (filtered[c] && !visible(version)) continue;
        merged.push_back(
            {rows.day[r], rows.basket[r], cursor.product(r), cursor.quantity(r), cursor.spend(r), version});
      }
    }
    std::sort(merged.begin(), merged.end(), [](const Row& a, const Row& b) {
      return std::tie(a.day, a.basket, a.product, a.quantity, a.spend, a.version) <
             std::tie(b.day, b.basket, b.product, b.quantity, b.spend, b.version);
    });
    for (std::size_t i = 0; i < merged.size(); ++i) {
      const Row& row = merged[i];
      if (i > 0 && row.key() == merged[i - 1].key()) continue;  // a repeat of an earlier batch's row
      block.add_row(
          row.day, row.product,
          i == 0 || io::opens_basket(false, row.basket, row.day, merged[i - 1].basket, merged[i - 1].day));
      if (household_spend && row.day <= spend_up_to) *household_spend += row.spend;
    }
    block.end_household();
  }
  return block;
}

}  // namespace basketgap
