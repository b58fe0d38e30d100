// Selection with deferred due probabilities: a repeat candidate's two erfc and its sigmoid are
// computed only when its logit's upper bound could place it among the ranks the selection
// reaches; the explore candidates are not built when their bound lies below those ranks. The
// coupons must be exactly those of scoring every candidate — under campaign rules that walk
// far down the ranking, slot minimums, event slots and saturated scores too.
#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "engine/blend_model.hpp"
#include "engine/candidates.hpp"
#include "engine/categories.hpp"
#include "engine/explore_bound.hpp"
#include "engine/lazy_selection.hpp"
#include "engine/select.hpp"
#include "tests/engine/history_builder.hpp"

using namespace basketgap::engine;

namespace {
using basketgap::testing::append_household;
using basketgap::testing::Row;

constexpr std::int32_t kProducts = 120;
constexpr std::int32_t kAsOf = 400;

// 60 households of 5-60 baskets over days 1-400, each buying from its own favourites (so
// products repeat with cycles) and a few random ones.
HistoryBlock random_households(std::mt19937& rng) {
  HistoryBlock block(1);
  std::uniform_int_distribution<int> product(0, kProducts - 1);
  for (int h = 0; h < 60; ++h) {
    std::vector<std::int32_t> favourites(8);
    for (auto& f : favourites) f = product(rng);
    const int baskets = 5 + static_cast<int>(rng() % 56);
    std::vector<Row> rows;
    std::int32_t day = 1 + static_cast<std::int32_t>(rng() % 60);
    for (int b = 0; b < baskets && day <= kAsOf; ++b, day += 1 + static_cast<std::int32_t>(rng() % 12)) {
      std::vector<std::int32_t> items;
      for (int i = 0, n = 1 + static_cast<int>(rng() % 6); i < n; ++i)
        items.push_back(rng() % 4 ? favourites[rng() % favourites.size()] : product(rng));
      std::sort(items.begin(), items.end());
      items.erase(std::unique(items.begin(), items.end()), items.end());
      for (std::int32_t p : items) rows.push_back({day, b, p});
    }
    append_household(block, rows);
  }
  return block;
}

ScoringContext random_context(std::mt19937& rng) {
  ScoringContext c;
  c.as_of = kAsOf;
  c.households = 60;
  std::uniform_real_distribution<double> cycle(3, 90), unit(0, 1);
  for (int p = 0; p < kProducts; ++p) {
    c.population_cycle.push_back(rng() % 5 ? cycle(rng) : -1.0);
    c.recent_households.push_back(static_cast<std::int64_t>(rng() % 40));
    c.repeat_rate.push_back(unit(rng));
    c.missed_sales.push_back(rng() % 3 ? 0.0 : 4 * unit(rng));
  }
  std::vector<Neighbour> neighbours;
  for (int p = 0; p < kProducts; ++p)
    for (int i = 0; i < 6; ++i)
      neighbours.push_back({p, static_cast<std::int32_t>(rng() % kProducts), static_cast<float>(unit(rng))});
  std::sort(neighbours.begin(), neighbours.end(), [](const Neighbour& a, const Neighbour& b) {
    return a.product != b.product ? a.product < b.product : a.neighbour < b.neighbour;
  });
  neighbours.erase(std::unique(neighbours.begin(), neighbours.end(),
                               [](const Neighbour& a, const Neighbour& b) {
                                 return a.product == b.product && a.neighbour == b.neighbour;
                               }),
                   neighbours.end());
  std::erase_if(neighbours, [](const Neighbour& n) { return n.product == n.neighbour; });
  c.neighbours = build_neighbour_table(std::move(neighbours), kProducts);
  c.popular = most_popular(c.recent_households, 40);
  add_product_facts(c);
  return c;
}

// A blend whose due_probability weight is `due_weight` (the feature that is deferred), with
// untidy weights elsewhere.
BlendModel model_with(double bias, double due_weight) {
  BlendModel m = BlendModel::defaults();
  m.learned = true;
  for (int i = 0; i < kFeatureCount; ++i) m.weights[i] = 0.3 * std::sin(1.7 * i + 0.2);
  m.weights[Feature::bias] = bias;
  m.weights[Feature::log_decayed_long] = 1.1;
  m.weights[Feature::due_probability] = due_weight;
  return m;
}

struct Outcome {
  CouponTable table;
  long long deferred_left = 0;          // pending candidates never completed (lazy runs)
  long long explore_skipped = 0;        // households whose explore candidates were never built
  long long event_explore_skipped = 0;  // of those, households with an event slot
  long long dropped = 0;                // candidates of the full build the lazy run no longer holds
};

Outcome select_all(const HistoryBlock& block, const ScoringContext& context, const ScoreConfig& config,
                   const BlendModel& model, const CampaignRules* rules, bool lazy) {
  Outcome out{CouponTable(config.k, block.households()), 0, 0};
  CandidateScratch scratch, full_scratch;
  std::vector<Candidate> candidates, full;
  const ExploreBound explore(model, context);
  for (std::int64_t h = 0; h < block.households(); ++h) {
    const bool event = rules && h % 3 == 0;
    if (lazy) {
      select_household_lazily(block, h, context, config, model, &explore, scratch, candidates, out.table, h,
                              rules, event);
      for (const Candidate& c : candidates) out.deferred_left += c.pending_history >= 0;
      // Every household here has explore candidates (popular products it never bought); a
      // household whose candidates were never built (an eager second stage) counts as neither.
      const bool skipped = !candidates.empty() && std::all_of(candidates.begin(), candidates.end(),
                                                              [](const Candidate& c) { return c.bought; });
      out.explore_skipped += skipped;
      out.event_explore_skipped += skipped && event;
      build_candidates(block, h, context, config, full, full_scratch);
      out.dropped += static_cast<long long>(full.size() - candidates.size());
    } else {
      build_candidates(block, h, context, config, candidates, scratch);
      score_candidates(model, config.tree_candidates, candidates);
      select_coupons(candidates, context, config, out.table, h, rules, event);
    }
  }
  return out;
}

// Campaign rules that often let twelve repeat candidates fill the row: two thirds of the
// products eligible, three per department and two per commodity; department 2 is the event
// department.
CampaignRules loose_rules(const ScoringContext& context) {
  CampaignRules loose;
  for (int p = 0; p < kProducts; ++p) {
    loose.eligible.push_back(p % 3 != 1);
    loose.department.push_back(p % 7);
    loose.commodity.push_back(p % 11);
    loose.event_product.push_back(p % 7 == 2);
  }
  loose.max_per_department = 3;
  loose.max_per_commodity = 2;
  for (std::int32_t p : context.popular)
    if (loose.is_eligible(p)) loose.fallback.push_back(p);
  return loose;
}

void expect_same_tables(const CouponTable& a, const CouponTable& b) {
  ASSERT_EQ(a.product.size(), b.product.size());
  EXPECT_EQ(a.product, b.product);
  EXPECT_EQ(a.reason, b.reason);
  EXPECT_EQ(a.source, b.source);
  EXPECT_EQ(std::memcmp(a.score.data(), b.score.data(), a.score.size() * sizeof(float)), 0);
}
}  // namespace

