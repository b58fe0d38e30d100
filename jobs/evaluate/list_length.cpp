#include "jobs/evaluate/list_length.hpp"

#include <spdlog/spdlog.h>

#include "jobs/config/config_rules.hpp"

namespace basketgap::evaluate {

int judged_list_length(JobConfig& settings, int k_option, const std::string& config_path, bool engine_scores,
                       bool log) {
  engine::ScoreConfig& score = settings.score;
  if (k_option == 0) return score.k;
  if (engine_scores) {
    engine::ScoreConfig judged = score;  // the slot rule for the lists judged; the file's k stays
    override_k(judged, k_option, config_path);
  }
  if (!settings.gives("score.k")) {
    score.k = k_option;
  } else if (score.k != k_option && log && engine_scores) {
    spdlog::warn(
        "evaluate: {} sets k = {} coupons per household, --k judges lists of {}; --tuned-config keeps "
        "k = {} (drop --k to judge what the file's nights mail)",
        config_path, score.k, k_option, score.k);
  }
  return k_option;
}

}  // namespace basketgap::evaluate
