#include "jobs/score/model_choice.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <optional>
#include <string>
#include <vector>

#include "engine/intervals.hpp"
#include "engine/list_quality.hpp"
#include "engine/logistic_sums.hpp"
#include "jobs/cluster/comm.hpp"

namespace basketgap {
namespace {

// The variants compared, in the order a tie prefers them (the defaults first).
struct Variant {
  bool rerank, popular;
  const char* name;
};
constexpr std::array<Variant, 4> kVariants{
    {{true, true, "the blend and the re-rank"},
     {false, true, "the blend alone"},
     {true, false, "the blend and the re-rank without popular candidates"},
     {false, false, "the blend alone without popular candidates"}}};

// Over the households with a purchase in the window, in fixed point: each variant's NDCG@k
// summed, and the squares of its per-household difference to the variant `base` summed (for the
// interval of that difference); and the count of those households. `models[v]`: variant v's
// blend with or without its re-rank (null: a variant this configuration cannot give).
struct VariantSums {
  std::array<std::int64_t, kVariants.size()> ndcg{}, squared_difference{};
  std::int64_t households = 0;
};

VariantSums sum_variants(const TrainingSample& sample,
                         const std::array<const engine::BlendModel*, kVariants.size()>& models,
                         std::size_t base, int k) {
  VariantSums sums;
  std::array<std::vector<double>, kVariants.size()> logits;
  std::array<std::int64_t, kVariants.size()> household{};
  std::vector<std::size_t> order;
  for (const PackedSamples& set : sample.parts) {
    for (std::size_t g = 0; g < set.group_end.size(); ++g) {
      const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
      if (set.group_truth[g] == 0) continue;
      const float* values = set.values.data() + (g == 0 ? 0 : set.group_values_end[g - 1]);
      for (auto& l : logits) l.clear();
      for (std::size_t i = begin; i < end; ++i) {
        const engine::Features f = engine::unpack_features(set.nonzero[i], values);
        for (std::size_t v = 0; v < kVariants.size(); ++v)
          if (models[v]) logits[v].push_back(models[v]->linear_logit(f));
      }
      const auto labels = std::span(set.labels).subspan(begin, end - begin);
      const auto popular = std::span(set.popular).subspan(begin, end - begin);
      for (std::size_t v = 0; v < kVariants.size(); ++v) {
        if (!models[v]) continue;
        const std::span<const std::uint8_t> left_out =
            kVariants[v].popular ? std::span<const std::uint8_t>() : popular;
        household[v] = engine::to_fixed(
            engine::household_ndcg(logits[v], labels, left_out, set.group_truth[g], k, order));
        sums.ndcg[v] += household[v];
      }
      for (std::size_t v = 0; v < kVariants.size(); ++v) {
        if (!models[v]) continue;
        const double difference = engine::fixed_to_double(household[v] - household[base]);
        sums.squared_difference[v] += engine::to_fixed(difference * difference);
      }
      ++sums.households;
    }
  }
  return sums;
}

// Variant v's mean NDCG@k minus the base's, with its 95 % interval (paired per household).
engine::Difference gain_over_base(const VariantSums& sums, std::size_t v, std::size_t base) {
  return engine::t_interval_of_sums(engine::fixed_to_double(sums.ndcg[v] - sums.ndcg[base]),
                                    engine::fixed_to_double(sums.squared_difference[v]), sums.households);
}

}  // namespace

void choose_on_fit_sample(const TrainingSample& sample, engine::BlendModel& model,
                          const engine::BlendModel* without_popular, const engine::ScoreConfig& config,
                          const Comm& comm) {
  if (!model.learned || !model.trees.empty()) return;  // the trees re-rank the blend's best only
  if (without_popular && !without_popular->learned) without_popular = nullptr;
  // Each variant's model: the blend with or without its re-rank, of the fit with or without the
  // popular candidates (none where this configuration cannot give it), and its scoring weights.
  std::array<std::optional<engine::BlendModel>, kVariants.size()> models;
  std::array<engine::BlendModel, kVariants.size()> weights;
  std::array<const engine::BlendModel*, kVariants.size()> judged{};
  for (std::size_t v = 0; v < kVariants.size(); ++v) {
    const engine::BlendModel& fitted = !kVariants[v].popular && without_popular ? *without_popular : model;
    if (kVariants[v].rerank && !fitted.rerank.fitted) continue;
    if (!kVariants[v].popular && config.popular_candidates == 0) continue;
    models[v] = fitted;
    if (!kVariants[v].rerank) models[v]->rerank = {};
    weights[v] = models[v]->scoring();
    judged[v] = &weights[v];
  }
  // The defaults: the blend with its re-rank (when fitted) and the popular candidates.
  const std::size_t base = model.rerank.fitted ? 0 : 1;
  VariantSums sums = sum_variants(sample, judged, base, config.k);
  comm.allreduce_inplace<std::int64_t>(sums.ndcg, ReduceOp::sum);
  comm.allreduce_inplace<std::int64_t>(sums.squared_difference, ReduceOp::sum);
  sums.households = comm.allreduce(sums.households, ReduceOp::sum);
  const std::int64_t households = sums.households;
  if (households == 0) return;
  // Another variant only when it ranks the households clearly better than the defaults (the 95 %
  // interval of its paired gain above 0, as evaluate --tune keeps a change): a gain inside the
  // noise of one fold would flip the night's coupons for nothing. Among those, the best; a tie
  // keeps the earlier.
  std::size_t best = base;
  for (std::size_t v = 0; v < kVariants.size(); ++v)
    if (judged[v] && v != base && gain_over_base(sums, v, base).ci_low > 0 && sums.ndcg[v] > sums.ndcg[best])
      best = v;
  const auto mean = [&](std::size_t v) { return engine::fixed_to_double(sums.ndcg[v]) / households; };
  if (comm.is_root()) {
    // "the blend 0.2322, with the re-rank 0.2372; without popular candidates (refitted) 0.2323 and 0.2372"
    std::string line =
        fmt::format("score/fit/choice: NDCG@{} of the fit's {} households with a purchase: the blend {:.4f}",
                    config.k, households, mean(1));
    if (judged[0]) line += fmt::format(", with the re-rank {:.4f}", mean(0));
    if (judged[3]) {
      line +=
          fmt::format("; without popular candidates{} {:.4f}", without_popular ? " (refitted)" : "", mean(3));
      if (judged[2]) line += fmt::format(" and {:.4f}", mean(2));
    }
    spdlog::info("{}", line);
  }
  // Too few to tell one ranking from another, or to fit 25 weights well: said, not refused (a
  // small shop still gets the blend of its own data).
  constexpr std::int64_t kFewHouseholds = 100;
  if (households < kFewHouseholds && comm.is_root())
    spdlog::warn(
        "score/fit: only {} households bought something in the validation window: the blend's weights and "
        "these choices rest on few purchases (more history, or a longer validation_window_days, gives more)",
        households);
  if (best != base && comm.is_root()) {
    const engine::Difference gain = gain_over_base(sums, best, base);
    spdlog::warn(
        "score/fit/choice: {} ranks them best, {:+.4f} (95% CI {:+.4f} to {:+.4f}) over the defaults: "
        "it scores tonight (docs/SCORING.md \"fit\")",
        kVariants[best].name, gain.estimate, gain.ci_low, gain.ci_high);
  }
  model = *models[best];
  model.popular_candidates = kVariants[best].popular;
}

}  // namespace basketgap
