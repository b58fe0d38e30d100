// The learned blend: Newton steps on a separable toy set move the weights the right way, and
// the fixed-point sums are exact, so merging is order-independent bit for bit.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

#include "engine/logistic_sums.hpp"

using namespace basketgap::engine;

namespace {
struct Sample {
  Features f;
  bool label;
};

// "bought" marks every positive, "cross_sell" every negative.
std::vector<Sample> separable() {
  std::vector<Sample> s;
  for (int i = 0; i < 40; ++i) {
    Sample x{};
    x.f[Feature::bias] = 1.0;
    x.label = i % 4 == 0;
    x.f[Feature::bought] = x.label ? 1.0 : 0.0;
    x.f[Feature::cross_sell] = x.label ? 0.0 : 0.5 + 0.01 * i;
    x.f[Feature::log_decayed_long] = 0.1 * (i % 7);  // noise
    s.push_back(x);
  }
  return s;
}

LogisticSums sums_of(const std::vector<Sample>& samples, const BlendModel& m, std::size_t begin,
                     std::size_t end) {
  LogisticSums s;
  for (std::size_t i = begin; i < end; ++i)
    s.add(samples[i].f, samples[i].label, m.probability(samples[i].f));
  return s;
}

bool bitwise_equal(const LogisticSums& a, const LogisticSums& b) {
  return a.gradient == b.gradient && a.hessian == b.hessian && a.samples == b.samples &&
         a.positives == b.positives && a.log_loss == b.log_loss;
}

double mean_log_loss(const std::vector<Sample>& samples, const BlendModel& m) {
  double sum = 0;
  for (const Sample& s : samples) {
    const double p = m.probability(s.f);
    sum -= std::log(s.label ? p : 1 - p);
  }
  return sum / samples.size();
}
}  // namespace

TEST(BlendModel, DefaultsAndLogit) {
  const BlendModel m = BlendModel::defaults();
  EXPECT_FALSE(m.learned);
  Features f{};
  f[Feature::bias] = 1.0;
  EXPECT_DOUBLE_EQ(m.logit(f), -4.0);
  EXPECT_DOUBLE_EQ(m.probability(f), 1.0 / (1.0 + std::exp(4.0)));
  f[Feature::bought] = 1.0;
  f[Feature::log_decayed_long] = 0.5;
  EXPECT_DOUBLE_EQ(m.logit(f), -4.0 + 1.0 + 0.8);
  EXPECT_NE(m.describe().find("bias = -4"), std::string::npos);
  EXPECT_DOUBLE_EQ(fixed_to_double(1 << 20), 1.0);
  EXPECT_DOUBLE_EQ(fixed_to_double(-(1 << 19)), -0.5);
}

TEST(BlendModel, SumsOfOneSampleByHand) {
  // At p = 0.5 with label 1: residual -0.5, curvature 0.25.
  Features f{};
  f[Feature::bias] = 1.0;
  f[Feature::bought] = 2.0;
  LogisticSums s;
  s.add(f, true, 0.5);
  EXPECT_EQ(s.samples, 1);
  EXPECT_EQ(s.positives, 1);
  EXPECT_DOUBLE_EQ(fixed_to_double(s.gradient[index_of(Feature::bias)]), -0.5);
  EXPECT_DOUBLE_EQ(fixed_to_double(s.gradient[index_of(Feature::bought)]), -1.0);
  EXPECT_EQ(s.gradient[index_of(Feature::log_decayed_long)], 0);
  EXPECT_DOUBLE_EQ(fixed_to_double(s.hessian[0]), 0.25);             // (0, 0)
  EXPECT_DOUBLE_EQ(fixed_to_double(s.hessian[1]), 0.5);              // (0, 1)
  EXPECT_DOUBLE_EQ(fixed_to_double(s.hessian[kFeatureCount]), 1.0);  // (1, 1)
  EXPECT_NEAR(fixed_to_double(s.log_loss), std::log(2.0), 1e-6);
}

