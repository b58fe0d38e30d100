#include "engine/synth/transactions.hpp"

#include <algorithm>
#include <cmath>
#include <unordered_set>
#include <utility>

#include "engine/synth/affinity.hpp"
#include "engine/synth/staples.hpp"
#include "engine/synth/taxonomy.hpp"

namespace basketgap::engine::synth {

namespace {

constexpr std::uint64_t kBasketStream = 0x42534B54;
constexpr std::uint64_t kPlanStream = 0x504C414E;
constexpr double kTopUpShare = 0.03;  // 1-2 item trips
constexpr int kMinBasket = 3;         // usual trips have at least 3 items
constexpr int kMaxBasket = 40;
constexpr double kPartnerShare = 0.3;      // exploratory picks that follow an item in the basket
constexpr double kStapleSkip = 0.1;        // a due staple is sometimes not bought this trip
constexpr double kPromoShare = 0.15;       // lines with a retail discount
constexpr double kCouponShare = 0.008;     // lines with a coupon discount
constexpr double kOtherStoreShare = 0.08;  // trips to a store other than the home store

// Trip days inside the active window: a renewal process with gamma gaps (more regular than
// Poisson, as shopping rhythms are). Two trips can fall on one day.
std::vector<int> trip_days(const Household& h, Rng& rng) {
  std::vector<int> days;
  const int count = std::max(1, static_cast<int>(std::lround(h.baskets)));
  const double window = h.last_day - h.first_day + 1;
  const double gap = window / count;
  constexpr double shape = 1.0;
  double t = h.first_day + rng.uniform() * std::min(gap, window);
  while (static_cast<int>(days.size()) < count && t < h.last_day + 1) {
    days.push_back(static_cast<int>(t));
    t += rng.gamma(shape, gap / shape);
  }
  if (days.size() >= static_cast<std::size_t>(kBasketIdStride)) days.resize(kBasketIdStride - 1);
  return days;
}

int basket_size(const Household& h, Rng& rng) {
  if (rng.chance(kTopUpShare)) return 1 + static_cast<int>(rng.below(2));
  // Gamma with shape a little above 1: fewer minimum baskets than a geometric tail would give.
  constexpr double shape = 1.2;
  return std::min(kMaxBasket, kMinBasket + static_cast<int>(rng.gamma(shape, h.basket_extra / shape)));
}

int quantity(const Household& h, Rng& rng) {
  const double u = rng.uniform() / std::pow(h.size / 2.0, 0.15);
  if (u < 0.03) return 3 + static_cast<int>(rng.below(4));
  if (u < 0.07) return 3;
  if (u < 0.20) return 2;
  return 1;
}

// Per-household commodity weights: real line share x segment affinity x personal taste.
std::vector<double> commodity_weights(const Household& h, Rng& rng) {
  const auto specs = commodity_specs();
  std::vector<double> w(specs.size());
  for (std::size_t c = 0; c < specs.size(); ++c)
    w[c] = specs[c].line_share * segment_affinity(specs[c].segment, h) * rng.lognormal(1.0, 0.6);
  return w;
}

class BasketBuilder {
 public:
  BasketBuilder(const Catalog& catalog, const Household& h, HouseholdPlan plan, Rng& rng)
      : catalog_(catalog),
        h_(h),
        rng_(rng),
        weights_(std::move(plan.weights)),
        explore_(weights_),
        staples_(std::move(plan.staples)) {}

  // The products (catalogue indices) of one trip on `day`.
  const std::vector<std::int64_t>& fill(int day) {
    items_.clear();
    const int size = basket_size(h_, rng_);
    add_due_staples(day, size);
    for (int attempt = 0; static_cast<int>(items_.size()) < size && attempt < 4 * size; ++attempt)
      add(explore(day));
    return items_;
  }

 private:
  bool add(std::int64_t product) {
    if (product < 0 || std::find(items_.begin(), items_.end(), product) != items_.end()) return false;
    items_.push_back(product);
    return true;
  }

  // The most overdue staples first, up to `slots`; each purchase sets the next due day one
  // (jittered) personal cycle later.
  void add_due_staples(int day, int slots) {
    due_.clear();
    for (std::size_t i = 0; i < staples_.size(); ++i)
      if (staples_[i].due(day)) due_.push_back(i);
    std::stable_sort(due_.begin(), due_.end(), [&](std::size_t a, std::size_t b) {
      return (day - staples_[a].next_due) / staples_[a].cycle >
             (day - staples_[b].next_due) / staples_[b].cycle;
    });
    for (std::size_t i : due_) {
      if (slots == 0) break;
      Staple& s = staples_[i];
      if (rng_.chance(kStapleSkip)) continue;
      std::int64_t p = s.favourite(day);
      if (!catalog_.product(p).available(day)) {  // discontinued: move to another product
        p = catalog_.draw_product(s.commodity, day, rng_);
        (s.switched_to >= 0 && day >= s.switch_day ? s.switched_to : s.product) = p;
      }
      if (!add(p)) continue;
      --slots;
      s.next_due = day + std::max(1, static_cast<int>(std::lround(s.cycle * rng_.normal(1.0, kCycleJitter))));
    }
  }

