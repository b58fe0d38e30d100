// One axis of evaluate --tune's coordinate search (engine_lists.hpp tune): the options of one
// setting (half-lives, similarity, ranker, ...), each tried on the configuration the axis
// starts from and kept only when it beats the axis's best so far clearly.
#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "engine/score_config.hpp"
#include "jobs/evaluate/engine_lists.hpp"

namespace basketgap::evaluate {

struct AxisOption {
  std::string label;  // e.g. "half_life_days = 60"
  std::function<void(engine::ScoreConfig&)> apply;
};

// Per household (and window): the validation NDCG of a configuration.
using Judge = std::function<std::vector<double>(const engine::ScoreConfig&)>;

// Judges each option that changes `start` in turn; one is kept when the 95 % interval of its
// gain over the axis's best so far (paired per household with `start_ndcg`'s households) lies
// above 0, and supersedes an earlier kept one (whose step is marked not kept). Appends a step
// per judged option and logs it when `log`. Returns the axis's best and its NDCG.
std::pair<engine::ScoreConfig, std::vector<double>> search_axis(const std::vector<AxisOption>& axis,
                                                                const engine::ScoreConfig& start,
                                                                const std::vector<double>& start_ndcg,
                                                                const Judge& judge,
                                                                std::vector<TuningStep>& steps, bool log);

}  // namespace basketgap::evaluate