TEST(BlendModel, NewtonStepsMoveWeightsTheRightWay) {
  const auto samples = separable();
  BlendModel m;  // all zero
  const double loss0 = mean_log_loss(samples, m);
  BlendModel next = newton_step(m, sums_of(samples, m, 0, samples.size()), 1.0);
  EXPECT_TRUE(next.learned);
  EXPECT_GT(next.weights[Feature::bought], 0.0);      // marks the positives
  EXPECT_LT(next.weights[Feature::cross_sell], 0.0);  // marks the negatives
  EXPECT_LT(next.weights[Feature::bias], 0.0);        // 1 in 4 positive: the base rate is below one half
  for (Feature unused : {Feature::log_decayed_short, Feature::log_baskets, Feature::log_elapsed,
                         Feature::ratio_lt_0_5, Feature::popularity, Feature::no_cycle})
    EXPECT_EQ(next.weights[unused], 0.0) << feature_name(unused);
  double previous = mean_log_loss(samples, next);
  EXPECT_LT(previous, loss0);
  for (int i = 0; i < 5; ++i) {
    next = newton_step(next, sums_of(samples, next, 0, samples.size()), 1.0);
    const double loss = mean_log_loss(samples, next);
    EXPECT_LE(loss, previous + 1e-12) << i;
    previous = loss;
  }
  EXPECT_GT(next.weights[Feature::bought], 1.0);
  EXPECT_LT(next.weights[Feature::cross_sell], -1.0);
  // Positives now score above every negative.
  double worst_positive = 1, best_negative = 0;
  for (const Sample& s : samples) {
    const double p = next.probability(s.f);
    if (s.label)
      worst_positive = std::min(worst_positive, p);
    else
      best_negative = std::max(best_negative, p);
  }
  EXPECT_GT(worst_positive, best_negative);
  // A stronger ridge keeps the weights smaller.
  const BlendModel ridge = newton_step(m, sums_of(samples, m, 0, samples.size()), 100.0);
  EXPECT_LT(std::abs(ridge.weights[Feature::bought]),
            std::abs(newton_step(m, sums_of(samples, m, 0, samples.size()), 1.0).weights[Feature::bought]));
}

TEST(BlendModel, TheRidgeLeavesTheBiasAlone) {
  // The bias alone, one positive in four: whatever the ridge, the fitted bias is the base
  // rate's logit, log(1/3) (a penalised bias would be pulled towards 0).
  std::vector<Sample> samples(4);
  for (Sample& s : samples) s.f[Feature::bias] = 1.0, s.label = false;
  samples[0].label = true;
  BlendModel m;
  for (int i = 0; i < 20; ++i) m = newton_step(m, sums_of(samples, m, 0, samples.size()), 1000.0);
  EXPECT_NEAR(m.weights[Feature::bias], std::log(1.0 / 3.0), 1e-4);
}

TEST(BlendModel, FixedPointMergeIsOrderIndependentBitwise) {
  const auto samples = separable();
  BlendModel m = BlendModel::defaults();
  m.weights[Feature::cross_sell] = 0.37;  // probabilities with untidy binary expansions
  const LogisticSums a = sums_of(samples, m, 0, 13);
  const LogisticSums b = sums_of(samples, m, 13, 29);
  const LogisticSums c = sums_of(samples, m, 29, samples.size());
  LogisticSums ab = a;
  ab.merge(b);
  LogisticSums ba = b;
  ba.merge(a);
  EXPECT_TRUE(bitwise_equal(ab, ba));
  LogisticSums ab_c = ab;
  ab_c.merge(c);
  LogisticSums bc = b;
  bc.merge(c);
  LogisticSums a_bc = a;
  a_bc.merge(bc);
  EXPECT_TRUE(bitwise_equal(ab_c, a_bc));
  // Equal to adding every sample into one sum, in reverse order too.
  LogisticSums reverse;
  for (std::size_t i = samples.size(); i-- > 0;)
    reverse.add(samples[i].f, samples[i].label, m.probability(samples[i].f));
  EXPECT_TRUE(bitwise_equal(ab_c, sums_of(samples, m, 0, samples.size())));
  EXPECT_TRUE(bitwise_equal(ab_c, reverse));
  // The same step from either grouping, to the last bit.
  const BlendModel x = newton_step(m, ab_c, 1.0), y = newton_step(m, reverse, 1.0);
  EXPECT_EQ(std::memcmp(x.weights.data(), y.weights.data(), sizeof(double) * kFeatureCount), 0);
  EXPECT_EQ(ab_c.samples, 40);
  EXPECT_EQ(ab_c.positives, 10);
}

