#include "engine/candidates.hpp"

#include "engine/popularity_order.hpp"

#include <algorithm>
#include <cmath>
#include <span>
#include <unordered_map>

namespace basketgap::engine {

std::vector<std::int32_t> most_popular(const std::vector<std::int64_t>& buyers, std::size_t count) {
  std::vector<std::int32_t> order(buyers.size());
  for (std::size_t p = 0; p < order.size(); ++p) order[p] = static_cast<std::int32_t>(p);
  const std::size_t keep = std::min(count, order.size());
  std::partial_sort(order.begin(), order.begin() + keep, order.end(), MoreBuyersFirst{buyers});
  order.resize(keep);
  while (!order.empty() && buyers[order.back()] == 0) order.pop_back();
  return order;
}

namespace {

// A new candidate at the end of `out`, every member at its default. Copied from a blank one:
// a value-initialised one is zero-filled with `rep stos`, whose start-up cost per candidate
// was ~7 % of build_candidates.
constexpr Candidate kBlank{};
Candidate& append_blank(std::vector<Candidate>& out) {
  out.push_back(kBlank);
  return out.back();
}

constexpr std::int32_t kNone = -1;    // scratch slot: not seen for this household
constexpr std::int32_t kBought = -2;  // scratch slot: bought, or already a candidate

// The due-ratio bin feature of a ratio (the learned due-ness curve has one weight per bin).
Feature ratio_bin(double ratio) {
  if (ratio < 0.5) return Feature::ratio_lt_0_5;
  if (ratio < 1.0) return Feature::ratio_0_5_1;
  if (ratio < 1.5) return Feature::ratio_1_1_5;
  if (ratio < 2.5) return Feature::ratio_1_5_2_5;
  if (ratio < 4.0) return Feature::ratio_2_5_4;
  return Feature::ratio_ge_4;
}

double popularity_of(const ScoringContext& context, std::int32_t product) {
  return std::log1p(static_cast<double>(context.recent_households[product])) /
         std::log1p(static_cast<double>(std::max<std::int64_t>(context.households, 1)));
}

// `log1p_recent` is log1p of the household's recent baskets (one per
// household).
void fill_common(Features& f, const ScoringContext& context, std::int32_t product, double log1p_recent) {
  f[Feature::bias] = 1.0;
  f[Feature::popularity] =
      context.facts.empty() ? popularity_of(context, product) : context.facts[product].popularity;
  f[Feature::household_recent] = log1p_recent;
  if (!context.repeat_rate.empty())
    f[Feature::repeat_rate] =
        context.facts.empty() ? context.repeat_rate[product] : context.facts[product].repeat_rate;
  if (!context.missed_sales.empty())
    f[Feature::missed_sales] =
        context.facts.empty() ? context.missed_sales[product] : context.facts[product].missed_sales;
}

// The tables' growth, out of line: the lookups below are inlined into the candidate loop, and
// a table is grown only a few times a run.
[[gnu::noinline]] double grow_log1p_counts(std::vector<double>& table, std::int64_t n) {
  if (n < 0 || n > 100000) return std::log1p(static_cast<double>(n));
  while (static_cast<std::int64_t>(table.size()) <= n)
    table.push_back(std::log1p(static_cast<double>(table.size())));
  return table[static_cast<std::size_t>(n)];
}
[[gnu::noinline]] double grow_log1p_decays(std::vector<double>& table, const std::vector<double>& decay,
                                           std::int32_t age) {
  while (static_cast<std::int32_t>(table.size()) <= age) table.push_back(std::log1p(decay[table.size()]));
  return table[static_cast<std::size_t>(age)];
}

// log1p(n) through a table: the same values as the call, without its cost per
// candidate.
inline double log1p_count(std::vector<double>& table, std::int64_t n) {
  if (static_cast<std::uint64_t>(n) < table.size()) return table[static_cast<std::size_t>(n)];
  return grow_log1p_counts(table, n);
}

// log1p(decay[age]) through a table that follows `decay` (summarize_household's weights by age).
inline double log1p_decay(std::vector<double>& table, const std::vector<double>& decay, std::int32_t age) {
  if (static_cast<std::uint32_t>(age) < table.size()) return table[static_cast<std::size_t>(age)];
  return grow_log1p_decays(table, decay, age);
}

// Indices into `history` of the `count` products with the largest decayed frequency (ties:
// lower product; count <= 0: every product), in product order so that a tie between two
// triggers of one cross-sell goes to the lower product.
void strongest_products(const std::vector<ProductHistory>& history, int count,
                        std::vector<std::uint32_t>& out) {
  out.resize(history.size());
  for (std::size_t i = 0; i < out.size(); ++i) out[i] = static_cast<std::uint32_t>(i);
  if (count > 0 && out.size() > static_cast<std::size_t>(count)) {
    std::nth_element(out.begin(), out.begin() + count - 1, out.end(), [&](std::uint32_t a, std::uint32_t b) {
      if (history[a].decayed_long != history[b].decayed_long)
        return history[a].decayed_long > history[b].decayed_long;
      return history[a].product < history[b].product;
    });
    out.resize(static_cast<std::size_t>(count));
  }
  std::sort(out.begin(), out.end(),
            [&](std::uint32_t a, std::uint32_t b) { return history[a].product < history[b].product; });
}

}  // namespace

void add_product_facts(ScoringContext& context) {
  context.facts.resize(context.recent_households.size());
  for (std::size_t p = 0; p < context.recent_households.size(); ++p)
    context.facts[p] = {context.population_cycle[p], popularity_of(context, static_cast<std::int32_t>(p)),
                        context.repeat_rate.empty() ? 0.0 : context.repeat_rate[p],
                        context.missed_sales.empty() ? 0.0 : context.missed_sales[p]};
}

namespace {
double population_cycle_of(const ScoringContext& context, std::int32_t product) {
  return context.facts.empty() ? context.population_cycle[product] : context.facts[product].population_cycle;
}

// The triggers' neighbour lists are scattered over a table larger than the cache: asks for
// them a few triggers ahead so the misses overlap instead of queueing.
class NeighbourListPrefetch {
 public:
  NeighbourListPrefetch(const NeighbourTable& table, const std::vector<ProductHistory>& history,
                        const std::vector<std::uint32_t>& triggers)
      : table_(table), history_(history), triggers_(triggers) {
    for (std::uint32_t t : triggers) __builtin_prefetch(table.offsets.data() + history[t].product);
    for (std::size_t i = 0; i < kAhead; ++i) list(i);
  }
  // Called before trigger i is read.
  void ahead_of(std::size_t i) const { list(i + kAhead); }

