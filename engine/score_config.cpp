#include "engine/score_config.hpp"

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

const char* ranker_name(Ranker r) {
  switch (r) {
    case Ranker::linear:
      return "linear";
    case Ranker::trees:
      return "trees";
    case Ranker::pairwise_linear:
      return "pairwise_linear";
  }
  return "unknown";
}

const char* tree_objective_name(TreeObjective o) {
  return o == TreeObjective::pairwise ? "pairwise" : "logistic";
}

const char* category_level_name(CategoryLevel l) {
  switch (l) {
    case CategoryLevel::none:
      return "none";
    case CategoryLevel::commodity:
      return "commodity";
    case CategoryLevel::sub_commodity:
      return "sub_commodity";
  }
  return "unknown";
}

}  // namespace basketgap::engine
