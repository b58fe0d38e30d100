// The transaction fast path for a line followed by at least 64 readable bytes (the lines of
// LineRangeReader): a line of at most 64 bytes is located with two 32-byte loads (AVX2, checked
// at run time) and its integer and decimal fields are converted 16 digits at a time, without a
// loop over the characters. Anything else — a longer line, 17-18 digit integers, a CPU without
// AVX2 — goes to parse_plain_transaction_line, and from there to the general path; so it accepts
// only what those accept, with the same values. The plain path's character loops were ~60 ns
// of the ~130 ns a line took in ingest's parse stage.
#pragma once

#include <string_view>

#include "io/csv/transaction_row.hpp"

namespace basketgap::io {

struct ResolvedSchema;

// `line` must be followed by 64 readable bytes (their values do not matter).
bool parse_padded_transaction_line(std::string_view line, const ResolvedSchema& schema, TransactionRow& row);

}  // namespace basketgap::io
