#include "jobs/score/second_stage_samples.hpp"

#include <algorithm>
#include <numeric>

#include "jobs/cluster/comm.hpp"

namespace basketgap {

GatheredSamples gather_in_household_order(const SecondStageView& local, const engine::BlendModel& blend,
                                          const Comm& comm, int on_rank) {
  constexpr int kColumns = engine::kFeatureCount;
  std::vector<std::int64_t> group_size(local.group_end.size());
  for (std::size_t g = 0; g < group_size.size(); ++g)
    group_size[g] = static_cast<std::int64_t>(local.group_end[g] - (g == 0 ? 0 : local.group_end[g - 1]));
  const auto features = comm.gatherv_to(on_rank, local.features);
  const auto labels = comm.gatherv_to(on_rank, local.labels);
  const auto sizes = comm.gatherv_to(on_rank, std::span<const std::int64_t>(group_size));
  const auto ids = comm.gatherv_to(on_rank, local.group_id);
  GatheredSamples out;
  if (comm.rank() != on_rank) return out;

  std::vector<std::int64_t> begin(sizes.size() + 1, 0);
  std::partial_sum(sizes.begin(), sizes.end(), begin.begin() + 1);
  std::vector<std::size_t> order(sizes.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) { return ids[a] < ids[b]; });
  out.features.reserve(features.size());
  out.labels.reserve(labels.size());
  out.blend_logit.reserve(labels.size());
  for (std::size_t g : order) {
    for (std::int64_t row = begin[g]; row < begin[g + 1]; ++row) {
      engine::Features f{};
      for (int j = 0; j < kColumns; ++j) {
        const float v = features[static_cast<std::size_t>(row * kColumns + j)];
        out.features.push_back(v);
        f[j] = v;
      }
      out.labels.push_back(labels[static_cast<std::size_t>(row)]);
      out.blend_logit.push_back(blend.linear_logit(f));
    }
    out.group_end.push_back(out.labels.size());
  }
  return out;
}

}  // namespace basketgap
