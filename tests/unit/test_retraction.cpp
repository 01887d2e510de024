// Retraction: a store that took signals back scores as the store that never
// had them (every kind, to 1e-12, with rebases between); a cell's last signal
// out leaves it exactly empty; entity removal; every bad retraction is an
// error naming the signal, and the store is unchanged, bit for bit.
#include <algorithm>
#include <catch2/catch.hpp>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "online_fixtures.hpp"

using namespace trustscore;
using namespace tstest::online;
using tstest::outcome_of;
using tstest::StoreSnapshot;

namespace {

// Both best levers are a factor of largest gain, up to 1e-12: factors of
// equal gain (empty ones with the same prior) tie, and rounding breaks ties.
bool same_lever(const Scores& x, const Scores& y, std::size_t i) {
  const auto top = [&](const Scores& s) {
    double best = -1;
    for (std::size_t f = 0; f < s.factors; ++f) best = std::max(best, s.gains[i * s.factors + f]);
    return best;
  };
  const auto gain = [&](const Scores& s, std::int32_t f) {
    return f < 0 ? -1.0 : s.gains[i * s.factors + std::size_t(f)];
  };
  return std::abs(gain(y, x.best_lever[i]) - top(y)) <= 1e-12 &&
         std::abs(gain(x, y.best_lever[i]) - top(x)) <= 1e-12;
}

// Scores of `ids` in both stores agree to 1e-12 (absolute: scores, bounds,
// contributions and gains are all O(1)); NaN matches NaN.
void check_same_scores(const Model& model, const EvidenceStore& a, const EvidenceStore& b,
                       const std::vector<std::string>& ids) {
  ScoreOptions options;
  options.explain = true;
  options.as_of = std::max(a.latest_time(), b.latest_time());
  const Scores x = score_ids(model, a, ids, options), y = score_ids(model, b, ids, options);
  const auto near = [](double p, double q) {
    return (std::isnan(p) && std::isnan(q)) || std::abs(p - q) <= 1e-12;
  };
  std::size_t bad = 0;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const bool off = !near(x.score[i], y.score[i]) || !near(x.lower[i], y.lower[i]) ||
                     !near(x.upper[i], y.upper[i]) || !same_lever(x, y, i);
    bad += off;
    for (std::size_t f = 0; f < x.factors; ++f)
      bad += !near(x.contributions[i * x.factors + f], y.contributions[i * y.factors + f]) ||
             !near(x.gains[i * x.factors + f], y.gains[i * y.factors + f]);
  }
  CHECK(bad == 0);
}

Signals subset(const Signals& s, const std::vector<std::size_t>& which) {
  return s.permuted(which);
}

}  // namespace

TEST_CASE("a retraction scores as the store that never had the signals", "[online][retract]") {
  for (ModelKind kind : all_model_kinds) {
    INFO(model_kind_name(kind));
    const Model model = model_of(kind);
    const Signals all = random_signals(11, 4000, 300, model.factor_count());
    std::mt19937_64 rng(12);
    std::vector<std::size_t> first(2000), second(2000);
    std::iota(first.begin(), first.end(), 0);
    std::iota(second.begin(), second.end(), 2000);
    std::shuffle(first.begin(), first.end(), rng);
    std::shuffle(second.begin(), second.end(), rng);
    // Taken back: 700 of the first half (in two calls, a rebase between),
    // then 500 of the second half and 200 more of the first.
    const std::vector<std::size_t> gone1(first.begin(), first.begin() + 400),
        gone2(first.begin() + 400, first.begin() + 700),
        gone3(second.begin(), second.begin() + 500),
        gone4(first.begin() + 700, first.begin() + 900);

    EvidenceStore store(model);
    all.add_to(store, 0, 2000);
    const Signals r1 = subset(all, gone1), r2 = subset(all, gone2);
    retract(store, r1, 0, r1.size());
    store.rebase(T0 + 200 * day);
    retract(store, r2, 0, r2.size());
    all.add_to(store, 2000, 4000);
    store.rebase(T0 + 500 * day);
    const Signals r3 = subset(all, gone3), r4 = subset(all, gone4);
    retract(store, r3, 0, r3.size());
    retract(store, r4, 0, r4.size());

    std::vector<bool> kept(all.size(), true);
    for (const auto* g : {&gone1, &gone2, &gone3, &gone4})
      for (std::size_t i : *g) kept[i] = false;
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < all.size(); ++i)
      if (kept[i]) keep.push_back(i);
    EvidenceStore never(model);
    subset(all, keep).add_to(never);

    CHECK(store.signal_count() == static_cast<std::int64_t>(keep.size()));
    check_same_scores(model, store, never, store.entity_ids());
  }
}

TEST_CASE("a cell's last signal out leaves it exactly empty", "[online][retract]") {
  const Model model = model_of(ModelKind::weighted_mean);
  EvidenceStore store(model);
  Signals s;
  s.push("shop", 2, 0.1, 0.3, T0, 0.7);
  s.push("shop", 2, 0.7, 1.1, T0 + 3 * day, 0.9);
  s.push("shop", 4, 1.0, 1.0, T0 + day);
  s.add_to(store);
  const auto shop = static_cast<std::size_t>(store.find_entity("shop"));
  CHECK(store.cell_signal_count(shop, 2) == 2);
  retract(store, s, 0, 2);
  CHECK(store.cell_signal_count(shop, 2) == 0);
  CHECK(store.positive_mass(shop, 2, store.latest_time()) == 0.0);
  CHECK(store.negative_mass(shop, 2, store.latest_time()) == 0.0);
  // weighted_mean: factor 2 is missing again, so the score is factor 4's value.
  const Scores only = score_ids(model, store, {"shop"});
  CHECK(only.score[0] == 1.0);
  CHECK(store.signal_count() == 1);
}