// The Newton step's group sums visit only each sample's non-zero features: they must equal,
// bit for bit, the same sums over every feature (the zero terms add nothing), with or without
// the precomputed masks, and the log-loss is left out only when asked.
TEST(BlendModel, GroupSumsOverNonZeroFeaturesAreTheDenseSumsBitwise) {
  std::vector<float> features;
  std::vector<std::uint8_t> labels;
  for (int s = 0; s < 57; ++s) {
    for (int i = 0; i < kFeatureCount; ++i) {
      // Zero in about half the cells, untidy values elsewhere (negative ones too).
      const bool zero = (s * 7 + i * 3) % 5 < 2;
      features.push_back(zero ? 0.0f : static_cast<float>(std::sin(0.37 * s + 1.3 * i)));
    }
    labels.push_back(s % 3 == 0);
  }
  BlendModel m = BlendModel::defaults();
  for (int i = 0; i < kFeatureCount; ++i) m.weights[i] += 0.11 * std::cos(i + 0.5);

  // The reference: every feature, in index order, as the fit did before the masks.
  std::array<double, kFeatureCount> g{};
  std::array<double, kHessianCells> h{};
  for (std::size_t s = 0; s < labels.size(); ++s) {
    Features f{};
    for (int i = 0; i < kFeatureCount; ++i) f[i] = features[s * kFeatureCount + i];
    const double p = m.probability(f);
    const double residual = p - (labels[s] ? 1.0 : 0.0), curvature = p * (1.0 - p);
    int cell = 0;
    for (int i = 0; i < kFeatureCount; ++i) {
      g[i] += residual * f[i];
      for (int j = i; j < kFeatureCount; ++j) h[cell++] += curvature * f[i] * f[j];
    }
  }

  std::vector<std::uint32_t> masks;
  std::vector<float> packed;
  std::size_t nonzero_count = 0;
  for (std::size_t s = 0; s < labels.size(); ++s) {
    masks.push_back(pack_features(&features[s * kFeatureCount], packed));
    EXPECT_EQ(masks.back(), nonzero_features(&features[s * kFeatureCount]));
    for (int i = 0; i < kFeatureCount; ++i) nonzero_count += features[s * kFeatureCount + i] != 0.0f;
  }
  EXPECT_EQ(masks[0] & 1u, 0u);  // sample 0, feature 0 is one of the zeros
  ASSERT_EQ(packed.size(), nonzero_count);
  ASSERT_LT(packed.size(), features.size());
  LogisticSums dense_api, masked, no_loss;
  dense_api.add_group(features, labels, m);
  masked.add_group(packed, masks, labels, m, true);
  no_loss.add_group(packed, masks, labels, m, false);
  EXPECT_TRUE(bitwise_equal(dense_api, masked));
  EXPECT_EQ(no_loss.log_loss, 0);
  EXPECT_GT(masked.log_loss, 0);
  no_loss.log_loss = masked.log_loss;
  EXPECT_TRUE(bitwise_equal(no_loss, masked));
  for (int i = 0; i < kFeatureCount; ++i) EXPECT_EQ(masked.gradient[i], std::llround(g[i] * 1048576.0)) << i;
  for (int c = 0; c < kHessianCells; ++c) EXPECT_EQ(masked.hessian[c], std::llround(h[c] * 1048576.0)) << c;
  EXPECT_EQ(masked.samples, 57);
  EXPECT_EQ(masked.positives, 19);
}