  // An exploratory pick: a partner of something already in the basket, a product bought
  // before, or a fresh draw by the household's commodity weights and product popularity.
  std::int64_t explore(int day) {
    const double u = rng_.uniform();
    if (!items_.empty() && u < kPartnerShare) {
      const int c = partner(catalog_.product(items_[rng_.below(items_.size())]).commodity);
      if (c >= 0) return remember(catalog_.draw_product(c, day, rng_));
    } else if (!history_.empty() && u < kPartnerShare + (1.0 - kPartnerShare) * h_.repeat_share) {
      const std::int64_t p = history_[rng_.below(history_.size())];
      if (catalog_.product(p).available(day)) return p;
    }
    return remember(catalog_.draw_product(static_cast<int>(explore_.draw(rng_)), day, rng_));
  }

  int partner(int commodity) {
    const auto& partners = commodity_partners()[commodity];
    double total = 0.0;
    for (int c : partners) total += weights_[c];
    if (total <= 0.0) return -1;
    double x = rng_.uniform() * total;
    for (int c : partners)
      if ((x -= weights_[c]) < 0.0) return c;
    return partners.back();
  }

  std::int64_t remember(std::int64_t product) {
    if (seen_.insert(product).second) history_.push_back(product);
    return product;
  }

  const Catalog& catalog_;
  const Household& h_;
  Rng& rng_;
  std::vector<double> weights_;
  WeightedSampler explore_;
  std::vector<Staple> staples_;
  std::vector<std::int64_t> items_, history_;
  std::vector<std::size_t> due_;
  std::unordered_set<std::int64_t> seen_;
};

int trip_time(Rng& rng) {
  const int hour = std::clamp(static_cast<int>(std::lround(rng.normal(15.0, 3.5))), 6, 23);
  return hour * 100 + static_cast<int>(rng.below(60));
}

TxnRow line(const Catalog& catalog, const Household& h, std::int64_t product, Rng& rng) {
  TxnRow r;
  const Product& p = catalog.product(product);
  r.product_id = p.id;
  if (rng.chance(kReturnShare)) {
    // Like the real file: mostly zero-quantity zero-value lines, some refunds.
    if (rng.chance(0.7)) return r;
    r.quantity = -1;
    r.sales_cents = -p.price_cents;
    return r;
  }
  r.quantity = quantity(h, rng);
  const std::int32_t gross = r.quantity * p.price_cents;
  if (rng.chance(kPromoShare))
    r.retail_disc_cents = -static_cast<std::int32_t>(std::lround(gross * rng.uniform(0.1, 0.35)));
  r.sales_cents = gross + r.retail_disc_cents;
  if (rng.chance(kCouponShare)) {
    r.coupon_disc_cents = -std::min(r.sales_cents, 25 * (1 + static_cast<std::int32_t>(rng.below(6))));
    if (rng.chance(0.3)) r.coupon_match_disc_cents = r.coupon_disc_cents / 2;
  }
  return r;
}

}  // namespace

HouseholdPlan plan_household(const Catalog& catalog, const Household& h, std::uint64_t seed) {
  Rng rng(stream_seed(seed, kPlanStream, static_cast<std::uint64_t>(h.index)));
  HouseholdPlan plan;
  plan.weights = commodity_weights(h, rng);
  plan.staples = plan_staples(catalog, h, plan.weights, rng);
  return plan;
}

void generate_transactions(const Catalog& catalog, const Household& h, std::uint64_t seed,
                           std::vector<TxnRow>& out) {
  Rng rng(stream_seed(seed, kBasketStream, static_cast<std::uint64_t>(h.index)));
  BasketBuilder builder(catalog, h, plan_household(catalog, h, seed), rng);
  const std::vector<int> days = trip_days(h, rng);
  for (std::size_t k = 0; k < days.size(); ++k) {
    const int day = days[k];
    const std::int64_t basket = kBasketIdBase + h.index * kBasketIdStride + static_cast<std::int64_t>(k);
    const int store = rng.chance(kOtherStoreShare) ? 286 + static_cast<int>(rng.below(160)) : h.home_store;
    const int time = trip_time(rng);
    for (const std::int64_t product : builder.fill(day)) {
      TxnRow r = line(catalog, h, product, rng);
      r.household_key = h.key;
      r.basket_id = basket;
      r.day = day;
      r.store_id = store;
      r.trans_time = time;
      out.push_back(r);
    }
  }
}

}  // namespace basketgap::engine::synth