TEST_CASE("removing an entity empties every factor and keeps its index", "[online][retract]") {
  for (ModelKind kind : {ModelKind::beta, ModelKind::dirichlet}) {
    const Model model = model_of(kind);
    EvidenceStore store(model);
    const Signals s = random_signals(13, 500, 20, model.factor_count());
    s.add_to(store);
    const std::int64_t e7 = store.find_entity("e7");
    std::int64_t held = 0;
    for (std::size_t f = 0; f < store.factor_count(); ++f)
      held += store.cell_signal_count(static_cast<std::size_t>(e7), f);
    REQUIRE(held > 0);
    CHECK(store.remove_entity("e7") == held);
    CHECK(store.find_entity("e7") == e7);
    CHECK(store.signal_count() == 500 - held);
    // The same as a store where e7 never had a signal.
    EvidenceStore never(model);
    std::vector<std::size_t> keep;
    for (std::size_t i = 0; i < s.size(); ++i)
      if (s.ids[i] != "e7") keep.push_back(i);
    s.permuted(keep).add_to(never);
    never.add_entity("e7");
    check_same_scores(model, store, never, store.entity_ids());
    CHECK(store.remove_entity(e7) == 0);  // again: nothing left
    CHECK(outcome_of([&] {
            store.remove_entity("nobody");
          }).contains("entity 'nobody' is not in the store"));
    CHECK(outcome_of([&] {
            store.remove_entity(std::int64_t(20));
          }).contains("entity index 20 out of range [0, 20)"));
  }
}

TEST_CASE("bad retractions are errors naming the signal, and the store is unchanged",
          "[online][retract]") {
  const Model model = model_of(ModelKind::dirichlet);  // levels are checked too
  EvidenceStore store(model);
  Signals s;
  s.push("a", 0, 1.0, 1.0, T0);
  s.push("a", 1, 0.5, 2.0, T0 + day);
  s.push("b", 0, 0.0, 1.0, T0 + 2 * day);
  s.add_to(store);
  const StoreSnapshot before(store);

  // Each case: one good signal first, then the bad one (so the good one is undone).
  const auto attempt = [&](Signals bad, IngestOptions options = {}) {
    Signals batch;
    batch.push(s.ids[0], s.factor[0], s.value[0], s.weight[0], s.time[0]);
    for (std::size_t i = 0; i < bad.size(); ++i)
      batch.push(bad.ids[i], bad.factor[i], bad.value[i], bad.weight[i], bad.time[i],
                 bad.credibility[i]);
    const auto o = outcome_of(
        [&] { store.retract(batch.ids.data(), batch_of(batch, 0, batch.size()), options); });
    CHECK(o.status == Status::invalid_argument);
    CHECK(StoreSnapshot(store) == before);
    return o;
  };
  const auto one = [](std::string id, std::int32_t f, double v, double w, double t) {
    Signals x;
    x.push(std::move(id), f, v, w, t);
    return x;
  };
  CHECK(
      attempt(one("zed", 0, 1.0, 1.0, T0)).contains("signal 1: entity 'zed' is not in the store"));
  CHECK(attempt(one("a", 99, 1.0, 1.0, T0)).contains("signal 1: factor index 99 out of range"));
  CHECK(attempt(one("a", 1, tstest::evidence::kNaN, 2.0, T0 + day))
            .contains("signal 1: value is NaN"));
  CHECK(attempt(one("a", 1, 1.5, 2.0, T0 + day)).contains("signal 1: value 1.5"));
  CHECK(attempt(one("a", 1, 0.5, -2.0, T0 + day)).contains("signal 1: weight is negative"));
  // More mass than the cell holds: the weight, or the value on the wrong side.
  CHECK(attempt(one("a", 1, 0.5, 20.0, T0 + day))
            .contains("signal 1 (entity 'a', factor '" + model.factors()[1].id +
                      "'): it takes more positive mass"));
  CHECK(attempt(one("b", 0, 1.0, 1.0, T0 + 2 * day)).contains("it takes more positive mass"));
  // The same signal twice: the cell holds one.
  Signals twice = one("a", 1, 0.5, 2.0, T0 + day);
  twice.push("a", 1, 0.5, 2.0, T0 + day);
  CHECK(attempt(twice).contains("signal 2 (entity 'a'"));
  CHECK(attempt(twice).contains("holds no signal of this entity on this factor"));
  CHECK(attempt(one("b", 3, 1.0, 1.0, T0)).contains("holds no signal"));
  CHECK(attempt(one("a", 1, 0.5, 2.0, T0 + 9 * day)).contains("is after the newest signal"));
  // No time: the mass of a signal depends on it.
  CHECK(attempt(one("a", 1, 0.5, 2.0, tstest::evidence::kNaN))
            .contains("signal 1: no time; a retraction needs the time"));
  // By index: out of range.
  const std::int64_t entity[] = {0, 5};
  const std::int32_t factor[] = {0, 0};
  const double value[] = {1, 1}, time[] = {T0, T0};
  SignalBatch b;
  b.size = 2;
  b.entity = entity;
  b.factor = factor;
  b.value = value;
  b.time = time;
  CHECK(outcome_of([&] { store.retract(b); }).contains("signal 1: entity index 5 out of range"));
  CHECK(StoreSnapshot(store) == before);
  b.size = -1;
  CHECK(outcome_of([&] { store.retract(b); }).contains("signal count is negative"));
  // A good retraction after all that.
  store.retract(s.ids.data(), batch_of(s, 0, 3));
  CHECK(store.signal_count() == 0);
  for (std::size_t f = 0; f < store.factor_count(); ++f)
    for (std::size_t e = 0; e < 2; ++e) CHECK(store.cell_signal_count(e, f) == 0);
}