TEST(LazySelection, CouponsAreThoseOfScoringEveryCandidate) {
  std::mt19937 rng(7);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  CampaignRules rules;  // a third of the products eligible, one coupon per department
  for (int p = 0; p < kProducts; ++p) {
    rules.eligible.push_back(p % 3 == 0);
    rules.department.push_back(p % 7);
    rules.commodity.push_back(-1);
  }
  rules.max_per_department = 1;
  for (std::int32_t p : context.popular)
    if (rules.is_eligible(p)) rules.fallback.push_back(p);
  const CampaignRules loose = loose_rules(context);
  long long deferred_without_rules = 0, skipped_without_rules = 0, skipped_under_rules = 0,
            skipped_with_slots = 0, skipped_with_event = 0;
  for (const double due_weight : {0.6, 4.0, -2.0, 0.0}) {
    for (const int slots : {0, 2}) {
      ScoreConfig config;
      config.reward_slots = slots;
      config.discovery_slots = slots;
      const BlendModel model = model_with(-3.0, due_weight);
      for (const CampaignRules* r :
           {static_cast<const CampaignRules*>(nullptr), static_cast<const CampaignRules*>(&rules),
            static_cast<const CampaignRules*>(&loose)}) {
        SCOPED_TRACE(::testing::Message()
                     << "due weight " << due_weight << ", slots " << slots << (r ? ", campaign" : ""));
        const Outcome eager = select_all(block, context, config, model, r, false);
        const Outcome lazy = select_all(block, context, config, model, r, true);
        expect_same_tables(eager.table, lazy.table);
        if (!r && slots == 0) {
          deferred_without_rules += lazy.deferred_left;
          skipped_without_rules += lazy.explore_skipped;
        } else if (slots == 0) {
          skipped_under_rules += lazy.explore_skipped;
        } else {
          skipped_with_slots += lazy.explore_skipped;
        }
        skipped_with_event += lazy.event_explore_skipped;
      }
    }
  }
  // The point of it: most repeat candidates never needed their due probability, and many
  // households never needed their explore candidates.
  EXPECT_GT(deferred_without_rules, 1000);
  EXPECT_GT(skipped_without_rules, 40);
  // Under campaign rules, households whose row filled from repeat candidates above the explore
  // bound skip them too, with an event slot as well; with discovery slots (new products are
  // looked for) the explore candidates are always built.
  EXPECT_GT(skipped_under_rules, 40) << skipped_under_rules;
  EXPECT_GT(skipped_with_event, 10) << skipped_with_event;
  EXPECT_EQ(skipped_with_slots, 0);
}

