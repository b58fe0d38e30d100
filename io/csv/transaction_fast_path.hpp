// The fast path of parse_transaction_line: a line whose fields are all plain (no quotes, no
// spaces, plain digits, day numbers, quantity > 0) is located with SSE2 and parsed without
// building a field vector. Anything else returns false and takes the general path, which
// decides the outcome and the error message: the fast path only accepts what the general path
// accepts, with the same values. It was ~60% of the parse time.
#pragma once

#include <string_view>

#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

struct ResolvedSchema;

bool parse_plain_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row);

// Shared with the general path, so both give the same values for the same text.
bool plain_integer(std::string_view text, std::int64_t& out);
bool plain_decimal(std::string_view text, double& out);

}  // namespace basketgap::io
