#include "jobs/append/stored_rows.hpp"

#include <algorithm>

#include "io/spill/spill_file.hpp"
#include "io/store/reader.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/signals.hpp"
#include "jobs/ingest/parse_pass.hpp"

namespace basketgap::append {

std::uint64_t spill_stored_rows(const io::StoreReader& store, const std::string& spill_path,
                                ingest::ParsePass& parsed, const Comm& comm) {
  const std::int64_t total = store.summary().rows;
  const std::int64_t first = total * comm.rank() / comm.size();
  const std::int64_t last = total * (comm.rank() + 1) / comm.size();
  const io::HouseholdTable households = store.households();
  const std::vector<std::int64_t> product_ids = store.products().id;
  io::SpillWriter<ingest::ParsedRecord> writer(spill_path);
  std::vector<char> product_seen(product_ids.size(), 0);
  constexpr std::int64_t kSlice = 1 << 20;  // rows read at once: bounded memory
  for (std::int64_t begin = first; begin < last; begin += kSlice) {
    throw_if_stop_requested("append/stored rows");
    const std::int64_t count = std::min(kSlice, last - begin);
    const io::TransactionColumns rows = store.read_rows(begin, count);
    for (std::int64_t i = 0; i < count; ++i) {
      const auto h = static_cast<std::size_t>(rows.household[i]);
      const auto p = static_cast<std::size_t>(rows.product[i]);
      const std::int64_t id = households.id[h];
      if (parsed.household_rows.empty() || parsed.household_rows.back().id != id)
        parsed.household_rows.push_back({id, 0});
      ++parsed.household_rows.back().count;
      product_seen[p] = 1;
      // Line numbers below any of the file's (>= 1): the stored copy of a repeat is kept.
      writer.push({id, rows.basket[i], product_ids[p], begin + i - total, rows.day[i], rows.quantity[i],
                   rows.spend[i], rows.batch[i]});
    }
  }
  writer.close();
  for (std::size_t p = 0; p < product_seen.size(); ++p)
    if (product_seen[p]) parsed.products.push_back(product_ids[p]);
  return comm.allreduce<std::uint64_t>(static_cast<std::uint64_t>(last - first), ReduceOp::sum);
}

}  // namespace basketgap::append