TEST(LazySelection, WithRepeatSimilarityTheExploreBoundIsTheHouseholdsAndCouponsStayExact) {
  // repeat_similarity accumulates the cross-sell scores with the repeat candidates: the explore
  // candidates then come from that accumulation, and their bound from the household's largest
  // score instead of the largest similarity of any product.
  std::mt19937 rng(11);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  const CampaignRules loose = loose_rules(context);
  long long skipped_off = 0, skipped_on = 0;
  for (const double cross_sell_weight : {2.5, 0.8, -1.0}) {
    for (const CampaignRules* r : {static_cast<const CampaignRules*>(nullptr), &loose}) {
      SCOPED_TRACE(::testing::Message()
                   << "cross-sell weight " << cross_sell_weight << (r ? ", campaign" : ""));
      BlendModel model = model_with(-3.0, 0.6);
      model.weights[Feature::cross_sell] = cross_sell_weight;
      ScoreConfig config;
      config.repeat_similarity = true;
      const Outcome eager = select_all(block, context, config, model, r, false);
      const Outcome lazy = select_all(block, context, config, model, r, true);
      expect_same_tables(eager.table, lazy.table);
      skipped_on += lazy.explore_skipped;
      config.repeat_similarity = false;
      skipped_off += select_all(block, context, config, model, r, true).explore_skipped;
    }
  }
  EXPECT_GT(skipped_on, skipped_off + 20) << skipped_on << " vs " << skipped_off;
}

TEST(LazySelection, ExploreCandidatesNearTheDecidedRanksAreBuilt) {
  // Popular and cross-sell candidates pushed from far below the repeat candidates to far above
  // them: at some weights their logits fall just around the decided ranks' threshold, where
  // leaving them out would change the coupons. With a negative cross-sell weight the bound is
  // reached by the popular candidate of the best product.
  std::mt19937 rng(9);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  const ScoreConfig config;
  // Under campaign rules too (a third of the households with an event slot, which always
  // builds them): there the test is the coupons' lowest logit against the bound.
  const CampaignRules loose = loose_rules(context);
  for (const CampaignRules* rules : {static_cast<const CampaignRules*>(nullptr), &loose}) {
    long long skipped = 0, built = 0;
    for (int step = 0; step <= 192; ++step) {
      const double popularity_weight = 2.0 + 0.0625 * step, cross_sell_weight = step % 2 ? 0.4 : -0.4;
      SCOPED_TRACE(::testing::Message() << "popularity weight " << popularity_weight << ", cross-sell weight "
                                        << cross_sell_weight << (rules ? ", campaign" : ""));
      BlendModel model = model_with(-3.0, 0.6);
      model.weights[Feature::popularity] = popularity_weight;
      model.weights[Feature::cross_sell] = cross_sell_weight;
      const Outcome eager = select_all(block, context, config, model, rules, false);
      const Outcome lazy = select_all(block, context, config, model, rules, true);
      expect_same_tables(eager.table, lazy.table);
      skipped += lazy.explore_skipped;
      built += block.households() - lazy.explore_skipped;
    }
    EXPECT_GT(skipped, 100) << (rules ? "campaign" : "no campaign");
    EXPECT_GT(built, 100) << (rules ? "campaign" : "no campaign");
  }
}

