// The offline quality lab's dump of the blend's validation fold (BASKETGAP_DUMP_FOLD,
// bench/quality_lab/README.md): per candidate 29 doubles — household id, product index, label,
// the household's distinct products in the fold's window, the features in Feature order.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "engine/candidates.hpp"

namespace basketgap {

// Appends one household's rows; `truth` is its purchases in the fold's window, sorted.
void add_lab_rows(std::int64_t household_id, const std::vector<engine::Candidate>& candidates,
                  const std::vector<std::int32_t>& truth, std::vector<double>& rows);

// Writes the parts' rows in order, published like every output: under a temporary name until
// complete (Error exit_io naming the file if it cannot be written).
void write_lab_rows(const std::string& path, const std::vector<std::vector<double>>& parts);

}  // namespace basketgap
