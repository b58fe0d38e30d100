#include "jobs/ingest/transactions_input.hpp"

#include "io/csv/line_reader.hpp"
#include "io/errors.hpp"

namespace basketgap::ingest {

TransactionsInput open_transactions(const std::string& transactions, const std::string& config_path) {
  TransactionsInput in;
  try {
    in.config = load_config(config_path).ingest;
    in.schema = io::resolve_schema(io::read_first_line(transactions), in.config.columns, transactions);
    in.bytes = io::file_size(transactions);
  } catch (Error& e) {
    e.raised_on_all_ranks();
    throw;
  }
  return in;
}

}  // namespace basketgap::ingest