TEST(LazySelection, AnExploreCandidateJustAboveTheRepeatOnesIsBuiltAndCouponed) {
  // One household buys products 0-19 in the same five baskets: every repeat candidate has the
  // logit -3 + 1 = -2. Product 25 is the only popular one (popularity 1): its popular
  // candidate's logit is -3 + w, the explore bound's value. Just above -2 it is the first
  // coupon and must be built; just below, the explore candidates cannot be coupons.
  constexpr std::int32_t kProducts = 30, kPopular = 25;
  std::vector<Row> rows;
  for (int b = 0; b < 5; ++b)
    for (std::int32_t p = 0; p < 20; ++p) rows.push_back({10 + 10 * b, b, p});
  const HistoryBlock block = basketgap::testing::block({rows});
  ScoringContext context;
  context.as_of = 60;
  context.households = 1;
  context.population_cycle.assign(kProducts, -1.0);
  context.repeat_rate.assign(kProducts, 0.0);
  context.recent_households.assign(kProducts, 0);
  context.recent_households[kPopular] = 1;
  context.popular = most_popular(context.recent_households, 24);
  context.neighbours = build_neighbour_table({}, kProducts);
  add_product_facts(context);
  const ScoreConfig config;
  for (const double popularity_weight : {0.99, 0.99999, 1.00001, 1.01}) {
    SCOPED_TRACE(::testing::Message() << "popularity weight " << popularity_weight);
    BlendModel model;
    model.learned = true;
    model.weights[Feature::bias] = -3.0;
    model.weights[Feature::bought] = 1.0;
    model.weights[Feature::popularity] = popularity_weight;
    model.weights[Feature::cross_sell] = -1.0;
    const Outcome eager = select_all(block, context, config, model, nullptr, false);
    const Outcome lazy = select_all(block, context, config, model, nullptr, true);
    expect_same_tables(eager.table, lazy.table);
    const bool above = popularity_weight > 1.0;
    EXPECT_EQ(lazy.explore_skipped, above ? 0 : 1);
    EXPECT_EQ(lazy.table.product[0], above ? kPopular : 0);
  }
}

TEST(LazySelection, TheHouseholdsOwnBoundIsReachedByItsCrossSellCandidate) {
  // The household buys product 0 only (affinity 1); its one neighbour, product 1 (similarity
  // 0.5), is the shop's most popular product and shares its category. Product 1's cross-sell
  // candidate has the largest score the household's bound allows (0.5), the best product terms
  // and the category's terms: the bound is its logit, to the margin. A bound from the shop's
  // largest similarity (0.9, product 2's) or without the category terms would miss it.
  constexpr std::int32_t kProducts = 6;
  const HistoryBlock block = basketgap::testing::block({{{10, 0, 0}, {20, 1, 0}, {30, 2, 0}}});
  ScoringContext context;
  context.as_of = 40;
  context.households = 1;
  context.population_cycle.assign(kProducts, -1.0);
  context.repeat_rate.assign(kProducts, 0.0);
  context.recent_households = {1, 5, 1, 1, 1, 1};
  context.popular = most_popular(context.recent_households, 24);
  context.neighbours = build_neighbour_table({{0, 1, 0.5f}, {2, 3, 0.9f}}, kProducts);
  add_product_facts(context);
  context.categories = category_table(std::vector<std::int32_t>{0, 0, 1, 1, 1, 1}, context.recent_households);
  BlendModel model;
  model.learned = true;
  model.weights[Feature::bias] = -3.0;
  model.weights[Feature::popularity] = 0.5;
  model.weights[Feature::cross_sell] = 1.0;
  model.weights[Feature::log_category_long] = 0.4;
  model.weights[Feature::log_category_short] = 0.3;
  const ExploreBound explore(model, context);
  ASSERT_TRUE(explore.usable());
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  build_candidates(block, 0, context, ScoreConfig{}, candidates, scratch);
  score_candidates(model, 0, candidates);
  const double bound = explore.logit_bound(scratch);
  const Candidate* reaching = nullptr;
  for (const Candidate& c : candidates) {
    if (c.bought) continue;
    EXPECT_LE(c.logit, bound) << "product " << c.product;
    if (c.product == 1) reaching = &c;
  }
  ASSERT_NE(reaching, nullptr);
  EXPECT_DOUBLE_EQ(reaching->cross_sell, 0.5);
  EXPECT_GT(reaching->features[Feature::log_category_long], 0.0);
  EXPECT_LT(bound - reaching->logit, 1e-6);
}

