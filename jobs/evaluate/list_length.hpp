// The list length `evaluate` judges (K): --k when given, else the --config file's k, so that a
// backtest and a tuned configuration keep the coupon count of the campaign the file describes.
#pragma once

#include <string>

#include "jobs/config/job_config.hpp"

namespace basketgap::evaluate {

// K from `k_option` (0 = --k not given) or settings.score.k (12 without the key). When the file
// sets score.k and --k differs, --k is judged and the file's k is kept in `settings` (what
// --tuned-config writes), with a warning when `log`; without the key settings.score.k follows
// --k. When the engine scores (`engine_scores`), a --k below the file's reward_slots +
// discovery_slots is a UsageError naming `config_path` (as in score).
int judged_list_length(JobConfig& settings, int k_option, const std::string& config_path, bool engine_scores,
                       bool log);

}  // namespace basketgap::evaluate
