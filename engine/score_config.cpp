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

}  // namespace basketgap::engine
