#include "jobs/score/model_choice.hpp"

#include <spdlog/spdlog.h>

#include <array>
#include <optional>
#include <string>
#include <vector>

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

// Each variant's NDCG@k summed over the households with a purchase in the window, in fixed point;
// and the count of those households (last). `models[v]`: variant v's blend with or without its
// re-rank (null: a variant this configuration cannot give).
std::array<std::int64_t, kVariants.size() + 1> sum_variants(
    const TrainingSample& sample, const std::array<const engine::BlendModel*, kVariants.size()>& models,
    int k) {
  std::array<std::int64_t, kVariants.size() + 1> sums{};
  std::array<std::vector<double>, kVariants.size()> logits;
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
        sums[v] += engine::to_fixed(
            engine::household_ndcg(logits[v], labels, left_out, set.group_truth[g], k, order));
      }
      ++sums[kVariants.size()];
    }
  }
  return sums;
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
  std::array<std::int64_t, kVariants.size() + 1> sums = sum_variants(sample, judged, config.k);
  for (std::int64_t& s : sums) s = comm.allreduce(s, ReduceOp::sum);
  const std::int64_t households = sums[kVariants.size()];
  if (households == 0) return;
  // Only the variants this configuration can give; a tie keeps the earlier.
  std::size_t best = model.rerank.fitted ? 0 : 1;
  for (std::size_t v = 0; v < kVariants.size(); ++v)
    if (judged[v] && sums[v] > sums[best]) best = v;
  const auto mean = [&](std::size_t v) { return engine::fixed_to_double(sums[v]) / households; };
  if (comm.is_root()) {
    // "the blend 0.2322, with the re-rank 0.2372; without popular candidates (refitted) 0.2322 and 0.2371"
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
  // Too few to tell one ranking from another, or to fit 24 weights well: said, not refused (a
  // small shop still gets the blend of its own data).
  constexpr std::int64_t kFewHouseholds = 100;
  if (households < kFewHouseholds && comm.is_root())
    spdlog::warn(
        "score/fit: only {} households bought something in the validation window: the blend's weights and "
        "these choices rest on few purchases (more history, or a longer validation_window_days, gives more)",
        households);
  const std::size_t first_choice = model.rerank.fitted ? 0 : 1;
  if (best != first_choice && comm.is_root())
    spdlog::warn("score/fit/choice: {} ranks them best: it scores tonight (docs/SCORING.md \"fit\")",
                 kVariants[best].name);
  model = *models[best];
  model.popular_candidates = kVariants[best].popular;
}

}  // namespace basketgap
