// How well one ranking of a household's candidates would have done: the NDCG@K that evaluate
// computes, on the fit's own samples (labels = bought in the validation window). score uses it
// to choose between parts of its model on the data it was fitted on (jobs/score/model_choice).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace basketgap::engine {

// NDCG@k of the candidates ranked by `logits`, highest first (ties: the earlier candidate),
// leaving out those with `left_out[i]` != 0 (empty: none). `truth_size` is the number of
// distinct products bought in the window, candidates or not: the ideal list's length is
// min(truth_size, k). 0 when truth_size is 0.
double household_ndcg(std::span<const double> logits, std::span<const std::uint8_t> labels,
                      std::span<const std::uint8_t> left_out, std::int64_t truth_size, int k,
                      std::vector<std::size_t>& order_scratch);

}  // namespace basketgap::engine
