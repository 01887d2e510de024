// The evidence store: masses per (entity, factor), exact half-life decay that
// does not depend on arrival order, negativity, source credibility, default
// times. test_evidence_rebase_errors.cpp has long spans and bad input.
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

TEST_CASE("a signal adds strength*value to r and strength*(1-value)*negativity to s",
          "[evidence]") {
  Model model;
  EvidenceStore store(model);
  Signals sig;
  // 4 of 5 stars is 0.75; strength 2: r = 2 * 0.75 = 1.5, s = 2 * 0.25 * 2 (negativity) = 1.
  sig.push("shop", 7, 0.75, 2.0, T0);
  // Fully positive and fully negative signals on another factor:
  // r = 1 * 1 = 1, s = 3 * 1 * 2 = 6.
  sig.push("shop", 1, 1.0, 1.0, T0);
  sig.push("shop", 1, 0.0, 3.0, T0);
  sig.add_to(store);
  REQUIRE(store.entity_count() == 1u);
  CHECK(store.signal_count() == 3);
  CHECK(store.positive_mass(0, 7, T0) == Approx(1.5).epsilon(1e-15));
  CHECK(store.negative_mass(0, 7, T0) == Approx(1.0).epsilon(1e-15));
  CHECK(store.positive_mass(0, 1, T0) == Approx(1.0).epsilon(1e-15));
  CHECK(store.negative_mass(0, 1, T0) == Approx(6.0).epsilon(1e-15));
  for (std::size_t f : {0u, 2u, 3u, 4u, 5u, 6u, 8u}) {
    CHECK(store.positive_mass(0, f, T0) == 0.0);
    CHECK(store.negative_mass(0, f, T0) == 0.0);
  }
  CHECK(store.reference_time() == T0);
  CHECK(store.latest_time() == T0);
}

TEST_CASE("decay: a signal one half-life old counts half", "[evidence][decay]") {
  Model model;  // authenticity: 365 days, service_details: 90 days
  EvidenceStore store(model);
  Signals sig;
  sig.push("a", 0, 1.0, 1.0, T0);  // r = 1
  sig.push("a", 8, 0.0, 1.0, T0);  // s = 1 * 2 = 2
  sig.add_to(store);
  CHECK(store.half_life_seconds(0) == 365 * day);
  CHECK(store.half_life_seconds(8) == 90 * day);
  // 2^-1 = 0.5 and 2^-2 = 0.25: exact in binary floating point.
  CHECK(store.positive_mass(0, 0, T0 + 365 * day) == 0.5);
  CHECK(store.positive_mass(0, 0, T0 + 730 * day) == 0.25);
  CHECK(store.positive_mass(0, 0, T0 + 365 * day / 2) == Approx(std::sqrt(0.5)).epsilon(1e-15));
  CHECK(store.negative_mass(0, 8, T0 + 90 * day) == 1.0);
  CHECK(store.negative_mass(0, 8, T0 + 900 * day) == Approx(2.0 / 1024).epsilon(1e-14));
  CHECK(store.decay(0, T0 + 365 * day) == 0.5);

  SECTION("a newer signal: the older one counts half at the newer one's time") {
    Signals later;
    later.push("a", 0, 1.0, 1.0, T0 + 365 * day);
    later.add_to(store);
    CHECK(store.positive_mass(0, 0, T0 + 365 * day) == Approx(1.5).epsilon(1e-15));
    CHECK(store.latest_time() == T0 + 365 * day);
  }
  SECTION("scores default to the newest signal time and honour as_of") {
    // At T0: r = 1, s = 0, p = (1 + 1) / 3 = 2/3 on authenticity (weight 2 of 12.5).
    // A half-life later r = 0.5, p = (0.5 + 1) / 2.5 = 0.6.
    // service_details (weight 1 of 12.5): s = 2 -> p = 1/4; 90 days later s = 1, p = 1/3.
    // Other factors score the base rate 0.5.
    const auto at = [&](double as_of) {
      trustscore::ScoreOptions o;
      o.as_of = as_of;
      return trustscore::score(model, store, o).score.at(0);
    };
    const auto expected = [](double p_auth, double p_service) {
      return 0.5 + 2 / 12.5 * (p_auth - 0.5) + 1 / 12.5 * (p_service - 0.5);
    };
    CHECK(trustscore::score(model, store).as_of == T0);
    CHECK(trustscore::score(model, store).score[0] == Approx(expected(2.0 / 3, 0.25)));
    CHECK(at(T0) == Approx(expected(2.0 / 3, 0.25)).epsilon(1e-14));
    // 365 days: authenticity r = 0.5; service_details s = 2 * 2^(-365/90).
    const double s365 = 2 * std::exp2(-365.0 / 90);
    CHECK(at(T0 + 365 * day) == Approx(expected(0.6, 1 / (s365 + 2))).epsilon(1e-14));
  }
}

