#include "jobs/score/training_set.hpp"

#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <xxhash.h>

#include <algorithm>

#include "engine/huge_pages.hpp"
#include "jobs/cluster/comm.hpp"
#include "jobs/cluster/progress.hpp"

namespace basketgap {
namespace {

using engine::Candidate;
using engine::HistoryBlock;
using engine::ScoreConfig;

// A deterministic sample of households by external id (independent of ranks and
// of rows appended later): keeps a household when its keyed hash falls under
// `fraction`.
bool in_training_sample(std::int64_t external_id, double fraction) {
  if (fraction >= 1.0) return true;
  const std::uint64_t h = XXH3_64bits_withSeed(&external_id, sizeof external_id, 0x5eed);
  return static_cast<double>(h >> 11) * 0x1.0p-53 < fraction;
}

TrainingSet collect_training(const ScoringInput& in, const engine::ScoringContext& context,
                             std::int32_t label_end, double fraction, const ScoreConfig& config, bool log) {
  const HistoryBlock& block = *in.block;
  struct Local {
    TrainingSet set;
    engine::CandidateScratch scratch;
    std::vector<Candidate> candidates;
    std::vector<std::int32_t> truth;
  };
  // Households in fixed chunks so the concatenation order does not depend on
  // threads; batches of chunks so the main thread can log progress between them.
  const std::int64_t chunk = 512, batch = 32;
  const std::int64_t chunks = (block.households() + chunk - 1) / chunk;
  std::vector<TrainingSet> parts(static_cast<std::size_t>(chunks));
  tbb::enumerable_thread_specific<Local> locals;
  Progress progress("score/fit/samples", static_cast<std::uint64_t>(block.households()),
                    "households on rank 0", log);
  for (std::int64_t first = 0; first < chunks; first += batch) {
    const std::int64_t last = std::min(chunks, first + batch);
    tbb::parallel_for(first, last, [&](std::int64_t c) {
      Local& l = locals.local();
      TrainingSet& out = parts[static_cast<std::size_t>(c)];
      for (std::int64_t h = c * chunk; h < std::min(block.households(), (c + 1) * chunk); ++h) {
        if (!has_history(block, h, context.as_of)) continue;
        if (!in_training_sample((*in.household_ids)[h], fraction)) continue;
        l.truth.clear();
        for (std::int64_t r = block.begin(h); r < block.end(h); ++r)
          if (block.day(r) > context.as_of && block.day(r) <= label_end) l.truth.push_back(block.product(r));
        std::sort(l.truth.begin(), l.truth.end());
        engine::build_candidates(block, h, context, config, l.candidates, l.scratch);
        for (const Candidate& cand : l.candidates) {
          for (double f : cand.features) out.features.push_back(static_cast<float>(f));
          out.labels.push_back(std::binary_search(l.truth.begin(), l.truth.end(), cand.product));
        }
        out.group_end.push_back(out.labels.size());
        out.group_id.push_back((*in.household_ids)[h]);
      }
    });
    progress.update(static_cast<std::uint64_t>(std::min(block.households(), last * chunk)));
  }
  // One allocation for the whole sample (hundreds of MB at a million households).
  TrainingSet all;
  std::size_t samples = 0, groups = 0;
  for (const TrainingSet& part : parts) samples += part.labels.size(), groups += part.group_end.size();
  engine::reserve_huge(all.features, samples * engine::kFeatureCount);
  all.labels.reserve(samples);
  all.group_end.reserve(groups);
  all.group_id.reserve(groups);
  for (TrainingSet& part : parts) {
    append(all, part);
    part = TrainingSet{};  // frees the part as soon as it is copied
  }
  return all;
}

}  // namespace

void append(TrainingSet& to, const TrainingSet& from) {
  const std::size_t base = to.labels.size();
  to.features.insert(to.features.end(), from.features.begin(), from.features.end());
  to.labels.insert(to.labels.end(), from.labels.begin(), from.labels.end());
  for (std::size_t e : from.group_end) to.group_end.push_back(base + e);
  to.group_id.insert(to.group_id.end(), from.group_id.begin(), from.group_id.end());
}

engine::ScoringContext fold_context(const ScoringInput& in, std::int32_t day, const ScoreConfig& config,
                                    const Comm& comm, PopulationCounts* counted) {
  engine::ScoringContext context =
      build_context(*in.block, day, in.products, config, comm, in.household_ids, counted);
  engine::add_product_facts(context);
  return context;
}

TrainingSet training_fold(const ScoringInput& in, const engine::ScoringContext& context,
                          std::int64_t households, const ScoreConfig& config, const Comm& comm) {
  std::int64_t eligible = 0;
  for (std::int64_t h = 0; h < in.block->households(); ++h)
    eligible += has_history(*in.block, h, context.as_of);
  eligible = comm.allreduce(eligible, ReduceOp::sum);
  const double fraction = eligible > 0 ? std::min(1.0, static_cast<double>(households) / eligible) : 1.0;
  return collect_training(in, context, context.as_of + config.validation_window_days, fraction, config,
                          comm.is_root());
}

// Each household's `count` best samples by the blend's logit (ties: the earlier sample).
TrainingSet best_by_blend(const TrainingSet& set, const engine::BlendModel& blend, int count) {
  TrainingSet out;
  const auto columns = static_cast<std::size_t>(engine::kFeatureCount);
  std::vector<double> logits;
  std::vector<std::int32_t> position;
  for (std::size_t g = 0; g < set.group_end.size(); ++g) {
    const std::size_t begin = g == 0 ? 0 : set.group_end[g - 1], end = set.group_end[g];
    logits.clear();
    position.clear();
    for (std::size_t i = begin; i < end; ++i) {
      engine::Features f{};
      for (std::size_t j = 0; j < columns; ++j) f[j] = set.features[i * columns + j];
      logits.push_back(blend.linear_logit(f));
      position.push_back(static_cast<std::int32_t>(i - begin));
    }
    std::vector<std::size_t> keep = engine::best_by_logit(logits, position, static_cast<std::size_t>(count));
    std::sort(keep.begin(), keep.end());
    for (std::size_t k : keep) {
      const std::size_t i = begin + k;
      out.features.insert(out.features.end(), set.features.begin() + static_cast<std::ptrdiff_t>(i * columns),
                          set.features.begin() + static_cast<std::ptrdiff_t>((i + 1) * columns));
      out.labels.push_back(set.labels[i]);
    }
    out.group_end.push_back(out.labels.size());
    out.group_id.push_back(set.group_id[g]);
  }
  return out;
}

}  // namespace basketgap
