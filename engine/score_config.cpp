#include "engine/score_config.hpp"

#include <sstream>

namespace basketgap::engine {

const char* similarity_name(SimilarityMeasure m) {
  switch (m) {
    case SimilarityMeasure::cosine:
      return "cosine";
    case SimilarityMeasure::jaccard:
      return "jaccard";
    case SimilarityMeasure::llr:
      return "llr";
  }
  return "unknown";
}

std::string ScoreConfig::describe() const {
  std::ostringstream s;
  s << "[score]\n"
    << "k = " << k << "\n"
    << "half_life_days = " << half_life_days << "\n"
    << "short_half_life_days = " << short_half_life_days << "\n"
    << "min_purchases_for_cycle = " << min_purchases_for_cycle << "\n"
    << "win_back_ratio = " << win_back_ratio << "\n"
    << "due_ratio = " << due_ratio << "\n"
    << "similarity = \"" << similarity_name(measure) << "\"\n"
    << "similarity_window_days = " << similarity_window_days << "\n"
    << "max_products_per_household = " << max_products_per_household << "\n"
    << "similarity_households = " << similarity_households << "\n"
    << "neighbours = " << neighbours << "\n"
    << "min_co_households = " << min_co_households << "\n"
    << "pair_batch = " << pair_batch << "\n"
    << "cross_sell_candidates = " << cross_sell_candidates << "\n"
    << "cross_sell_triggers = " << cross_sell_triggers << "\n"
    << "popular_candidates = " << popular_candidates << "\n"
    << "popularity_window_days = " << popularity_window_days << "\n"
    << "learn_blend = " << (learn_blend ? "true" : "false") << "\n"
    << "validation_window_days = " << validation_window_days << "\n"
    << "max_training_households = " << max_training_households << "\n"
    << "l2 = " << l2 << "\n"
    << "reward_slots = " << reward_slots << "\n"
    << "discovery_slots = " << discovery_slots << "\n";
  return s.str();
}

}  // namespace basketgap::engine
