// The synthetic data generator: determinism (seed, thread count) and the CSV text.
#include <gtest/gtest.h>
#include <tbb/global_control.h>

#include <string>

#include "engine/synth/catalog.hpp"
#include "engine/synth/csv_format.hpp"
#include "engine/synth/stream.hpp"
#include "engine/synth/transactions.hpp"

namespace synth = basketgap::engine::synth;

namespace {

std::string stream_text(const synth::Catalog& catalog, const synth::StreamConfig& config) {
  std::string households, transactions;
  synth::generate_stream(catalog, config, [&](const synth::Chunk& c) {
    households += c.households;
    transactions += c.transactions;
  });
  return households + transactions;
}

synth::StreamConfig config(std::uint64_t seed, std::int64_t households) {
  synth::StreamConfig c;
  c.seed = seed;
  c.households = households;
  c.chunk = 7;  // many small chunks: ordering bugs would show
  return c;
}

}  // namespace

TEST(GeneratorDeterminism, SameSeedGivesSameRows) {
  const synth::Catalog a(11, 2000, 711), b(11, 2000, 711);
  for (std::int64_t i : {0, 1, 57}) {
    const auto h = synth::make_household(11, i, 711, 0.8);
    std::vector<synth::TxnRow> ra, rb;
    synth::generate_transactions(a, h, 11, ra);
    synth::generate_transactions(b, h, 11, rb);
    ASSERT_EQ(ra.size(), rb.size());
    std::string ta, tb;
    for (const auto& r : ra) synth::append_transaction(ta, r);
    for (const auto& r : rb) synth::append_transaction(tb, r);
    EXPECT_EQ(ta, tb);
  }
}

TEST(GeneratorDeterminism, DifferentSeedsGiveDifferentData) {
  const synth::Catalog a(1, 2000, 711), b(2, 2000, 711);
  EXPECT_NE(stream_text(a, config(1, 20)), stream_text(b, config(2, 20)));
}

TEST(GeneratorDeterminism, ThreadCountDoesNotChangeTheBytes) {
  const synth::Catalog catalog(5, 2000, 711);
  std::string one, many;
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 1);
    one = stream_text(catalog, config(5, 150));
  }
  {
    tbb::global_control limit(tbb::global_control::max_allowed_parallelism, 4);
    many = stream_text(catalog, config(5, 150));
  }
  EXPECT_FALSE(one.empty());
  EXPECT_EQ(one, many);
}

TEST(GeneratorDeterminism, ChunkSizeDoesNotChangeTheBytes) {
  const synth::Catalog catalog(5, 2000, 711);
  auto small = config(5, 60), big = config(5, 60);
  big.chunk = 1000;
  EXPECT_EQ(stream_text(catalog, small), stream_text(catalog, big));
}

TEST(GeneratorDeterminism, ConsentRateChangesOnlyConsent) {
  const auto a = synth::make_household(3, 42, 711, 0.0), b = synth::make_household(3, 42, 711, 1.0);
  EXPECT_FALSE(a.consent);
  EXPECT_TRUE(b.consent);
  EXPECT_EQ(a.baskets, b.baskets);
  EXPECT_EQ(a.composition, b.composition);
}

TEST(GeneratorCsv, FormatsMoneyAndQuotes) {
  std::string s;
  synth::append_money(s, -125);
  s += ' ';
  synth::append_money(s, 5);
  s += ' ';
  synth::append_money(s, 0);
  EXPECT_EQ(s, "-1.25 0.05 0.00");
  s.clear();
  synth::append_csv_field(s, "A, \"B\"");
  EXPECT_EQ(s, "\"A, \"\"B\"\"\"");
}

TEST(GeneratorCsv, TransactionLineHasTwelveFieldsAndWeekNumber) {
  synth::TxnRow r;
  r.household_key = 3;
  r.basket_id = 26000000001;
  r.day = 15;
  r.product_id = 100007;
  r.quantity = 2;
  r.sales_cents = 498;
  r.retail_disc_cents = -100;
  std::string s;
  synth::append_transaction(s, r);
  EXPECT_EQ(s, "3,26000000001,15,100007,2,4.98,0,-1.00,0,3,0.00,0.00\n");
}

TEST(GeneratorCatalog, HasTheRequestedSizeAndAHierarchy) {
  const synth::Catalog catalog(9, 3000, 711);
  EXPECT_EQ(catalog.products().size(), 3000u);
  EXPECT_GE(catalog.commodity_count(), 100);
  std::string text;
  for (const auto& p : catalog.products()) synth::append_product(text, p);
  EXPECT_NE(text.find(",BABY,"), std::string::npos);
  EXPECT_NE(text.find(",DIAPERS,"), std::string::npos);
  EXPECT_NE(text.find(",HOUSEHOLD,"), std::string::npos);
  EXPECT_NE(text.find(",LAUNDRY DETERGENTS,"), std::string::npos);
  // Some products are launched or discontinued during the history.
  int launched = 0, discontinued = 0;
  for (const auto& p : catalog.products()) {
    launched += p.launch_day > 1;
    discontinued += p.end_day < 711;
  }
  EXPECT_GT(launched, 100);
  EXPECT_GT(discontinued, 50);
}
