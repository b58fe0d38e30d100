#include "jobs/score/training_set.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <bit>
#include <string>

#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"
#include "jobs/score/lab_dump.hpp"

namespace basketgap {
namespace {

using engine::Candidate;
using engine::HistoryBlock;
using engine::ScoreConfig;

TrainingSample collect_training(const ScoringInput& in, const engine::ScoringContext& context,
                                std::int32_t label_end, const HouseholdSample& households,
                                const ScoreConfig& config, bool log, const std::string& dump_path) {
  const HistoryBlock& block = *in.block;
  struct Local {
    engine::CandidateScratch scratch;
    std::vector<Candidate> candidates;
    std::vector<std::int32_t> truth;
  };
  // Households in fixed chunks so the order of the parts does not depend on
  // threads; batches of chunks so the main thread can log progress between them.
  const std::int64_t chunk = 512, batch = 32;
  const std::int64_t chunks = (block.households() + chunk - 1) / chunk;
  TrainingSample sample;
  sample.parts.resize(static_cast<std::size_t>(chunks));
  tbb::enumerable_thread_specific<Local> locals;
  std::vector<std::vector<double>> lab_rows(dump_path.empty() ? 0 : static_cast<std::size_t>(chunks));
  Progress progress("score/fit/samples", static_cast<std::uint64_t>(block.households()),
                    "households on rank 0", log);
  for (std::int64_t first = 0; first < chunks; first += batch) {
    const std::int64_t last = std::min(chunks, first + batch);
    tbb::parallel_for(first, last, [&](std::int64_t c) {
      Local& l = locals.local();
      PackedSamples& out = sample.parts[static_cast<std::size_t>(c)];
      for (std::int64_t h = c * chunk; h < std::min(block.households(), (c + 1) * chunk); ++h) {
        if (!has_history(block, h, context.as_of)) continue;
        if (!households.includes((*in.household_ids)[h])) continue;
        l.truth.clear();
        for (std::int64_t r = block.begin(h); r < block.end(h); ++r)
          if (block.day(r) > context.as_of && block.day(r) <= label_end) l.truth.push_back(block.product(r));
        std::sort(l.truth.begin(), l.truth.end());
        l.truth.erase(std::unique(l.truth.begin(), l.truth.end()), l.truth.end());
        engine::build_candidates(block, h, context, config, l.candidates, l.scratch);
        if (!lab_rows.empty())
          add_lab_rows((*in.household_ids)[h], l.candidates, l.truth, lab_rows[static_cast<std::size_t>(c)]);
        for (const Candidate& cand : l.candidates) {
          float row[engine::kFeatureCount];
          for (int i = 0; i < engine::kFeatureCount; ++i) row[i] = static_cast<float>(cand.features[i]);
          out.nonzero.push_back(engine::pack_features(row, out.values));
          out.labels.push_back(std::binary_search(l.truth.begin(), l.truth.end(), cand.product));
          out.popular.push_back(engine::is_popular_candidate(cand));
        }
        out.group_end.push_back(out.labels.size());
        out.group_truth.push_back(static_cast<std::int32_t>(l.truth.size()));
        out.group_values_end.push_back(out.values.size());
        out.group_id.push_back((*in.household_ids)[h]);
      }
      // Exact sizes: the growth's spare capacity, freed, is reused by the next parts.
      out.values.shrink_to_fit();
      out.nonzero.shrink_to_fit();
      out.labels.shrink_to_fit();
      out.popular.shrink_to_fit();
    });
    progress.update(static_cast<std::uint64_t>(std::min(block.households(), last * chunk)));
  }
  if (!dump_path.empty()) write_lab_rows(dump_path, lab_rows);
  std::erase_if(sample.parts, [](const PackedSamples& part) { return part.group_end.empty(); });
  return sample;
}

}  // namespace

TrainingSample without_popular(const TrainingSample& sample) {
  TrainingSample out;
  out.parts.resize(sample.parts.size());
  tbb::parallel_for(std::size_t{0}, sample.parts.size(), [&](std::size_t p) {
    const PackedSamples& from = sample.parts[p];
    PackedSamples& to = out.parts[p];
    // Popular candidates are a few of each household's: sized for all, no regrowth.
    to.values.reserve(from.values.size());
    to.nonzero.reserve(from.nonzero.size());
    to.labels.reserve(from.labels.size());
    to.popular.reserve(from.popular.size());
    std::size_t value = 0;  // the sample's first packed value in `from`
    for (std::size_t g = 0, i = 0; g < from.group_end.size(); ++g) {
      for (; i < from.group_end[g]; ++i) {
        const auto count = static_cast<std::size_t>(std::popcount(from.nonzero[i]));
        if (!from.popular[i]) {
          to.values.insert(to.values.end(), from.values.begin() + static_cast<std::ptrdiff_t>(value),
                           from.values.begin() + static_cast<std::ptrdiff_t>(value + count));
          to.nonzero.push_back(from.nonzero[i]);
          to.labels.push_back(from.labels[i]);
          to.popular.push_back(0);
        }
        value += count;
      }
      const std::size_t household_begin = to.group_end.empty() ? 0 : to.group_end.back();
      if (to.labels.size() == household_begin) continue;  // popular candidates only: left out
      to.group_end.push_back(to.labels.size());
      to.group_truth.push_back(from.group_truth[g]);
      to.group_values_end.push_back(to.values.size());
      to.group_id.push_back(from.group_id[g]);
    }
  });
  std::erase_if(out.parts, [](const PackedSamples& part) { return part.group_end.empty(); });
  return out;
}

std::vector<std::int64_t> ids_with_history(const HistoryBlock& block, const std::vector<std::int64_t>& ids,
                                           std::int32_t as_of) {
  std::vector<std::int64_t> out;
  for (std::int64_t h = 0; h < block.households(); ++h)
    if (has_history(block, h, as_of)) out.push_back(ids[static_cast<std::size_t>(h)]);
  return out;
}

std::uint64_t training_sample_seed(int key) { return 0x5eed + static_cast<std::uint64_t>(key - 1); }

void append(TrainingSet& to, const TrainingSet& from) {
  const std::size_t base = to.labels.size();
  to.features.insert(to.features.end(), from.features.begin(), from.features.end());
  to.labels.insert(to.labels.end(), from.labels.begin(), from.labels.end());
  for (std::size_t e : from.group_end) to.group_end.push_back(base + e);
  to.group_id.insert(to.group_id.end(), from.group_id.begin(), from.group_id.end());
  to.group_truth.insert(to.group_truth.end(), from.group_truth.begin(), from.group_truth.end());
}

engine::ScoringContext fold_context(const ScoringInput& in, std::int32_t day, const ScoreConfig& config,
                                    const Comm& comm, PopulationCounts* counted) {
  engine::ScoringContext context =
      build_context(*in.block, day, in.products, config, comm, in.household_ids, counted);
  engine::add_product_facts(context);
  context.categories = engine::category_table(in.product_category, context.recent_households);
  return context;
}

std::size_t TrainingSample::size() const {
  std::size_t n = 0;
  for (const PackedSamples& part : parts) n += part.size();
  return n;
}

std::size_t TrainingSample::households() const {
  std::size_t n = 0;
  for (const PackedSamples& part : parts) n += part.group_end.size();
  return n;
}

TrainingSample training_fold(const ScoringInput& in, const engine::ScoringContext& context,
                             std::int64_t households, const ScoreConfig& config, const Comm& comm,
                             int sample_key, const char* dump_path) {
  const HouseholdSample sample =
      HouseholdSample::draw(ids_with_history(*in.block, *in.household_ids, context.as_of), households,
                            training_sample_seed(sample_key), comm);
  std::string dump = dump_path ? dump_path : "";
  if (!dump.empty() && comm.size() > 1) dump += ".rank" + std::to_string(comm.rank());
  return collect_training(in, context, context.as_of + config.validation_window_days, sample, config,
                          comm.is_root(), dump);
}

// Each household's `count` best samples by the blend's logit (ties: the earlier sample).
TrainingSet best_by_blend(const TrainingSample& sample, const engine::BlendModel& blend, int count,
                          const HouseholdSample& households, bool leave_out_popular) {
  TrainingSet out;
  std::vector<engine::Features> rows;
  std::vector<double> logits;
  std::vector<std::int32_t> position;
  for (const PackedSamples& set : sample.parts) {
    for (std::size_t g = 0; g < set.group_end.size(); ++g) {
      if (!households.includes(set.group_id[g])) continue;
      const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
      const float* values = set.values.data() + (g == 0 ? 0 : set.group_values_end[g - 1]);
      rows.clear();
      logits.clear();
      position.clear();
      for (std::size_t i = begin; i < end; ++i) {
        if (leave_out_popular && set.popular[i]) continue;
        const engine::Features f = engine::unpack_features(set.nonzero[i], values);
        rows.push_back(f);
        logits.push_back(blend.linear_logit(f));
        position.push_back(static_cast<std::int32_t>(i - begin));
      }
      std::vector<std::size_t> keep =
          engine::best_by_logit(logits, position, static_cast<std::size_t>(count));
      std::sort(keep.begin(), keep.end());
      for (std::size_t k : keep) {
        for (double v : rows[k]) out.features.push_back(static_cast<float>(v));
        out.labels.push_back(set.labels[begin + static_cast<std::size_t>(position[k])]);
      }
      out.group_end.push_back(out.labels.size());
      out.group_id.push_back(set.group_id[g]);
      out.group_truth.push_back(set.group_truth[g]);
    }
  }
  return out;
}

}  // namespace basketgap
