#include "jobs/ingest/transactions_input.hpp"

#include <utility>

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"

namespace basketgap::ingest {

IngestConfig read_ingest_config(const std::string& config_path) {
  try {
    return load_config(config_path).ingest;
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
}

TransactionsInput open_transactions(const std::string& transactions, IngestConfig config) {
  TransactionsInput in;
  in.config = std::move(config);
  try {
    in.schema = io::resolve_schema(io::read_first_line(transactions), in.config.columns, transactions);
    in.bytes = io::file_size(transactions);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  return in;
}

}  // namespace basketgap::ingest
