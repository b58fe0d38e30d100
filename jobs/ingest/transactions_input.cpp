#include "jobs/ingest/transactions_input.hpp"

#include <fstream>
#include <utility>

#include "io/csv/line_reader.hpp"
#include "io/csv/transaction_schema.hpp"
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

bool has_purchase_lines(const std::string& transactions, const io::ResolvedSchema& schema) {
  std::ifstream in(transactions, std::ios::binary);
  if (!in) throw Error(exit_no_input, transactions + ": cannot read");
  std::string line;
  std::getline(in, line);  // the header
  io::TransactionRow row;
  io::ParseError error;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;  // blank
    if (io::parse_transaction_line(line, schema, row, error) || error.reason != io::RejectReason::return_line)
      return true;
  }
  return false;
}

}  // namespace basketgap::ingest