TEST_CASE("an infinite half-life never decays", "[evidence][decay]") {
  Model model;
  auto p = model.params(5);
  p.half_life_days = kInf;
  model.set_params(5, p);
  EvidenceStore store(model);
  Signals sig;
  sig.push("a", 5, 1.0, 2.0, T0);
  sig.push("a", 5, 1.0, 1.0, T0 + 36500 * day);  // a century later
  sig.push("b", 0, 1.0, 1.0, T0 + 36600 * day);
  sig.add_to(store);
  CHECK(store.positive_mass(0, 5, T0 + 50000 * day) == 3.0);
  CHECK(store.positive_mass(0, 5, T0) == 3.0);
}

TEST_CASE("negative mass is multiplied by the factor's negativity", "[evidence][negativity]") {
  Model model;
  auto p = model.params(2);
  p.negativity = 3.5;
  model.set_params(2, p);
  auto q = model.params(4);
  q.negativity = 0.5;  // allowed: a factor where bad news weighs less
  model.set_params(4, q);
  EvidenceStore store(model);
  CHECK(store.negativity(0) == 2.0);  // the documented default
  CHECK(store.negativity(2) == 3.5);
  CHECK(store.negativity(4) == 0.5);
  Signals sig;
  // value 0.25, weight 4: r = 1 and unmultiplied s = 3.
  for (std::int32_t f : {0, 2, 4}) sig.push("a", f, 0.25, 4.0, T0);
  sig.add_to(store);
  CHECK(store.positive_mass(0, 0, T0) == 1.0);
  CHECK(store.positive_mass(0, 2, T0) == 1.0);
  CHECK(store.positive_mass(0, 4, T0) == 1.0);
  CHECK(store.negative_mass(0, 0, T0) == 6.0);   // 3 * 2
  CHECK(store.negative_mass(0, 2, T0) == 10.5);  // 3 * 3.5
  CHECK(store.negative_mass(0, 4, T0) == 1.5);   // 3 * 0.5

  SECTION("trust falls faster than it rises") {
    // One fully positive and one fully negative signal of equal strength on
    // authenticity: r = 1, s = 2, p = (1 + 1) / (1 + 2 + 2) = 0.4 < a = 0.5.
    Model m;
    EvidenceStore st(m);
    Signals two;
    two.push("b", 0, 1.0, 1.0, T0);
    two.push("b", 0, 0.0, 1.0, T0);
    two.add_to(st);
    trustscore::ScoreOptions o;
    o.explain = true;
    const auto s = trustscore::score(m, st, o);
    CHECK(s.contributions[0] == Approx(2.0 / 12.5 * (0.4 - 0.5)).epsilon(1e-14));
    CHECK(s.score[0] < s.baseline);
  }
  SECTION("changing the model later does not change ingested evidence") {
    auto changed = model.params(2);
    changed.negativity = 1;
    model.set_params(2, changed);
    CHECK(store.negativity(2) == 3.5);
    CHECK(store.negative_mass(0, 2, T0) == 10.5);
  }
}

TEST_CASE("a source's credibility scales its signal's strength", "[evidence][credibility]") {
  Model model;
  EvidenceStore store(model);
  Signals sig;
  sig.push("a", 6, 1.0, 2.0, T0, 0.25);  // r = 2 * 0.25 = 0.5
  sig.push("a", 6, 0.0, 2.0, T0, 0.5);   // s = 2 * 0.5 * 2 = 2
  sig.push("b", 6, 1.0, 5.0, T0, 0.0);   // counts nothing, but b exists
  sig.push("c", 6, 0.5, 1.0, T0, 1.0);   // r = 0.5, s = 0.5 * 2 = 1
  sig.add_to(store);
  CHECK(store.positive_mass(0, 6, T0) == 0.5);
  CHECK(store.negative_mass(0, 6, T0) == 2.0);
  CHECK(store.positive_mass(1, 6, T0) == 0.0);
  CHECK(store.negative_mass(1, 6, T0) == 0.0);
  CHECK(store.entity_id(1) == "b");
  CHECK(store.positive_mass(2, 6, T0) == 0.5);
  CHECK(store.negative_mass(2, 6, T0) == 1.0);
  CHECK(store.signal_count() == 4);

  SECTION("a null credibility column means full credibility") {
    EvidenceStore st(model);
    const std::string id = "a";
    const std::int32_t f = 6;
    const double v = 1, w = 2;
    SignalBatch b;
    b.size = 1;
    b.factor = &f;
    b.value = &v;
    b.weight = &w;
    b.time = &T0;
    st.add(&id, b);
    CHECK(st.positive_mass(0, 6, T0) == 2.0);
  }
}