TEST(LazySelection, ExploreBoundHoldsEveryExploreCandidatesLogit) {
  std::mt19937 rng(3);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  const ScoreConfig config;
  ScoreConfig with_similarity;
  with_similarity.repeat_similarity = true;
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  int checked = 0, tighter = 0;
  double closest = 1e300, closest_own = 1e300;  // the bounds are tight: some candidate comes close
  for (const double cross_sell_weight : {2.0, -2.0, 0.0}) {
    for (const double popularity_weight : {1.5, -1.5}) {
      BlendModel model = model_with(-3.0, 0.5);
      model.weights[Feature::cross_sell] = cross_sell_weight;
      model.weights[Feature::popularity] = popularity_weight;
      model.weights[Feature::missed_sales] = popularity_weight / 2;  // either sign
      const ExploreBound explore(model, context);
      ASSERT_TRUE(explore.usable());
      for (std::int64_t h = 0; h < block.households(); ++h) {
        build_candidates(block, h, context, config, candidates, scratch);
        score_candidates(model, 0, candidates);
        const double bound = explore.logit_bound(scratch.log1p_recent);
        for (const Candidate& c : candidates) {
          if (c.bought) continue;
          EXPECT_EQ(c.features[Feature::household_recent], scratch.log1p_recent);
          EXPECT_LE(c.logit, bound) << "product " << c.product << ", household " << h;
          closest = std::min(closest, bound - c.logit);
          ++checked;
        }
        // With repeat_similarity the household's own bound, from its largest cross-sell score.
        build_candidates(block, h, context, with_similarity, candidates, scratch);
        score_candidates(model, 0, candidates);
        const double own = explore.logit_bound(scratch);
        EXPECT_LE(own, bound);
        tighter += own < bound;
        for (const Candidate& c : candidates) {
          if (c.bought) continue;
          EXPECT_LE(c.logit, own) << "product " << c.product << ", household " << h;
          closest_own = std::min(closest_own, own - c.logit);
        }
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_LT(closest, 1.0);
  EXPECT_GT(tighter, 100);
  EXPECT_LT(closest_own, 1e-6);  // a cross-sell candidate with the largest score reaches it
}

TEST(LazySelection, ExploreBoundIsUnusableWhereItCannotHold) {
  std::mt19937 rng(4);
  const ScoringContext context = random_context(rng);
  const BlendModel model = model_with(-3.0, 0.5);
  EXPECT_TRUE(ExploreBound(model, context).usable());
  EXPECT_EQ(ExploreBound(BlendModel{}, ScoringContext{}).logit_bound(0.0), HUGE_VAL);  // no facts

  ScoringContext negative = context;  // a negative similarity: the cross-sell score is unbounded below
  negative.neighbours.similarity[3] = -0.25f;
  EXPECT_FALSE(ExploreBound(model, negative).usable());
  ScoringContext nan = context;
  nan.neighbours.similarity[0] = std::nanf("");
  EXPECT_FALSE(ExploreBound(model, nan).usable());

  BlendModel infinite = model;
  infinite.weights[Feature::repeat_rate] = HUGE_VAL;
  EXPECT_FALSE(ExploreBound(infinite, context).usable());
  // A second stage is added to the blend's best only: the bound is the blend's, the same.
  BlendModel with_trees = model;
  with_trees.trees.roots.push_back(0);
  with_trees.trees.nodes.emplace_back();
  EXPECT_EQ(ExploreBound(with_trees, context).logit_bound(1.0),
            ExploreBound(model, context).logit_bound(1.0));
}

TEST(LazySelection, WithTreesOnlyTheBlendsBestAreCompletedAndCouponsStayExact) {
  // The trees re-rank the blend's best `tree_candidates`: the lazy
  // selection completes only the candidates that could be among them, builds the explore
  // candidates only if one could be, and writes the coupons of scoring every candidate — also
  // where it must score every candidate (campaign rules, slot minimums, K above the re-ranked).
  std::mt19937 rng(5);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  const CampaignRules loose = loose_rules(context);
  BlendModel with_trees = model_with(-3.0, 0.6);  // +1.5 on a recent purchase, -1 on a long gap
  const auto elapsed = static_cast<std::int32_t>(index_of(Feature::log_elapsed));
  with_trees.trees.roots = {0};
  with_trees.trees.nodes = {{elapsed, 3.0f, 1, 2}, {-1, 1.5f}, {-1, -1.0f}};
  long long dropped = 0, skipped = 0;
  for (const int k : {12, 20, 40}) {
    for (const int candidates : {30, 8}) {
      for (const CampaignRules* r : {static_cast<const CampaignRules*>(nullptr), &loose}) {
        SCOPED_TRACE(::testing::Message()
                     << "trees, k " << k << ", tree_candidates " << candidates << (r ? ", campaign" : ""));
        ScoreConfig config;
        config.k = k;
        config.tree_candidates = candidates;
        const Outcome eager = select_all(block, context, config, with_trees, r, false);
        const Outcome lazy = select_all(block, context, config, with_trees, r, true);
        expect_same_tables(eager.table, lazy.table);
        if (!r && k <= candidates) {
          dropped += lazy.dropped;
          skipped += lazy.explore_skipped;
        } else {
          EXPECT_EQ(lazy.explore_skipped, 0);  // every candidate built
        }
      }
    }
  }
  // The point of it: most candidates never completed (dropped once the blend's best are known)
  // and many households' explore candidates never built.
  EXPECT_GT(dropped, 2000) << dropped;
  EXPECT_GT(skipped, 20) << skipped;
}

TEST(LazySelection, SaturatedAndVanishingScoresAreCompletedAndStillExact) {
  // Logits past 15 (scores of 1.0 to the last bit: ties broken by product) and below -500
  // (scores that underflow; below about -745 to exactly 0, ties again): bounds cannot order
  // them, every candidate is completed and the explore candidates are built.
  std::mt19937 rng(11);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  ScoreConfig config;
  for (const double bias : {40.0, 16.0, -700.0, -2000.0}) {
    SCOPED_TRACE(::testing::Message() << "bias " << bias);
    const BlendModel model = model_with(bias, 1.5);
    const Outcome eager = select_all(block, context, config, model, nullptr, false);
    const Outcome lazy = select_all(block, context, config, model, nullptr, true);
    expect_same_tables(eager.table, lazy.table);
  }
}

TEST(LazySelection, BoundsHoldTheCompletedLogit) {
  std::mt19937 rng(5);
  const HistoryBlock block = random_households(rng);
  const ScoringContext context = random_context(rng);
  ScoreConfig config;
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  int checked = 0;
  for (const double due_weight : {2.5, -2.5}) {
    const BlendModel model = model_with(-3.0, due_weight);
    const BlendCompletion completion(model, scratch, context, config);
    for (std::int64_t h = 0; h < block.households(); ++h) {
      build_candidates(block, h, context, config, candidates, scratch, DueProbability::deferred);
      score_candidates_bounded(model, candidates);
      for (Candidate& c : candidates) {
        if (c.pending_history < 0) continue;
        const double upper = c.logit, lower = c.logit_floor, bound = c.due_bound;
        const ProductHistory& p = scratch.history[static_cast<std::size_t>(c.pending_history)];
        completion.complete(c);
        EXPECT_EQ(c.pending_history, -1);
        EXPECT_LE(c.features[Feature::due_probability], bound);
        EXPECT_EQ(
            c.features[Feature::due_probability],
            due_probability(p, kAsOf, context.population_cycle[p.product], config.validation_window_days));
        EXPECT_LE(lower, c.logit);
        EXPECT_LE(c.logit, upper);
        EXPECT_EQ(c.score, 1.0 / (1.0 + std::exp(-c.logit)));
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 500);
}

TEST(LazySelection, DueProbabilityBoundIsTheNormalPeakTimesTheHorizon) {
  // Personal cycle 10 days from 5 purchase days with equal intervals: observed spread 0,
  // shrunk towards cycle / 2 = 5 with the weight of two intervals against four:
  // spread = sqrt((4 * 0 + 2 * 25) / 6) = sqrt(25 / 3).
  ProductHistory p;
  p.purchase_days = 5;
  p.personal_cycle = 10;
  p.gap_square_sum = 4 * 100.0;
  p.last_day = 90;
  const double spread = std::sqrt(25.0 / 3.0);
  EXPECT_NEAR(due_probability_bound(p, -1, 7), 7 / (spread * std::sqrt(2 * M_PI)), 1e-11);
  EXPECT_EQ(due_probability_bound(p, -1, 30), 1.0 + 1e-12);  // capped at 1
  for (std::int32_t as_of = 90; as_of < 130; ++as_of)
    EXPECT_LE(due_probability(p, as_of, -1, 7), due_probability_bound(p, -1, 7)) << as_of;
  ProductHistory once;  // no personal cycle: the population's, spread one cycle
  once.last_day = 50;
  EXPECT_NEAR(due_probability_bound(once, 40.0, 14), 14 / (40 * std::sqrt(2 * M_PI)), 1e-11);
  EXPECT_EQ(due_probability_bound(once, -1.0, 14), 0.0);  // no cycle at all: the probability is 0
  EXPECT_EQ(due_probability(once, 60, -1.0, 14), 0.0);
}

TEST(LazySelection, WithCategoriesTheBoundHoldsAndCouponsStayExact) {
  // Category features on every candidate and category candidates among the explore ones: the
  // explore bound takes the household's strongest category, and lazy selection stays exact.
  std::mt19937 rng(21);
  const HistoryBlock block = random_households(rng);
  ScoringContext context = random_context(rng);
  std::vector<std::int32_t> category_of(kProducts);
  for (int p = 0; p < kProducts; ++p) category_of[p] = p % 13 == 0 ? -1 : p % 9;
  context.categories = category_table(category_of, context.recent_households);
  const CampaignRules loose = loose_rules(context);
  ScoreConfig config;
  CandidateScratch scratch;
  std::vector<Candidate> candidates;
  long long category_candidates = 0, checked = 0, skipped = 0;
  for (const auto& [long_weight, short_weight] : {std::pair{1.5, -0.8}, {-1.0, 2.0}, {3.0, 1.0}}) {
    BlendModel model = model_with(-3.0, 0.6);
    model.weights[Feature::log_category_long] = long_weight;
    model.weights[Feature::log_category_short] = short_weight;
    model.weights[Feature::category_share] = 0.7;
    for (const CampaignRules* r : {static_cast<const CampaignRules*>(nullptr), &loose}) {
      SCOPED_TRACE(::testing::Message()
                   << "weights " << long_weight << ", " << short_weight << (r ? ", campaign" : ""));
      const Outcome eager = select_all(block, context, config, model, r, false);
      const Outcome lazy = select_all(block, context, config, model, r, true);
      expect_same_tables(eager.table, lazy.table);
      skipped += lazy.explore_skipped;
    }
    const ExploreBound explore(model, context);
    for (std::int64_t h = 0; h < block.households(); ++h) {
      build_candidates(block, h, context, config, candidates, scratch);
      score_candidates(model, 0, candidates);
      const double bound = explore.logit_bound(scratch);
      for (const Candidate& c : candidates) {
        if (c.bought) continue;
        EXPECT_LE(c.logit, bound) << "product " << c.product << ", household " << h;
        category_candidates +=
            c.features[Feature::log_category_long] > 0 && c.cross_sell == 0 && c.source >= 0;
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 1000);
  EXPECT_GT(category_candidates, 100);
  EXPECT_GT(skipped, 20);  // the bound still spares households their explore candidates
}
