#include "jobs/ingest/provenance.hpp"

#include <filesystem>
#include <utility>

#include "jobs/ingest/dictionaries.hpp"
#include "jobs/ingest/parse_pass.hpp"
#include "jobs/ingest/sort_pass.hpp"

namespace basketgap::ingest {

io::StoreProvenance store_provenance(const IngestOptions& o, std::uint64_t input_bytes,
                                     const io::ColumnMapping& columns, const ParsePass& parsed,
                                     const Dictionaries& dictionaries, const SortPass& sorted) {
  io::StoreProvenance p;
  p.counts.rows = sorted.rows;
  p.counts.households = static_cast<std::int64_t>(dictionaries.household_ids.size());
  p.counts.products = static_cast<std::int64_t>(dictionaries.product_ids.size());
  p.counts.baskets = sorted.basket_total;
  p.counts.min_day = sorted.min_day;
  p.counts.max_day = sorted.max_day;
  p.counts.input_data_lines = parsed.data_lines;
  p.counts.rejected_lines = parsed.budgeted_rejects;
  p.counts.return_lines = parsed.return_lines;
  p.counts.duplicate_lines = sorted.duplicate_lines;
  p.counts.blank_lines = parsed.blank_lines;
  p.sources = store_sources(o, input_bytes, io::transactions_checksum(parsed.block_hashes), columns);
  return p;
}

io::StoreSources store_sources(const IngestOptions& o, std::uint64_t input_bytes,
                               std::string transactions_xxh3, const io::ColumnMapping& columns) {
  io::StoreSources s;
  s.transactions = o.transactions;
  s.transactions_bytes = input_bytes;
  s.transactions_xxh3 = std::move(transactions_xxh3);
  s.products = o.products;
  s.products_xxh3 = io::side_file_checksum(o.products);
  s.households = o.households;
  s.households_xxh3 = io::side_file_checksum(o.households);
  s.column_mapping = io::column_mapping_text(columns);
  return s;
}

io::BatchRecord new_batch(std::int64_t version, const io::StoreSources& sources, const ParsePass& parsed,
                          const SortPass& sorted, std::string fingerprint) {
  io::BatchRecord b;
  b.version = version;
  b.source = std::filesystem::path(sources.transactions).filename().string();
  b.source_xxh3 = sources.transactions_xxh3;
  b.rows = sorted.file_rows;
  b.rejected_lines = parsed.budgeted_rejects;
  b.first_day = sorted.file_rows > 0 ? sorted.file_min_day : 0;
  b.last_day = sorted.file_rows > 0 ? sorted.file_max_day : 0;
  b.utc_time = io::utc_now();
  b.fingerprint = std::move(fingerprint);
  return b;
}

}  // namespace basketgap::ingest