TEST_CASE("signals without a time get IngestOptions::default_time", "[evidence][time]") {
  Model model;
  const std::string ids[] = {"a", "a"};
  const std::int32_t factor[] = {0, 0};
  const double value[] = {1, 1};

  SECTION("no time column") {
    EvidenceStore store(model);
    SignalBatch b;
    b.size = 2;
    b.factor = factor;
    b.value = value;
    store.add(ids, b, trustscore::IngestOptions{T0});
    CHECK(store.latest_time() == T0);
    CHECK(store.reference_time() == T0);
    CHECK(store.positive_mass(0, 0, T0) == 2.0);  // null weight column: strength 1 each
    CHECK(store.positive_mass(0, 0, T0 + 365 * day) == 1.0);
  }
  SECTION("NaN entries of a time column") {
    EvidenceStore store(model);
    const double time[] = {kNaN, T0 - 365 * day};
    SignalBatch b;
    b.size = 2;
    b.factor = factor;
    b.value = value;
    b.time = time;
    store.add(ids, b, trustscore::IngestOptions{T0});
    // 1 (at T0) + 0.5 (one half-life older).
    CHECK(store.positive_mass(0, 0, T0) == Approx(1.5).epsilon(1e-15));
    CHECK(store.latest_time() == T0);
  }
  SECTION("default_time NaN: the wall clock at ingest") {
    EvidenceStore store(model);
    SignalBatch b;
    b.size = 2;
    b.factor = factor;
    b.value = value;
    using namespace std::chrono;
    const double before = duration<double>(system_clock::now().time_since_epoch()).count();
    store.add(ids, b);
    const double after = duration<double>(system_clock::now().time_since_epoch()).count();
    CHECK(store.latest_time() >= before);
    CHECK(store.latest_time() <= after);
  }
  SECTION("an infinite default time is rejected") {
    EvidenceStore store(model);
    SignalBatch b;
    b.size = 2;
    b.factor = factor;
    b.value = value;
    CHECK(outcome_of([&] { store.add(ids, b, trustscore::IngestOptions{kInf}); }).status ==
          Status::invalid_argument);
    CHECK(store.entity_count() == 0u);
  }
}