 private:
  static constexpr std::size_t kAhead = 4;
  void list(std::size_t i) const {
    if (i >= triggers_.size()) return;
    const std::int64_t begin = table_.offsets[history_[triggers_[i]].product];
    __builtin_prefetch(table_.neighbour.data() + begin);
    __builtin_prefetch(table_.similarity.data() + begin);
  }
  const NeighbourTable& table_;
  const std::vector<ProductHistory>& history_;
  const std::vector<std::uint32_t>& triggers_;
};

// The cross-sell accumulation over the triggers (scratch.triggers): per product in their
// neighbour lists, the sum of affinity x similarity, its largest term and that term's trigger,
// as entries 1..n-1 of scratch.cross_pool (n returned) with scratch.slot[product] pointing at
// them. A product whose slot is kBought on entry adds into entry 0, a sink, and keeps kBought.
std::int32_t accumulate_cross_sell(const ScoringContext& context, CandidateScratch& scratch) {
  const auto& triggers = scratch.triggers;
  const NeighbourListPrefetch prefetch(context.neighbours, scratch.history, triggers);
  // Branch-free accumulation (which neighbours are new or bought is unpredictable, and the
  // mispredictions were this loop's cost): each step writes a blank entry at the end of the
  // pool that only a new product keeps. Per product, the same additions in the same order.
  std::size_t reach = 2;  // the sink, the entries, one spare for the blank write
  for (std::uint32_t t : triggers)
    reach += context.neighbours.neighbours_of(scratch.history[t].product).size();
  auto& pool = scratch.cross_pool;
  if (pool.size() < reach) pool.resize(reach);
  CrossSell* const entries = pool.data();
  std::int32_t* const slots = scratch.slot.data();
  const double weight_sum = std::max(scratch.weight_sum, 1e-12);
  entries[0] = {-1, 0.0, -1.0, -1};
  std::int32_t used = 1;
  for (std::size_t i_t = 0; i_t < triggers.size(); ++i_t) {
    prefetch.ahead_of(i_t);
    const ProductHistory& p = scratch.history[triggers[i_t]];
    const double affinity = p.decayed_long / weight_sum;
    const auto ns = context.neighbours.neighbours_of(p.product);
    const auto ss = context.neighbours.similarities_of(p.product);
    for (std::size_t i = 0; i < ns.size(); ++i) {
      const std::int32_t q = ns[i];
      const std::int32_t index = slots[q];
      const bool fresh = index == kNone;
      const std::int32_t at = fresh ? used : std::max(index, 0);  // kBought -> the sink
      entries[used] = {q, 0.0, -1.0, -1};
      used += fresh;
      slots[q] = fresh ? at : index;
      const double contribution = affinity * ss[i];
      CrossSell& e = entries[at];
      e.score += contribution;
      // The strongest trigger; ties keep the lower product index (visited ascending).
      const bool stronger = contribution > e.best;
      e.best = stronger ? contribution : e.best;
      e.source = stronger ? p.product : e.source;
    }
  }
  return used;
}

// A repeat candidate's cross_sell feature: its similarity to the household's strongest
// products, weighted by their affinity, as an explore candidate's. Where shoppers move between
// variants of one product, a variant's own history is a fraction of the family's; this is the
// family's (the blend learns how much it weighs: nothing on the dunnhumby file, +3.6 % NDCG on
// the variants shop, docs/SCORING.md "Other shapes of data"). Only with repeat_similarity.
// One accumulation gives the bought products' sums and the new products' (the explore
// candidates, left in scratch.cross for add_explore_candidates).
void add_similarity_to_bought(const ScoringContext& context, const ScoreConfig& config,
                              std::span<Candidate> repeat, CandidateScratch& scratch) {
  if (!config.repeat_similarity || context.neighbours.offsets.empty()) return;
  strongest_products(scratch.history, config.cross_sell_triggers, scratch.triggers);
  scratch.slot.resize(context.recent_households.size(), kNone);
  const std::int32_t used = accumulate_cross_sell(context, scratch);
  CrossSell* const entries = scratch.cross_pool.data();
  std::int32_t* const slots = scratch.slot.data();
  for (Candidate& c : repeat) {
    const std::int32_t at = slots[c.product];
    if (at <= 0) continue;
    if (entries[at].score != 0.0) c.features[Feature::cross_sell] = std::log1p(10.0 * entries[at].score);
    entries[at].product = kNone;  // bought: not an explore candidate
    slots[c.product] = kNone;
  }
  auto& cross = scratch.cross;
  cross.clear();
  double largest = 0;
  for (std::int32_t i = 1; i < used; ++i) {
    if (entries[i].product < 0) continue;
    cross.push_back(entries[i]);
    slots[entries[i].product] = kNone;
    largest = std::max(largest, entries[i].score);
  }
  scratch.cross_accumulated = true;
  scratch.largest_new_cross = config.cross_sell_candidates > 0 ? largest : 0.0;
}
}  // namespace

void compute_due_probability(Candidate& c, const CandidateScratch& scratch, const ScoringContext& context,
                             const ScoreConfig& config) {
  if (c.pending_history < 0) return;
  const ProductHistory& p = scratch.history[static_cast<std::size_t>(c.pending_history)];
  c.features[Feature::due_probability] = due_probability(
      p, context.as_of, population_cycle_of(context, p.product), config.validation_window_days);
  c.pending_history = -1;
}

void build_candidates(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                      const ScoreConfig& config, std::vector<Candidate>& out, CandidateScratch& scratch,
                      DueProbability due) {
  build_repeat_candidates(block, h, context, config, out, scratch, due);
  add_explore_candidates(context, config, out, scratch);
}

void build_repeat_candidates(const HistoryBlock& block, std::int64_t h, const ScoringContext& context,
                             const ScoreConfig& config, std::vector<Candidate>& out,
                             CandidateScratch& scratch, DueProbability due) {
  out.clear();
  scratch.cross_accumulated = false;
  // Household activity: baskets in the popularity window, and baskets in all.
  const HouseholdBaskets baskets =
      summarize_household(block, h, context.as_of, config, scratch.history, scratch.gap, context.successor);
  if (scratch.history.empty()) return;
  const double recent_baskets = baskets.recent, total_baskets = baskets.total;
  const std::int32_t first_day = block.day(block.begin(h));

  const double log1p_recent = std::log1p(recent_baskets);
  scratch.log1p_recent = log1p_recent;
  // The household's pace: baskets per day over the popularity window (or its history, if
  // shorter), times the horizon the blend predicts.
  const int horizon = config.validation_window_days;
  const double observed_days = std::min<double>(config.popularity_window_days, context.as_of - first_day + 1);
  const double baskets_in_horizon = recent_baskets / std::max(observed_days, 1.0) * horizon;

  // The memo tables: per household for the basket counts, per half-lives for the decay weights.
  constexpr std::int32_t kMemoBaskets = 64;
  scratch.by_baskets.assign(kMemoBaskets + 1, {0.0, -1.0});
  const PurchaseGapScratch& gap = scratch.gap;
  if (scratch.log1p_decay_half_lives[0] != gap.long_half_life ||
      scratch.log1p_decay_half_lives[1] != gap.short_half_life) {
    scratch.log1p_decay_long.clear();
    scratch.log1p_decay_short.clear();
    scratch.log1p_decay_half_lives[0] = gap.long_half_life;
    scratch.log1p_decay_half_lives[1] = gap.short_half_life;
  }

  // Repeat candidates: every product bought, with its purchase-gap features.
  double weight_sum = 0;
  for (const ProductHistory& p : scratch.history) weight_sum += p.decayed_long;
  scratch.weight_sum = weight_sum;
  out.reserve(scratch.history.size() + static_cast<std::size_t>(config.cross_sell_candidates) +
              static_cast<std::size_t>(config.popular_candidates));
  // The product facts are a table larger than the cache, read in the household's product
  // order: ask for them a few candidates ahead so the misses overlap.
  constexpr std::size_t kFactsAhead = 8;
  const auto prefetch_facts = [&](std::size_t i) {
    if (i < scratch.history.size() && !context.facts.empty())
      __builtin_prefetch(context.facts.data() + scratch.history[i].product);
  };
  for (std::size_t i = 0; i < kFactsAhead; ++i) prefetch_facts(i);
  for (std::size_t i_p = 0; i_p < scratch.history.size(); ++i_p) {
    prefetch_facts(i_p + kFactsAhead);
    const ProductHistory& p = scratch.history[i_p];
    Candidate& c = append_blank(out);
    c.product = p.product;
    c.bought = true;
    c.baskets = p.baskets;
    const double population_cycle = population_cycle_of(context, p.product);
    const double cycle = effective_cycle(p, population_cycle, config);
    c.ratio = due_ratio(p, context.as_of, cycle);
    Features& f = c.features;
    fill_common(f, context, p.product, log1p_recent);
    f[Feature::bought] = 1.0;
    if (p.baskets == 1) {  // one basket: its decay weight alone, by its age
      const std::int32_t age = context.as_of - p.last_day;
      f[Feature::log_decayed_long] = log1p_decay(scratch.log1p_decay_long, gap.decay_long, age);
      f[Feature::log_decayed_short] = log1p_decay(scratch.log1p_decay_short, gap.decay_short, age);
    } else {
      f[Feature::log_decayed_long] = std::log1p(p.decayed_long);
      f[Feature::log_decayed_short] = std::log1p(p.decayed_short);
    }
    f[Feature::log_baskets] = log1p_count(scratch.log1p_of_count, p.baskets);
    f[Feature::log_elapsed] = log1p_count(scratch.log1p_of_count, context.as_of - p.last_day);
    if (cycle > 0)
      f[ratio_bin(c.ratio)] = 1.0;
    else
      f[Feature::no_cycle] = 1.0;
    // Both depend on the basket count alone (within a household): a division and an exp
    // per distinct count.
    const auto share_of_baskets = [&] { return p.baskets / std::max(total_baskets, 1.0); };
    const auto expected_in_window = [&](double share) { return 1.0 - std::exp(-share * baskets_in_horizon); };
    if (p.baskets <= kMemoBaskets) {
      CandidateScratch::BasketCountValues& memo = scratch.by_baskets[static_cast<std::size_t>(p.baskets)];
      if (memo.expected_in_window < 0) {
        memo.share_of_baskets = share_of_baskets();
        memo.expected_in_window = expected_in_window(memo.share_of_baskets);
      }
      f[Feature::share_of_baskets] = memo.share_of_baskets;
      f[Feature::expected_in_window] = memo.expected_in_window;
    } else {
      f[Feature::share_of_baskets] = share_of_baskets();
      f[Feature::expected_in_window] = expected_in_window(f[Feature::share_of_baskets]);
    }
    f[Feature::log_baskets_since] = log1p_count(scratch.log1p_of_count, p.baskets_since);
    if (due == DueProbability::computed)
      f[Feature::due_probability] = due_probability(p, context.as_of, population_cycle, horizon);
    else {
      c.pending_history = static_cast<std::int32_t>(i_p);
      c.due_bound = due_probability_bound(p, population_cycle, horizon);
    }
  }
  scratch.categories.summarize(context.categories, scratch.history);
  if (!context.categories.empty())
    for (std::size_t i = 0; i < out.size(); ++i)  // out[i] is the product of history[i]
      scratch.categories.fill(context.categories, out[i].product, scratch.history[i].decayed_long,
                              out[i].features);
  add_similarity_to_bought(context, config, out, scratch);
}

void add_explore_candidates(const ScoringContext& context, const ScoreConfig& config,
                            std::vector<Candidate>& out, CandidateScratch& scratch) {
  if (scratch.history.empty()) return;
  const double log1p_recent = scratch.log1p_recent;
  const std::size_t first_explore = out.size();
  // Explore candidates: affinity-weighted similarity from what the household buys.
  auto& cross = scratch.cross;
  auto& slot = scratch.slot;
  slot.resize(context.recent_households.size(), kNone);
  if (config.cross_sell_candidates <= 0 || context.neighbours.offsets.empty()) {
    cross.clear();
  } else {
    if (!scratch.cross_accumulated) {  // else the repeat candidates' accumulation left them
      strongest_products(scratch.history, config.cross_sell_triggers, scratch.triggers);
      for (const ProductHistory& p : scratch.history) slot[p.product] = kBought;
      const std::int32_t used = accumulate_cross_sell(context, scratch);
      cross.assign(scratch.cross_pool.data() + 1, scratch.cross_pool.data() + used);
      for (const CrossSell& e : cross) slot[e.product] = kNone;
    }
    // A relaunched product's old id: its rows are its successor's, never a candidate of its own.
    const std::vector<std::int32_t>& inherited = scratch.gap.inherited;
    if (!inherited.empty())
      std::erase_if(cross, [&](const CrossSell& e) {
        return std::find(inherited.begin(), inherited.end(), e.product) != inherited.end();
      });
    const std::size_t keep = std::min<std::size_t>(cross.size(), config.cross_sell_candidates);
    const auto stronger = [](const CrossSell& a, const CrossSell& b) {
      if (a.score != b.score) return a.score > b.score;
      return a.product < b.product;
    };
    // nth_element then sort: partial_sort's result (the order is total: one entry per
    // product) without its heap, which was a tenth of build_candidates.
    const auto split = cross.begin() + static_cast<std::ptrdiff_t>(keep);
    if (keep < cross.size()) std::nth_element(cross.begin(), split, cross.end(), stronger);
    std::sort(cross.begin(), split, stronger);
    cross.resize(keep);
  }
  for (const CrossSell& e : cross) {
    Candidate& c = append_blank(out);
    c.product = e.product;
    c.cross_sell = e.score;
    c.source = e.source;
    fill_common(c.features, context, e.product, log1p_recent);
    c.features[Feature::cross_sell] = std::log1p(10.0 * e.score);
  }

  for (const Candidate& c : out) slot[c.product] = kBought;
  for (const std::int32_t p : scratch.gap.inherited) slot[p] = kBought;
  // The most popular products of the household's strongest categories that it never bought
  // (nor has as a cross-sell candidate): the variants of what it buys.
  if (config.category_candidates > 0 && !context.categories.empty()) {
    constexpr int kPerCategory = 2;  // so that a few categories do not take every slot
    scratch.category_candidates.clear();
    scratch.categories.popular_untaken(context.categories, slot, kBought, config.category_candidates,
                                       kPerCategory, scratch.history, scratch.category_candidates);
    for (const CategoryCandidate& e : scratch.category_candidates) {
      Candidate& c = append_blank(out);
      c.product = e.product;
      c.source = e.source;
      fill_common(c.features, context, e.product, log1p_recent);
      slot[e.product] = kBought;
    }
  }
  // Popular products the household does not buy (nor has as another candidate).
  int added = 0;
  for (std::int32_t product : context.popular) {
    if (added >= config.popular_candidates) break;
    if (slot[product] == kBought) continue;
    Candidate& c = append_blank(out);
    c.product = product;
    fill_common(c.features, context, product, log1p_recent);
    ++added;
  }
  for (const Candidate& c : out) slot[c.product] = kNone;
  for (const std::int32_t p : scratch.gap.inherited) slot[p] = kNone;
  if (!context.categories.empty())
    for (std::size_t i = first_explore; i < out.size(); ++i)
      scratch.categories.fill(context.categories, out[i].product, 0.0, out[i].features);
}

}  // namespace basketgap::engine
