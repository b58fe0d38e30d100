// The checkpoint bytes of `score`: a round trip keeps every stage exactly; a truncated or
// damaged checkpoint is refused (the caller then ignores it and recomputes).
#include <gtest/gtest.h>

#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include "jobs/score/checkpoint_codec.hpp"

namespace basketgap {
namespace {

CheckpointContents sample() {
  CheckpointContents c;
  c.key = 0x1234abcd5678ef90ULL;
  engine::BlendModel m;
  for (int j = 0; j < engine::kFeatureCount; ++j) m.weights[j] = 0.25 * j - 1.0 / 3.0;
  m.learned = true;
  // One stump on feature 3: below 0.5 -> -0.25, else 0.75.
  m.trees.roots = {0};
  m.trees.nodes = {{3, 0.5f, 1, 2}, {-1, -0.25f, -1, -1}, {-1, 0.75f, -1, -1}};
  for (int j = 0; j < engine::kFeatureCount; ++j) m.rerank.weights[j] = 1.0 / (j + 3);
  m.rerank.fitted = true;
  c.model = m;
  engine::ScoringContext x;
  x.as_of = 700;
  x.households = 42;
  x.population_cycle = {7.5, -1.0, 30.25};
  x.recent_households = {3, 0, 9};
  x.repeat_rate = {0.5, 0.25, 0.125};
  x.missed_sales = {0.0, 1.5, 0.75};
  x.popular = {2, 0};
  x.neighbours.offsets = {0, 1, 1, 2};
  x.neighbours.neighbour = {2, 0};
  x.neighbours.similarity = {0.5f, 0.125f};
  x.successor = {2, -1, -1};
  c.context = x;
  return c;
}

TEST(CheckpointCodec, RoundTripKeepsEveryStageExactly) {
  const CheckpointContents in = sample();
  const CheckpointContents out = decode_checkpoint(encode_checkpoint(in));
  EXPECT_EQ(out.key, in.key);
  ASSERT_TRUE(out.model && out.context);
  EXPECT_EQ(out.model->weights, in.model->weights);
  EXPECT_TRUE(out.model->learned);
  EXPECT_EQ(out.model->trees.roots, in.model->trees.roots);
  ASSERT_EQ(out.model->trees.nodes.size(), 3u);
  EXPECT_EQ(out.model->trees.nodes[0].feature, 3);
  EXPECT_EQ(out.model->trees.nodes[2].threshold, 0.75f);
  EXPECT_EQ(out.model->rerank.weights, in.model->rerank.weights);
  EXPECT_TRUE(out.model->rerank.fitted);
  EXPECT_TRUE(out.model->popular_candidates);
  EXPECT_EQ(out.context->repeat_rate, in.context->repeat_rate);
  EXPECT_EQ(out.context->missed_sales, in.context->missed_sales);
  EXPECT_EQ(out.context->as_of, 700);
  EXPECT_EQ(out.context->households, 42);
  EXPECT_EQ(out.context->population_cycle, in.context->population_cycle);
  EXPECT_EQ(out.context->recent_households, in.context->recent_households);
  EXPECT_EQ(out.context->popular, in.context->popular);
  EXPECT_EQ(out.context->neighbours.offsets, in.context->neighbours.offsets);
  EXPECT_EQ(out.context->successor, in.context->successor);
  EXPECT_EQ(out.context->neighbours.neighbour, in.context->neighbours.neighbour);
  EXPECT_EQ(out.context->neighbours.similarity, in.context->neighbours.similarity);
}

TEST(CheckpointCodec, KeepsTheFitsChoiceOfLeavingOutPopularCandidates) {
  // A resumed night must score as the night that chose (jobs/score/model_choice.hpp).
  CheckpointContents in = sample();
  in.model->popular_candidates = false;
  EXPECT_FALSE(decode_checkpoint(encode_checkpoint(in)).model->popular_candidates);
}

TEST(CheckpointCodec, ModelOnly) {
  CheckpointContents in = sample();
  in.context.reset();
  const CheckpointContents out = decode_checkpoint(encode_checkpoint(in));
  EXPECT_TRUE(out.model.has_value());
  EXPECT_FALSE(out.context.has_value());
}

TEST(CheckpointCodec, RefusesTruncatedDamagedAndForeignBytes) {
  const std::string bytes = encode_checkpoint(sample());
  for (std::size_t n : {std::size_t{0}, std::size_t{7}, std::size_t{20}, bytes.size() / 2, bytes.size() - 1})
    EXPECT_THROW(decode_checkpoint(bytes.substr(0, n)), std::runtime_error) << n;
  for (std::size_t i = 0; i < bytes.size(); i += 7) {
    std::string damaged = bytes;
    damaged[i] = static_cast<char>(damaged[i] ^ 0x5a);
    EXPECT_THROW(decode_checkpoint(damaged), std::runtime_error) << i;
  }
  EXPECT_THROW(decode_checkpoint(std::string(64, 'x')), std::runtime_error);
}

TEST(CheckpointCodec, AnotherBuildsFormatIsNamedInTheRefusal) {
  std::string bytes = encode_checkpoint(sample());
  ASSERT_EQ(bytes.substr(0, 8), "BGCKPT08");
  bytes[7] = '7';  // an older build's checkpoint (its checksum is not reached)
  try {
    decode_checkpoint(bytes);
    FAIL() << "an older format was read";
  } catch (const std::runtime_error& e) {
    EXPECT_STREQ(e.what(), "written by another build (format 07, this build reads 08)");
  }
  EXPECT_THROW(decode_checkpoint("BGCKPX07" + bytes.substr(8)), std::runtime_error);
}

}  // namespace
}  // namespace basketgap

namespace basketgap {
namespace {

// A checkpoint is used only when its context fits the store it resumes (3 products, day 700):
// every index it holds is checked before it is trusted, the relaunch map's included.
std::string misfit(const std::function<void(engine::ScoringContext&)>& change, std::int64_t products = 3) {
  CheckpointContents c = sample();
  change(*c.context);
  try {
    check_checkpoint_fits(c, 700, products);
  } catch (const std::runtime_error& e) {
    return e.what();
  }
  return "";
}

TEST(CheckpointCodec, AContextThatDoesNotFitTheStoreIsRefused) {
  EXPECT_EQ(misfit([](engine::ScoringContext&) {}), "");
  EXPECT_EQ(misfit([](engine::ScoringContext& x) { x.successor.clear(); }), "");  // none found
  EXPECT_EQ(misfit([](engine::ScoringContext&) {}, 4), "its shapes do not match the store");
  EXPECT_EQ(misfit([](engine::ScoringContext& x) { x.as_of = 701; }), "its shapes do not match the store");
  EXPECT_EQ(misfit([](engine::ScoringContext& x) { x.popular = {3}; }), "a popular product is out of range");
  EXPECT_EQ(misfit([](engine::ScoringContext& x) {
              x.neighbours.neighbour = {2, -1};
            }),
            "a neighbour is out of range");
  EXPECT_EQ(misfit([](engine::ScoringContext& x) {
              x.successor = {2, -1};
            }),
            "its shapes do not match the store");
  for (const std::vector<std::int32_t>& bad :
       {std::vector<std::int32_t>{3, -1, -1}, {-2, -1, -1}, {0, -1, -1}, {1, 2, -1}})
    EXPECT_EQ(misfit([&](engine::ScoringContext& x) { x.successor = bad; }),
              "a relaunched product's successor is out of range")
        << bad[0] << " " << bad[1];
}

}  // namespace
}  // namespace basketgap
