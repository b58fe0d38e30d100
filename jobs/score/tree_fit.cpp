#include "jobs/score/tree_fit.hpp"

#include <fmt/format.h>
#include <spdlog/spdlog.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "jobs/cluster/comm.hpp"

namespace basketgap {
namespace {

constexpr int kColumns = engine::kFeatureCount;

// Throws with XGBoost's own message when a C API call fails.
void check(int status, const char* call) {
  if (status != 0) throw std::runtime_error(fmt::format("XGBoost {}: {}", call, XGBGetLastError()));
}

// The gathered samples as XGBoost takes them.
struct Sorted {
  std::vector<float> features;
  std::vector<float> labels;
  std::vector<float> base_margin;
  std::vector<unsigned> group_size;
};

Sorted for_xgboost(GatheredSamples&& gathered) {
  Sorted out;
  out.features = std::move(gathered.features);
  out.labels.assign(gathered.labels.begin(), gathered.labels.end());
  for (const double z : gathered.blend_logit) out.base_margin.push_back(static_cast<float>(z));
  std::size_t begin = 0;
  for (const std::size_t end : gathered.group_end) {
    out.group_size.push_back(static_cast<unsigned>(end - begin));
    begin = end;
  }
  return out;
}

// XGBoost's saved JSON model -> TreeEnsemble: each tree's reachable nodes, parents before
// children (left_children == -1 marks a leaf, whose split_conditions entry is its value).
engine::TreeEnsemble from_xgboost_json(const std::string& text) {
  const nlohmann::json model = nlohmann::json::parse(text);
  engine::TreeEnsemble out;
  for (const auto& tree : model.at("learner").at("gradient_booster").at("model").at("trees")) {
    const auto left = tree.at("left_children").get<std::vector<std::int32_t>>();
    const auto right = tree.at("right_children").get<std::vector<std::int32_t>>();
    const auto feature = tree.at("split_indices").get<std::vector<std::int32_t>>();
    const auto value = tree.at("split_conditions").get<std::vector<float>>();
    const auto root = static_cast<std::int32_t>(out.nodes.size());
    out.roots.push_back(root);
    // Breadth first from node 0; `queue[i]` is the XGBoost id of out.nodes[root + i].
    std::vector<std::int32_t> queue{0};
    for (std::size_t i = 0; i < queue.size(); ++i) {
      const auto id = static_cast<std::size_t>(queue[i]);
      engine::TreeNode node;
      node.threshold = value.at(id);
      if (left.at(id) >= 0) {
        node.feature = feature.at(id);
        node.yes = root + static_cast<std::int32_t>(queue.size());
        queue.push_back(left[id]);
        node.no = root + static_cast<std::int32_t>(queue.size());
        queue.push_back(right.at(id));
      }
      out.nodes.push_back(node);
    }
  }
  return out;
}

// Fits on this rank; `summary` gets the line that says how it went.
engine::TreeEnsemble fit_here(const Sorted& data, const engine::ScoreConfig& config, std::string_view stage,
                              std::string& summary) {
  const auto rows = static_cast<bst_ulong>(data.labels.size());
  DMatrixHandle matrix = nullptr;
  BoosterHandle booster = nullptr;
  // The handles are freed whatever happens below.
  struct Free {
    DMatrixHandle& m;
    BoosterHandle& b;
    ~Free() {
      if (b) XGBoosterFree(b);
      if (m) XGDMatrixFree(m);
    }
  } free_handles{matrix, booster};
  check(XGDMatrixCreateFromMat(data.features.data(), rows, kColumns, std::nanf(""), &matrix),
        "XGDMatrixCreateFromMat");
  check(XGDMatrixSetFloatInfo(matrix, "label", data.labels.data(), rows), "XGDMatrixSetFloatInfo(label)");
  check(XGDMatrixSetFloatInfo(matrix, "base_margin", data.base_margin.data(), rows),
        "XGDMatrixSetFloatInfo(base_margin)");
  check(XGDMatrixSetUIntInfo(matrix, "group", data.group_size.data(), data.group_size.size()), "group");
  check(XGBoosterCreate(&matrix, 1, &booster), "XGBoosterCreate");
  const std::vector<std::pair<std::string, std::string>> params{
      {"objective",
       config.tree_objective == engine::TreeObjective::pairwise ? "rank:pairwise" : "binary:logistic"},
      {"tree_method", "hist"},
      {"nthread", "1"},  // one thread, fixed seed, no sampling: the same trees every time
      {"seed", "0"},
      {"max_depth", std::to_string(config.tree_depth)},
      {"eta", fmt::format("{}", config.tree_learning_rate)},
      {"min_child_weight", fmt::format("{}", config.tree_min_child_weight)},
      {"verbosity", "0"},
  };
  for (const auto& [key, value] : params)
    check(XGBoosterSetParam(booster, key.c_str(), value.c_str()), "XGBoosterSetParam");
  for (int round = 0; round < config.tree_rounds; ++round)
    check(XGBoosterUpdateOneIter(booster, round, matrix), "XGBoosterUpdateOneIter");
  bst_ulong length = 0;
  const char* bytes = nullptr;
  check(XGBoosterSaveModelToBuffer(booster, R"({"format": "json"})", &length, &bytes),
        "XGBoosterSaveModelToBuffer");
  engine::TreeEnsemble trees = from_xgboost_json(std::string(bytes, length));
  if (const std::string why = trees.problem(); !why.empty())
    throw std::runtime_error("XGBoost's trees do not convert: " + why);

  // Our evaluation must agree with XGBoost's on the rows it was fitted on.
  bst_ulong predicted = 0;
  const float* margin = nullptr;
  check(XGBoosterPredict(booster, matrix, 1 /* output margin */, 0, 0, &predicted, &margin),
        "XGBoosterPredict");
  double worst = 0;
  for (bst_ulong i = 0; i < predicted; ++i) {
    engine::Features f{};
    for (int j = 0; j < kColumns; ++j) f[j] = data.features[i * kColumns + j];
    worst = std::max(worst, std::abs(trees.margin(f) + data.base_margin[i] - margin[i]));
  }
  if (worst > 1e-3)
    throw std::runtime_error(
        fmt::format("the converted trees differ from XGBoost's by {:.2e} in margin", worst));
  summary = fmt::format("{}: {} trees, {} nodes, on {} samples; margins match XGBoost's within {:.1e}", stage,
                        trees.roots.size(), trees.nodes.size(), rows, worst);
  return trees;
}

}  // namespace

void log_fit(const FittedTrees& fitted, const Comm& comm) {
  if (!comm.is_root()) return;
  if (fitted.no_samples)
    spdlog::warn("{}", fitted.summary);
  else
    spdlog::info("{}", fitted.summary);
}

std::vector<FittedTrees> fit_trees_on_ranks(std::span<const TreeFitJob> jobs, const engine::BlendModel& blend,
                                            const engine::ScoreConfig& config, const Comm& comm) {
  // Every job's samples on its rank first (collectives, in the jobs' order) ...
  std::vector<GatheredSamples> gathered(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j)
    gathered[j] = gather_in_household_order(jobs[j].samples, blend, comm, jobs[j].rank);
  // ... then each rank fits its own, while the others fit theirs ...
  std::vector<FittedTrees> out(jobs.size());
  std::vector<std::string> failure(jobs.size());
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    if (comm.rank() != jobs[j].rank) continue;
    // No samples (folds before the first day): the blend alone, said in the log.
    if (gathered[j].size() == 0) {
      out[j].no_samples = true;
      out[j].summary = fmt::format("{}: no samples; the blend ranks alone", jobs[j].stage);
      continue;
    }
    try {
      out[j].trees = fit_here(for_xgboost(std::move(gathered[j])), config, jobs[j].stage, out[j].summary);
    } catch (const std::exception& e) {
      failure[j] = e.what();
    }
  }
  // ... and sends them to every rank.
  for (std::size_t j = 0; j < jobs.size(); ++j) {
    const int from = jobs[j].rank;
    comm.broadcast(failure[j], from);
    if (!failure[j].empty()) {
      const std::string what = fmt::format("{}: {}", jobs[j].stage, failure[j]);
      if (jobs[j].needed) throw std::runtime_error(what);
      out[j].failure = what;
      continue;
    }
    comm.broadcast(out[j].summary, from);
    std::vector<std::uint8_t> no_samples{static_cast<std::uint8_t>(out[j].no_samples)};
    comm.broadcast(no_samples, from);
    out[j].no_samples = no_samples.at(0) != 0;
    comm.broadcast(out[j].trees.roots, from);
    comm.broadcast(out[j].trees.nodes, from);
  }
  return out;
}

engine::TreeEnsemble fit_trees(const SecondStageView& local, const engine::BlendModel& blend,
                               const engine::ScoreConfig& config, const Comm& comm, std::string_view stage) {
  const TreeFitJob job{local, stage, 0};
  std::vector<FittedTrees> fitted = fit_trees_on_ranks(std::span(&job, 1), blend, config, comm);
  log_fit(fitted[0], comm);
  return std::move(fitted[0].trees);
}

}  // namespace basketgap
