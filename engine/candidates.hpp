// Candidate products for one household and the features the blend scores them
// with: everything it bought (repeat: purchase gap), the best cross-sell
// products (explore: similarity), and popular products it does not buy.
#pragma once

#include <cstdint>
#include <vector>

#include "engine/categories.hpp"
#include "engine/features.hpp"
#include "engine/history.hpp"
#include "engine/item_similarity.hpp"
#include "engine/purchase_gap.hpp"
#include "engine/score_config.hpp"

namespace basketgap::engine {

// Global statistics as of one day, identical on every rank (reduced by the
// job).
struct ScoringContext {
  std::int32_t as_of = 0;
  std::int64_t households = 0;                  // households with a purchase on or before as_of
  std::vector<double> population_cycle;         // per product, -1 unknown
  std::vector<std::int64_t> recent_households;  // per product, buyers in the popularity window
  std::vector<double> repeat_rate;              // per product, CycleSums::repeat_rates
  std::vector<double> missed_sales;             // per product, engine/missed_sales.hpp; empty: 0
  std::vector<std::int32_t> popular;            // products by recent buyers, best first
  NeighbourTable neighbours;
  // Per product its successor when relaunched under a new id (engine/successors.hpp), -1 none;
  // empty when none was found: the rows of a relaunched product are its successor's.
  std::vector<std::int32_t> successor;
  // Derived by add_product_facts (not checkpointed): what candidates read per product, side
  // by side so a candidate costs one cache miss, not one per array.
  struct ProductFacts {
    double population_cycle;
    double popularity;  // the popularity feature
    double repeat_rate;
    double missed_sales;
  };
  std::vector<ProductFacts> facts;
  // Each product's category and the categories' products by popularity (engine/categories.hpp;
  // set by the job from the products file, not checkpointed). Empty: no category features.
  CategoryTable categories;
};

// Fills context.facts from population_cycle, recent_households and households. Without it
// the candidates read the arrays themselves (slower, same values).
void add_product_facts(ScoringContext& context);

// Ranks products by recent buyers (desc), ties by lower index; the first
// `count`.
std::vector<std::int32_t> most_popular(const std::vector<std::int64_t>& buyers, std::size_t count);

struct Candidate {
  std::int32_t product = 0;
  bool bought = false;
  double ratio = 0;  // elapsed / cycle for bought products
  std::int32_t baskets = 0;
  double cross_sell = 0;
  std::int32_t source = -1;  // strongest trigger product of a cross-sell
  Features features{};
  double score = 0;
  // The blend's logit behind `score`; while the due probability is pending, an upper bound of
  // it, and `logit_floor` a lower bound (score_candidates_bounded).
  double logit = 0, logit_floor = 0;
  // A repeat candidate whose due_probability feature is not computed yet (build_candidates
  // with DueProbability::deferred): its index in CandidateScratch::history; -1 once computed.
  std::int32_t pending_history = -1;
  double due_bound = 0;  // while pending: due_probability_bound
  // 0: ranked by the last stage (the trees' re-ranking of the blend's best); 1: only by the
  // blend, below every tier-0 candidate.
  std::uint8_t tier = 0;
};
// Copied blank for every candidate: engine/CMakeLists.txt has GCC copy objects up to 1 KiB with
// a vector loop (past that the slow `rep movsq` again).
static_assert(sizeof(Candidate) <= 1024);

// A candidate only for being popular: never bought, and no product of the household led to it
// (a cross-sell or category candidate names its source).
inline bool is_popular_candidate(const Candidate& c) { return !c.bought && c.source < 0; }

struct CrossSell {
  std::int32_t product;
  double score;         // sum over the household's products of affinity x similarity
  double best;          // the largest single contribution
  std::int32_t source;  // the product that gave it
};

struct CandidateScratch {
  std::vector<ProductHistory> history;
  PurchaseGapScratch gap;
  std::vector<double> log1p_of_count;  // log1p(n) for small counts, grown on demand
  // Values that repeat across a household's candidates, computed once (the same expressions,
  // so the same bits): share_of_baskets and expected_in_window by the product's basket count
  // (this household), and
  // log1p of a single basket's decay weight by its age (these half-lives).
  struct BasketCountValues {
    double share_of_baskets, expected_in_window;  // expected < 0: not computed yet
  };
  std::vector<BasketCountValues> by_baskets;
  std::vector<double> log1p_decay_long, log1p_decay_short;
  double log1p_decay_half_lives[2] = {0, 0};
  std::vector<std::int32_t> bought;
  std::vector<CrossSell> cross;
  // Of the household last built, for add_explore_candidates: log1p of its recent baskets and
  // the sum of its products' decayed frequencies.
  double log1p_recent = 0, weight_sum = 0;
  std::vector<CrossSell> cross_pool;    // the accumulation's entries (only grows)
  std::vector<std::uint32_t> triggers;  // indices into `history` seeding the cross-sell
  // Dense per-product slots (products wide, reset after each household): a hash
  // map per household was the hot spot at a million households.
  std::vector<std::int32_t> slot;  // index into `cross`, -1 none, -2 already a candidate
  // With repeat_similarity the cross-sell accumulation runs with the repeat candidates (their
  // cross_sell feature is its score of a bought product): `cross` then holds every new product
  // it reached, not yet cut to cross_sell_candidates, and `largest_new_cross` their largest
  // score (the explore candidates' bound, engine/explore_bound.hpp).
  bool cross_accumulated = false;
  double largest_new_cross = 0;
  // The household's purchases per category (empty without categories) and its category candidates.
  HouseholdCategories categories;
  std::vector<CategoryCandidate> category_candidates;
};

// When build_candidates computes the due_probability feature (two erfc a repeat candidate):
// `deferred` leaves it to compute_due_probability, for the candidates selection reaches.
enum class DueProbability { computed, deferred };

// Fills `out` with the candidates of local household `h` (empty without history
// <= as_of).
void build_candidates(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                      const ScoreConfig& config, std::vector<Candidate>& out, CandidateScratch& scratch,
                      DueProbability due = DueProbability::computed);

// build_candidates in its two halves: the repeat candidates (every product bought), then the
// explore candidates (cross-sell, the popular products of the household's categories, popular) appended to
// them — for a caller that may find the second half cannot change the coupons (engine/lazy_selection.hpp).
// `scratch` carries the household from the first call to the second.
void build_repeat_candidates(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                             const ScoreConfig& config, std::vector<Candidate>& out,
                             CandidateScratch& scratch, DueProbability due = DueProbability::computed);
void add_explore_candidates(const ScoringContext& context, const ScoreConfig& config,
                            std::vector<Candidate>& out, CandidateScratch& scratch);

// Completes a candidate left pending (Candidate::pending_history >= 0): its due probability,
// then its exact logit and score. select_coupons calls it for the candidates it must order.
class CandidateCompletion {
 public:
  virtual void complete(Candidate& c) const = 0;

 protected:
  ~CandidateCompletion() = default;
};

// Sets a deferred candidate's due_probability feature (the value build_candidates would have
// set) from `scratch`, which still holds the household of the last build_candidates call.
void compute_due_probability(Candidate& c, const CandidateScratch& scratch, const ScoringContext& context,
                             const ScoreConfig& config);

}  // namespace basketgap::engine
