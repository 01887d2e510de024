// The evidence store over long spans and bad input: rebasing (200 years of
// signals, masses past 2^64), entity ids, all-or-nothing validation, scoring
// as of an earlier time, evidence totals. test_evidence.cpp has the masses,
// decay, negativity, credibility and default times.
#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "evidence_signals.hpp"
#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"

using trustscore::EvidenceStore;
using trustscore::Model;
using trustscore::SignalBatch;
using trustscore::Status;
using tstest::Outcome;
using tstest::outcome_of;
using tstest::StoreSnapshot;
using namespace tstest::evidence;

TEST_CASE("rebasing: 200 years of signals with a 1-day half-life", "[evidence][decay]") {
  // authenticity decays with a 1-day half-life, koc_word_of_mouth keeps its
  // 180 days. Whole-second times from 1824 to 2024 (negative unix times too)
  // make every time difference exact, so the store must match the closed form.
  Model model;
  auto p = model.params(0);
  p.half_life_days = 1;
  model.set_params(0, p);
  const double end = 1704067200;  // 2024-01-01
  const double start = end - 200 * 365.25 * day;
  std::mt19937_64 rng(7);
  std::uniform_real_distribution<double> unit(0, 1);
  Signals sig;
  for (int i = 0; i < 4000; ++i) {
    const double t = std::floor(start + unit(rng) * (end - start));
    sig.push("e" + std::to_string(rng() % 3), rng() % 2 ? 0 : 7, unit(rng), 0.5 + unit(rng), t);
  }
  for (int e = 0; e < 3; ++e)  // recent evidence in every cell
    for (std::int32_t f : {0, 7})
      for (int k = 0; k < 3; ++k)
        sig.push("e" + std::to_string(e), f, unit(rng), 1.0,
                 end - std::floor(unit(rng) * 20 * day));
  sig.push("e0", 0, 1.0, 1.0, end);  // the newest signal is at `end`

  std::vector<std::size_t> order(sig.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::sort(order.begin(), order.end(),
            [&](std::size_t a, std::size_t b) { return sig.time[a] < sig.time[b]; });
  const Signals sorted = sig.permuted(order);

  const auto check = [&](const EvidenceStore& store) {
    CHECK(store.latest_time() == end);
    CHECK(all_finite(store, end));
    int bad = 0;
    for (int e = 0; e < 3; ++e)
      for (std::int32_t f : {0, 7}) {
        const std::string id = "e" + std::to_string(e);
        const auto idx = static_cast<std::size_t>(store.find_entity(id));
        const auto fs = static_cast<std::size_t>(f);
        for (double as_of : {end, end + 3 * day, end - 2 * day}) {
          const ClosedForm cf = closed_form(sig, model, id, f, as_of);
          if (!close12(store.positive_mass(idx, fs, as_of), cf.r) ||
              !close12(store.negative_mass(idx, fs, as_of), cf.s)) {
            ++bad;
            UNSCOPED_INFO(id << " factor " << f << " as of " << as_of << ": r "
                             << store.positive_mass(idx, fs, as_of) << " vs "
                             << static_cast<double>(cf.r));
          }
        }
      }
    CHECK(bad == 0);
    const auto s = trustscore::score(model, store);
    for (double x : s.score) CHECK(std::isfinite(x));
    for (double x : s.lower) CHECK(std::isfinite(x));
  };

  SECTION("one batch") {
    EvidenceStore store(model);
    sig.add_to(store);
    check(store);
  }
  SECTION("oldest first, in batches of 20: a rebase with nearly every batch") {
    EvidenceStore store(model);
    for (std::size_t i = 0; i < sorted.size(); i += 20) {
      sorted.add_to(store, i, std::min(sorted.size(), i + 20));
      if (!all_finite(store, store.latest_time())) FAIL("non-finite mass after batch " << i / 20);
    }
    check(store);
  }
  SECTION("newest first, one at a time") {
    EvidenceStore store(model);
    for (std::size_t i = sorted.size(); i-- > 0;) sorted.add_to(store, i, i + 1);
    CHECK(store.reference_time() == end);  // never needed to move
    check(store);
  }
}

TEST_CASE("the store rebases once a mass would grow past 2^64", "[evidence][decay]") {
  Model model;
  auto p = model.params(0);
  p.half_life_days = 1;
  model.set_params(0, p);
  EvidenceStore store(model);
  Signals first;
  first.push("a", 0, 1.0, 1.0, T0);
  first.add_to(store);
  CHECK(store.reference_time() == T0);

  Signals near;  // 50 half-lives later: 2^50 fits, no rebase
  near.push("a", 0, 1.0, 1.0, T0 + 50 * day);
  near.add_to(store);
  CHECK(store.reference_time() == T0);
  CHECK(store.positive_column(0)[0] == Approx(1 + std::exp2(50.0)).epsilon(1e-15));

  Signals far;  // 100 half-lives after T0: rebases to that time
  far.push("a", 0, 1.0, 1.0, T0 + 100 * day);
  far.add_to(store);
  CHECK(store.reference_time() == T0 + 100 * day);
  // 1 + 2^-50 + 2^-100 as of the newest signal.
  CHECK(store.positive_column(0)[0] == Approx(1 + std::exp2(-50.0)).epsilon(1e-15));
  CHECK(store.positive_mass(0, 0, T0 + 100 * day) == Approx(1 + std::exp2(-50.0)).epsilon(1e-15));

  SECTION("an explicit rebase keeps masses as of any time") {
    const double before = store.positive_mass(0, 0, T0 + 101 * day);
    const double before_other = store.positive_mass(0, 0, T0 + 80 * day);
    store.rebase(T0 + 90 * day);
    CHECK(store.reference_time() == T0 + 90 * day);
    CHECK(store.positive_mass(0, 0, T0 + 101 * day) == Approx(before).epsilon(1e-13));
    CHECK(store.positive_mass(0, 0, T0 + 80 * day) == Approx(before_other).epsilon(1e-13));
    CHECK(outcome_of([&] { store.rebase(kInf); }).status == Status::invalid_argument);
    CHECK(outcome_of([&] { store.rebase(kNaN); }).status == Status::invalid_argument);
  }
  SECTION("a signal far older than the reference time adds nothing and breaks nothing") {
    Signals ancient;
    ancient.push("a", 0, 1.0, 1.0, T0 - 5000 * day);
    ancient.push("b", 0, 0.0, 1.0, T0 - 5000 * day);
    ancient.add_to(store);
    CHECK(all_finite(store, T0 + 100 * day));
    CHECK(store.positive_mass(0, 0, T0 + 100 * day) == Approx(1 + std::exp2(-50.0)).epsilon(1e-15));
    CHECK(store.negative_mass(1, 0, T0 + 100 * day) == 0.0);
    CHECK(store.latest_time() == T0 + 100 * day);
  }
}

TEST_CASE("entity ids map to dense indices", "[evidence]") {
  Model model;
  EvidenceStore store(model);
  CHECK(store.entity_count() == 0u);
  CHECK(std::isnan(store.reference_time()));
  CHECK(std::isnan(store.latest_time()));
  CHECK(store.add_entity("acme") == 0);
  CHECK(store.add_entity("globex") == 1);
  CHECK(store.add_entity("acme") == 0);
  CHECK(store.entity_count() == 2u);
  CHECK(store.find_entity("globex") == 1);
  CHECK(store.find_entity("initech") == -1);
  CHECK(store.entity_id(1) == "globex");
  CHECK(store.entity_ids() == std::vector<std::string>{"acme", "globex"});
  CHECK(outcome_of([&] { (void)store.entity_id(2); }).status == Status::invalid_argument);
  CHECK(outcome_of([&] { store.add_entity(""); }).status == Status::invalid_argument);
  CHECK(store.entity_count() == 2u);
  for (std::size_t f = 0; f < 9; ++f) {
    CHECK(store.positive_column(f)[1] == 0.0);
    CHECK(store.negative_column(f)[1] == 0.0);
  }
  // Ids are exact strings: case and spaces matter.
  CHECK(store.add_entity("Acme") == 2);
  CHECK(store.add_entity("acme ") == 3);
}

TEST_CASE("bad signals are rejected and leave the store unchanged", "[evidence][errors]") {
  Model model;
  model.add_factor("innovation");
  EvidenceStore store(model);
  Signals seed;
  seed.push("a", 0, 0.9, 1.0, T0);
  seed.push("b", 9, 0.2, 2.0, T0 - 10 * day);
  seed.push("c", 3, 0.5, 1.0, T0 + day, 0.5);
  seed.add_to(store);
  REQUIRE(store.entity_count() == 3u);
  REQUIRE(store.factor_count() == 10u);

  // Three signals, valid unless a case breaks one; the bad one is always the
  // last, so a store that applied signals one by one would show the first two.
  struct Case {
    std::string name;
    std::function<void(Signals&, std::vector<std::int64_t>&)> spoil;
    bool by_id = true;
    std::string message = "signal 2";
  };
  const std::vector<Case> cases = {
      {"entity index -1", [](Signals&, auto& e) { e[2] = -1; }, false},
      {"entity index == entity count", [](Signals&, auto& e) { e[2] = 3; }, false},
      {"entity index huge", [](Signals&, auto& e) { e[2] = std::int64_t{1} << 40; }, false},
      {"factor -1", [](Signals& s, auto&) { s.factor[2] = -1; }},
      {"factor == factor count", [](Signals& s, auto&) { s.factor[2] = 10; }},
      {"factor == factor count, by index", [](Signals& s, auto&) { s.factor[2] = 10; }, false},
      {"value below 0", [](Signals& s, auto&) { s.value[2] = -0.01; }},
      {"value above 1", [](Signals& s, auto&) { s.value[2] = 1.01; }},
      {"value NaN", [](Signals& s, auto&) { s.value[2] = kNaN; }},
      {"value +inf", [](Signals& s, auto&) { s.value[2] = kInf; }},
      {"value -inf", [](Signals& s, auto&) { s.value[2] = -kInf; }, false},
      {"weight negative", [](Signals& s, auto&) { s.weight[2] = -1; }},
      {"weight NaN", [](Signals& s, auto&) { s.weight[2] = kNaN; }},
      {"weight inf", [](Signals& s, auto&) { s.weight[2] = kInf; }, false},
      {"time +inf", [](Signals& s, auto&) { s.time[2] = kInf; }},
      {"time -inf", [](Signals& s, auto&) { s.time[2] = -kInf; }},
      {"credibility below 0", [](Signals& s, auto&) { s.credibility[2] = -0.1; }},
      {"credibility above 1", [](Signals& s, auto&) { s.credibility[2] = 1.5; }},
      {"credibility NaN", [](Signals& s, auto&) { s.credibility[2] = kNaN; }, false},
      {"empty entity id", [](Signals& s, auto&) { s.ids[2] = ""; }, true, "entity id is empty"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.name) {
      Signals sig;
      sig.push("new_entity", 1, 1.0, 1.0, T0 + 1000 * day);  // would also rebase
      sig.push("a", 2, 0.0, 3.0, T0);
      sig.push("b", 4, 0.5, 1.0, T0);
      std::vector<std::int64_t> dense = {0, 1, 2};
      c.spoil(sig, dense);
      const StoreSnapshot before(store);
      Outcome o;
      if (c.by_id) {
        o = outcome_of([&] { sig.add_to(store); });
      } else {
        sig.ids.clear();
        SignalBatch b;
        b.size = 3;
        b.entity = dense.data();
        b.factor = sig.factor.data();
        b.value = sig.value.data();
        b.weight = sig.weight.data();
        b.time = sig.time.data();
        b.credibility = sig.credibility.data();
        o = outcome_of([&] { store.add(b); });
      }
      CHECK(o.status == Status::invalid_argument);
      CHECK(o.contains(c.message));
      CHECK(StoreSnapshot(store) == before);
      CHECK(store.find_entity("new_entity") == -1);
    }
  }

  SECTION("null columns with a nonzero size") {
    const std::int64_t dense[] = {0, 1, 2};
    const std::string ids[] = {"x", "y", "z"};
    const std::int32_t factor[] = {0, 1, 2};
    const double value[] = {0.5, 0.5, 0.5};
    const StoreSnapshot before(store);
    const auto batch = [&](bool entity, bool f, bool v) {
      SignalBatch b;
      b.size = 3;
      b.entity = entity ? dense : nullptr;
      b.factor = f ? factor : nullptr;
      b.value = v ? value : nullptr;
      return b;
    };
    CHECK(outcome_of([&] { store.add(batch(false, true, true)); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] { store.add(batch(true, false, true)); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] { store.add(batch(true, true, false)); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] { store.add(ids, batch(false, false, true)); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] { store.add(ids, batch(false, true, false)); }).status ==
          Status::invalid_argument);
    CHECK(outcome_of([&] {
            store.add(static_cast<const std::string*>(nullptr), batch(false, true, true));
          }).status == Status::invalid_argument);
    CHECK(StoreSnapshot(store) == before);
    // Size 0 needs no columns at all and changes nothing.
    CHECK_NOTHROW(store.add(SignalBatch{}));
    CHECK_NOTHROW(store.add(static_cast<const std::string*>(nullptr), SignalBatch{}));
    CHECK(StoreSnapshot(store) == before);
  }
  SECTION("a negative size") {
    const StoreSnapshot before(store);
    SignalBatch b;
    b.size = -1;
    CHECK(outcome_of([&] { store.add(b); }).status == Status::invalid_argument);
    CHECK(StoreSnapshot(store) == before);
  }
  SECTION("boundary values are accepted") {
    Signals sig;
    sig.push("a", 0, 0.0, 0.0, T0, 0.0);    // weight 0 and credibility 0: adds nothing
    sig.push("a", 0, 1.0, 1.0, kNaN, 1.0);  // NaN time: the default time
    sig.push("d", 9, 1.0, 1e300, -1e12, 1.0);
    const double r_before = store.positive_mass(0, 0, T0);
    sig.add_to(store, trustscore::IngestOptions{T0});
    CHECK(store.positive_mass(0, 0, T0) == Approx(r_before + 1).epsilon(1e-15));
    CHECK(store.find_entity("d") == 3);
    CHECK(all_finite(store, T0));
  }
}

TEST_CASE("scoring as of a time before the newest signal is refused", "[evidence][decay]") {
  // The store sums evidence over time: it cannot leave out signals newer than
  // as_of, and decayed backwards they would weigh more than they do.
  Model model;
  auto p = model.params(0);
  p.half_life_days = 1;
  model.set_params(0, p);
  EvidenceStore store(model);
  Signals sig;
  sig.push("a", 0, 1.0, 1.0, T0 - 30 * day);
  sig.push("b", 1, 0.0, 1.0, T0);
  sig.add_to(store);
  trustscore::ScoreOptions o;
  for (double before : {T0 - 1.0, T0 - 3 * 365 * day}) {
    o.as_of = before;
    const auto refused = outcome_of([&] { trustscore::score(model, store, o); });
    CHECK(refused.status == Status::invalid_argument);
    CHECK(refused.contains("before the newest signal"));
    CHECK(refused.contains(trustscore::format_time(T0)));
  }
  // As of the newest signal, or later, is scored; far in the future every
  // factor has decayed to its prior.
  o.as_of = T0;
  const auto now = trustscore::score(model, store, o);
  for (double x : now.score) CHECK(std::isfinite(x));
  o.as_of = T0 + 1e6 * day;
  const auto later = trustscore::score(model, store, o);
  CHECK(later.score[0] == Approx(later.baseline).epsilon(1e-14));
  // An empty store has no newest signal: any as-of time is fine.
  EvidenceStore empty(model);
  o.as_of = T0 - 1e9;
  CHECK(trustscore::score(model, empty, o).entities == 0);
}

TEST_CASE("evidence_totals: decayed r + s per entity", "[evidence][grades]") {
  trustscore::Model model;
  trustscore::FactorParams p = model.params(0);
  p.half_life_days = 10;
  model.set_params(0, p);
  p = model.params(1);
  p.half_life_days = kInf;
  model.set_params(1, p);
  EvidenceStore store(model);
  CHECK(trustscore::evidence_totals(store, kNaN).empty());
  Signals sig;
  sig.push("a", 0, 1.0, 2.0, T0);             // r = 2, halved by T0 + 10 days
  sig.push("a", 1, 0.25, 4.0, T0);            // r = 1, s = 3 x negativity 2 = 6, no decay
  sig.push("b", 0, 0.0, 1.0, T0 + 10 * day);  // s = 1 x 2, fresh at T0 + 10 days
  sig.add_to(store);
  // a: 2/2 + 7 = 8; b: 2.
  for (double as_of : {kNaN, T0 + 10 * day}) {
    const std::vector<double> total = trustscore::evidence_totals(store, as_of);
    REQUIRE(total.size() == 2);
    CHECK(total[0] == Approx(8.0).epsilon(1e-14));
    CHECK(total[1] == Approx(2.0).epsilon(1e-14));
  }
  // Ten more days: a = 2/4 + 7, b = 2/2.
  const std::vector<double> later = trustscore::evidence_totals(store, T0 + 20 * day);
  CHECK(later[0] == Approx(7.5).epsilon(1e-14));
  CHECK(later[1] == Approx(1.0).epsilon(1e-14));
}
