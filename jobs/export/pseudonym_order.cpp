#include "jobs/export/pseudonym_order.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string_view>

#include "io/export/rows.hpp"
#include "io/export/sink.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/export/blocks.hpp"

namespace basketgap::exporting {
namespace {

constexpr std::size_t kPseudonymDigits = 32;  // io::pseudonym: 128 bits in hex

// A household in the global order: its pseudonym, then where it lives (ties only between equal
// pseudonyms, which distinct ids do not give; they keep the order total all the same).
struct OrderKey {
  std::array<char, kPseudonymDigits> pseudonym;
  std::int32_t rank;
  std::int32_t index;
  friend bool operator<(const OrderKey& a, const OrderKey& b) {
    const int c = std::memcmp(a.pseudonym.data(), b.pseudonym.data(), kPseudonymDigits);
    if (c != 0) return c < 0;
    return a.rank != b.rank ? a.rank < b.rank : a.index < b.index;
  }
};

// The place of each of this rank's households in the order of all ranks' households.
std::vector<std::size_t> places_in_order(const std::vector<MailedHousehold>& mine, std::size_t* total,
                                         const Comm& comm) {
  std::vector<OrderKey> keys(mine.size());
  for (std::size_t i = 0; i < mine.size(); ++i) {
    if (mine[i].id.size() != kPseudonymDigits)
      throw std::logic_error("export: a pseudonym of " + std::to_string(mine[i].id.size()) + " characters");
    std::memcpy(keys[i].pseudonym.data(), mine[i].id.data(), kPseudonymDigits);
    keys[i].rank = comm.rank();
    keys[i].index = static_cast<std::int32_t>(i);
  }
  std::vector<OrderKey> all = comm.allgatherv<OrderKey>(keys);
  std::sort(all.begin(), all.end());
  std::vector<std::size_t> place(mine.size());
  for (std::size_t i = 0; i < all.size(); ++i)
    if (all[i].rank == comm.rank()) place[static_cast<std::size_t>(all[i].index)] = i;
  *total = all.size();
  return place;
}

}  // namespace

std::string blocks_in_pseudonym_order(std::vector<MailedHousehold> mine, const io::ExportManifest& m,
                                      const Comm& comm, std::size_t round_bytes_limit) {
  if (mine.size() > static_cast<std::size_t>(INT32_MAX))
    throw std::length_error("export: more than 2^31 mailed households on one rank");
  std::size_t total = 0;
  const std::vector<std::size_t> place = places_in_order(mine, &total, comm);

  // Who owns which places: the blocks of `total` mailed households split as slice_of_rank does.
  std::vector<std::size_t> first_place(static_cast<std::size_t>(comm.size()) + 1, total);
  for (int r = 0; r < comm.size(); ++r)
    first_place[static_cast<std::size_t>(r)] = slice_of_rank(total, r, comm.size()).first_row;
  const auto owner = [&](std::size_t p) {
    return static_cast<std::size_t>(std::upper_bound(first_place.begin(), first_place.end() - 1, p) -
                                    first_place.begin() - 1);
  };

  // Send each household's rows, with its place and length, to the owner of its place: in rounds
  // of at most round_bytes_limit a rank (MPI counts in 32 bits), as many rounds on every rank.
  std::vector<std::size_t> by_place(mine.size());
  for (std::size_t i = 0; i < mine.size(); ++i) by_place[i] = i;
  std::sort(by_place.begin(), by_place.end(),
            [&](std::size_t a, std::size_t b) { return place[a] < place[b]; });
  // Every rank may send its round to one rank: what a rank receives in a round stays within
  // round_bytes_limit when each sends at most its share of it.
  const std::size_t per_rank_limit =
      std::max<std::size_t>(1, round_bytes_limit / static_cast<std::size_t>(comm.size()));
  std::vector<std::size_t> round_ends;  // ends in by_place
  std::size_t round_bytes = 0;
  for (std::size_t k = 0; k < by_place.size(); ++k) {
    const std::size_t size = mine[by_place[k]].rows.size();
    if (round_bytes > 0 && round_bytes + size > per_rank_limit) {
      round_ends.push_back(k);
      round_bytes = 0;
    }
    round_bytes += size;
  }
  round_ends.push_back(by_place.size());
  const auto rounds =
      static_cast<std::size_t>(comm.allreduce(static_cast<std::int64_t>(round_ends.size()), ReduceOp::max));

  const Slice own = slice_of_rank(total, comm.rank(), comm.size());
  const std::size_t ranks = static_cast<std::size_t>(comm.size());
  std::vector<std::vector<char>> received(rounds);  // kept: rows_at points into them
  std::vector<std::string_view> rows_at(own.rows);
  std::size_t begin = 0;
  for (std::size_t round = 0; round < rounds; ++round) {
    const std::size_t end = round < round_ends.size() ? round_ends[round] : begin;
    std::vector<std::int64_t> byte_counts(ranks, 0), entry_counts(ranks, 0);
    std::string bytes;
    std::vector<std::int64_t> entries;  // (place, length) pairs
    for (std::size_t k = begin; k < end; ++k) {
      const std::size_t i = by_place[k];
      const std::size_t to = owner(place[i]);
      byte_counts[to] += static_cast<std::int64_t>(mine[i].rows.size());
      entry_counts[to] += 2;
      bytes += mine[i].rows;
      entries.push_back(static_cast<std::int64_t>(place[i]));
      entries.push_back(static_cast<std::int64_t>(mine[i].rows.size()));
      mine[i].rows = std::string();  // memory back as it is copied
    }
    begin = end;
    received[round] = comm.alltoallv<char>(bytes, byte_counts);
    const std::vector<std::int64_t> arrived = comm.alltoallv<std::int64_t>(entries, entry_counts);
    // This rank's places, each with its rows (the ranks' parts arrive in rank order).
    std::size_t offset = 0;
    for (std::size_t e = 0; e + 1 < arrived.size(); e += 2) {
      const auto p = static_cast<std::size_t>(arrived[e]);
      const auto length = static_cast<std::size_t>(arrived[e + 1]);
      if (p < own.first_row || p >= own.first_row + own.rows || offset + length > received[round].size())
        throw std::logic_error("export: a household's rows sent to a rank that does not own its place");
      rows_at[p - own.first_row] = std::string_view(received[round].data() + offset, length);
      offset += length;
    }
  }

  std::string out, text;
  for (std::size_t block = own.first_block; block < own.end_block; ++block) {
    text = block == 0 ? io::export_header(m.layout) : std::string();
    const std::size_t first = (block - own.first_block) * kBlockHouseholds;
    const std::size_t end = std::min(first + kBlockHouseholds, own.rows);
    for (std::size_t p = first; p < end; ++p) text += rows_at[p];
    if (!m.gzip)
      out += text;
    else if (block == 0 || !text.empty())  // block 0: a gzip file even when it is empty
      io::append_gzip_member(text, out);
  }
  return out;
}

}  // namespace basketgap::exporting