// The group sums visit only the non-zero pairs of a sample: an infinite feature spoils its own
// cells, not those of features that are zero (summing dense rows would add inf x 0 = NaN).
TEST(BlendModel, GroupSumsWithAnInfiniteFeatureTouchOnlyItsNonZeroPairs) {
  const auto at = [](int sample, Feature f) { return sample * kFeatureCount + static_cast<int>(f); };
  std::vector<float> features(3 * kFeatureCount, 0.0f);
  const std::vector<std::uint8_t> labels{1, 0, 0};
  for (int s = 0; s < 3; ++s) {
    features[at(s, Feature::bias)] = 1.0f;
    features[at(s, Feature::popularity)] = 0.25f * (s + 1);
  }
  features[at(1, Feature::cross_sell)] = std::numeric_limits<float>::infinity();
  const BlendModel m = BlendModel::defaults();
  LogisticSums sums;
  sums.add_group(features, labels, m);
  // The packed upper triangle's cell of (i, j), i <= j.
  const auto cell = [](Feature fi, Feature fj) {
    const int i = static_cast<int>(fi), j = static_cast<int>(fj);
    return i * kFeatureCount - i * (i - 1) / 2 + (j - i);
  };
  // Cells of two finite features stay finite and non-zero; cells with a feature that is zero
  // in every sample stay exactly zero (a dense row would have added inf x 0 = NaN).
  EXPECT_NE(sums.hessian[cell(Feature::bias, Feature::popularity)], 0);
  EXPECT_EQ(sums.hessian[cell(Feature::bias, Feature::bought)], 0);
  EXPECT_EQ(sums.hessian[cell(Feature::bought, Feature::bought)], 0);
  EXPECT_EQ(sums.hessian[cell(Feature::cross_sell, Feature::household_recent)], 0);
  EXPECT_EQ(sums.samples, 3);
}

// add_group's two ways give the same bits: the tiled one (dense rows, cells summed in registers
// over the samples) and the sparse one (each non-zero feature's row updated per sample), on
// households of every size around the tiled way's groups of four samples, with dense, sparse
// and all-zero samples. Features up to 10^4 with small weights make the sums large, so that a
// difference of one rounding in any double sum shows in the fixed-point cells of some of the
// 600 households (a logit summed in another order does).
TEST(BlendModel, TiledAndSparseGroupSumsAreTheSameBits) {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> unit(-1.0, 1.0);
  BlendModel m;
  for (int i = 0; i < kFeatureCount; ++i) m.weights[i] = 1e-4 * unit(rng);
  std::vector<int> sizes{1, 2, 3, 4, 5, 7, 8, 9, 31, 64, 203};
  while (sizes.size() < 600) sizes.push_back(1 + static_cast<int>(rng() % 80));
  int differing = 0;
  for (int n : sizes) {
    std::vector<float> packed;
    std::vector<std::uint32_t> masks;
    std::vector<std::uint8_t> labels;
    for (int s = 0; s < n; ++s) {
      float sample[kFeatureCount];
      const int density = static_cast<int>(rng() % 4);  // 0: all zero ... 3: mostly non-zero
      for (int i = 0; i < kFeatureCount; ++i) {
        const bool zero = static_cast<int>(rng() % 4) >= density;
        sample[i] = zero ? 0.0f : static_cast<float>(std::pow(10.0, static_cast<int>(rng() % 5)) * unit(rng));
      }
      masks.push_back(pack_features(sample, packed));
      labels.push_back(rng() % 5 == 0);
    }
    LogisticSums tiled, sparse;
    tiled.add_group_tiled(packed, masks, labels, m, true);
    sparse.add_group_sparse(packed, masks, labels, m, true);
    differing += !bitwise_equal(tiled, sparse);
    EXPECT_EQ(tiled.samples, n);
  }
  EXPECT_EQ(differing, 0) << "households whose sums differ, of " << sizes.size();
}

TEST(BlendModel, SummarySaysWhichModelRanks) {
  BlendModel m = BlendModel::defaults();
  EXPECT_EQ(m.summary(), "the hand-set blend");
  m.learned = true;
  m.rerank.fitted = true;
  EXPECT_EQ(m.summary(), "the learned blend and the re-rank");
  m.popular_candidates = false;
  EXPECT_EQ(m.summary(), "the learned blend and the re-rank, without popular candidates");
  m.rerank = {};
  m.trees.roots = {0, 1};
  m.trees.nodes = {{-1, 0.5f}, {-1, 0.25f}};
  EXPECT_EQ(m.summary(), "the learned blend and 2 trees, without popular candidates");
  m.popular_candidates = true;
  m.trees = {};
  EXPECT_EQ(m.summary(), "the learned blend");
}
