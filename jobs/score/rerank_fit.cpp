#include "jobs/score/rerank_fit.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobs/cluster/comm.hpp"

namespace basketgap {
namespace {

// The re-rank's households, a sample of the blend's: a hash key no fold of the blend uses.
constexpr int kRerankSampleKey = 101;

// Every rank's samples gathered in household-id order (the same pairs in the same order for any
// rank count), fitted in one thread on rank 0, broadcast. Not fitted when no household has both
// a bought and a not-bought candidate (the blend ranks alone, said in the log). Collective.
engine::PairwiseRerank fit_rerank(const SecondStageView& local, const engine::BlendModel& blend,
                                  const engine::ScoreConfig& config, const Comm& comm) {
  const GatheredSamples gathered = gather_in_household_order(local, blend, comm);
  engine::PairwiseRerank rerank;
  std::string failure;
  if (comm.is_root()) {
    try {
      const engine::PairwiseFit fit = engine::fit_pairwise_rerank(
          {gathered.features, gathered.labels, gathered.group_end, gathered.blend_logit}, config.rerank_l2);
      rerank = fit.rerank;
      if (rerank.fitted)
        spdlog::info("score/fit/rerank: {} pairs of {} households, {} Newton steps", fit.pairs,
                     gathered.group_end.size(), fit.steps);
      else
        spdlog::warn(
            "score/fit/rerank: no household has a bought and a not-bought candidate; the "
            "blend ranks alone");
    } catch (const std::exception& e) {
      failure = e.what();
    }
  }
  comm.broadcast(failure);
  if (!failure.empty()) throw std::runtime_error("score/fit/rerank: " + failure);
  // The weights and the fitted flag, as rank 0 has them.
  std::vector<double> sent(rerank.weights.begin(), rerank.weights.end());
  sent.push_back(rerank.fitted ? 1.0 : 0.0);
  comm.broadcast(sent);
  for (int f = 0; f < engine::kFeatureCount; ++f) rerank.weights[f] = sent[static_cast<std::size_t>(f)];
  rerank.fitted = sent[engine::kFeatureCount] != 0;
  return rerank;
}

}  // namespace

engine::PairwiseRerank fit_rerank_on_blend_sample(const TrainingSample& sample,
                                                  const engine::BlendModel& blend,
                                                  const engine::ScoreConfig& config, const Comm& comm) {
  std::vector<std::int64_t> households;
  for (const PackedSamples& part : sample.parts)
    households.insert(households.end(), part.group_id.begin(), part.group_id.end());
  const HouseholdSample drawn = HouseholdSample::draw(households, config.rerank_training_households,
                                                      training_sample_seed(kRerankSampleKey), comm);
  const TrainingSet best = best_by_blend(sample, blend, config.rerank_candidates, drawn);
  return fit_rerank({best.features, best.labels, best.group_end, best.group_id}, blend, config, comm);
}

}  // namespace basketgap