TEST_CASE("decay is order-independent: shuffles and batch splits give the same masses",
          "[evidence][decay]") {
  // Short half-lives on two factors so that some orders rebase many times and
  // others never: 1 day (service_details) and 7 days (data_points), over 3 years.
  Model model;
  auto p8 = model.params(8);
  p8.half_life_days = 1;
  model.set_params(8, p8);
  auto p4 = model.params(4);
  p4.half_life_days = 7;
  p4.negativity = 3;
  model.set_params(4, p4);

  std::mt19937_64 rng(20240301);
  std::uniform_real_distribution<double> unit(0, 1);
  const double span = 3 * 365 * day, default_time = T0 + 400 * day;
  Signals sig;
  for (int i = 0; i < 3000; ++i) {
    const double u = unit(rng);
    const double v = u < 0.1 ? 0.0 : (u < 0.2 ? 1.0 : unit(rng));
    const double t = unit(rng) < 0.03 ? kNaN : T0 + unit(rng) * span;
    sig.push("e" + std::to_string(rng() % 6), static_cast<std::int32_t>(rng() % 9), v,
             unit(rng) * 5, t, unit(rng) < 0.5 ? 1.0 : unit(rng));
  }
  // Every (entity, factor) cell gets a recent signal, so no expected mass is
  // so decayed that it falls into subnormal numbers.
  for (int e = 0; e < 6; ++e)
    for (std::int32_t f = 0; f < 9; ++f)
      sig.push("e" + std::to_string(e), f, 0.5, 1.0, T0 + span - unit(rng) * 5 * day);
  const double as_of = T0 + span + day;
  const trustscore::IngestOptions options{default_time};

  const auto check_against_closed_form = [&](const EvidenceStore& store) {
    REQUIRE(store.entity_count() == 6u);
    REQUIRE(store.signal_count() == static_cast<std::int64_t>(sig.size()));
    int bad = 0;
    for (int e = 0; e < 6; ++e)
      for (std::int32_t f = 0; f < 9; ++f) {
        const std::string id = "e" + std::to_string(e);
        const auto idx = static_cast<std::size_t>(store.find_entity(id));
        const ClosedForm cf = closed_form(sig, model, id, f, as_of, default_time);
        const auto fs = static_cast<std::size_t>(f);
        if (!close12(store.positive_mass(idx, fs, as_of), cf.r) ||
            !close12(store.negative_mass(idx, fs, as_of), cf.s)) {
          ++bad;
          UNSCOPED_INFO("entity " << id << " factor " << f << ": r "
                                  << store.positive_mass(idx, fs, as_of) << " vs "
                                  << static_cast<double>(cf.r) << ", s "
                                  << store.negative_mass(idx, fs, as_of) << " vs "
                                  << static_cast<double>(cf.s));
        }
      }
    CHECK(bad == 0);
  };

  EvidenceStore reference(model);
  sig.add_to(reference, options);
  check_against_closed_form(reference);
  const auto same_as_reference = [&](const EvidenceStore& store) {
    int bad = 0;
    for (int e = 0; e < 6; ++e)
      for (std::size_t f = 0; f < 9; ++f) {
        const std::string id = "e" + std::to_string(e);
        const auto a = static_cast<std::size_t>(store.find_entity(id));
        const auto b = static_cast<std::size_t>(reference.find_entity(id));
        if (!tstest::close(store.positive_mass(a, f, as_of), reference.positive_mass(b, f, as_of),
                           1e-12) ||
            !tstest::close(store.negative_mass(a, f, as_of), reference.negative_mass(b, f, as_of),
                           1e-12))
          ++bad;
      }
    CHECK(bad == 0);
    CHECK(store.latest_time() == reference.latest_time());
  };

  std::vector<std::size_t> order(sig.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  // Catch runs the test case once per section: shuffle outside the sections
  // so that every run sees the same six different orders.
  std::vector<std::vector<std::size_t>> shuffles;
  for (int trial = 0; trial < 6; ++trial) {
    std::shuffle(order.begin(), order.end(), rng);
    shuffles.push_back(order);
  }
  for (int trial = 0; trial < 6; ++trial) {
    DYNAMIC_SECTION("shuffle " << trial) {
      const Signals shuffled = sig.permuted(shuffles[static_cast<std::size_t>(trial)]);
      EvidenceStore store(model);
      if (trial % 2 == 0) {
        shuffled.add_to(store, options);  // one batch
      } else {
        // Random batch splits, from single signals to hundreds.
        std::size_t i = 0;
        while (i < shuffled.size()) {
          const std::size_t n = std::min<std::size_t>(shuffled.size() - i, 1 + rng() % 300);
          shuffled.add_to(store, i, i + n, options);
          i += n;
        }
      }
      check_against_closed_form(store);
      same_as_reference(store);
    }
  }
  SECTION("one signal at a time, oldest first (rebases again and again)") {
    std::vector<std::size_t> by_time(order);
    const auto time_of = [&](std::size_t i) {
      return std::isnan(sig.time[i]) ? default_time : sig.time[i];
    };
    std::sort(by_time.begin(), by_time.end(),
              [&](std::size_t a, std::size_t b) { return time_of(a) < time_of(b); });
    const Signals sorted = sig.permuted(by_time);
    EvidenceStore store(model);
    for (std::size_t i = 0; i < sorted.size(); ++i) sorted.add_to(store, i, i + 1, options);
    check_against_closed_form(store);
    same_as_reference(store);

    EvidenceStore newest_first(model);
    for (std::size_t i = sorted.size(); i-- > 0;) sorted.add_to(newest_first, i, i + 1, options);
    check_against_closed_form(newest_first);
    same_as_reference(newest_first);
  }
  SECTION("dense entity indices instead of ids") {
    EvidenceStore store(model);
    std::vector<std::int64_t> dense;
    for (const auto& id : sig.ids) dense.push_back(store.add_entity(id));
    SignalBatch b;
    b.size = static_cast<std::int64_t>(sig.size());
    b.entity = dense.data();
    b.factor = sig.factor.data();
    b.value = sig.value.data();
    b.weight = sig.weight.data();
    b.time = sig.time.data();
    b.credibility = sig.credibility.data();
    store.add(b, options);
    check_against_closed_form(store);
  }
}
