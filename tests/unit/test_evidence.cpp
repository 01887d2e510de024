// The evidence store: masses per (entity, factor), exact half-life decay that
// does not depend on arrival order, rebasing over long spans, negativity,
// source credibility, default times, and all-or-nothing validation.
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

namespace {

constexpr double day = 86400.0;
constexpr double T0 = 1.6e9;  // 2020-09-13, an arbitrary origin
const double kNaN = std::numeric_limits<double>::quiet_NaN();
const double kInf = std::numeric_limits<double>::infinity();

// A list of signals in columns, with entities given by id.
struct Signals {
  std::vector<std::string> ids;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time, credibility;

  std::size_t size() const { return ids.size(); }
  void push(std::string id, std::int32_t f, double v, double w, double t, double c = 1.0) {
    ids.push_back(std::move(id));
    factor.push_back(f);
    value.push_back(v);
    weight.push_back(w);
    time.push_back(t);
    credibility.push_back(c);
  }
  // Signals [begin, end) into store, by id.
  void add_to(EvidenceStore& store, std::size_t begin, std::size_t end,
              const trustscore::IngestOptions& options = {}) const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(end - begin);
    b.factor = factor.data() + begin;
    b.value = value.data() + begin;
    b.weight = weight.data() + begin;
    b.time = time.data() + begin;
    b.credibility = credibility.data() + begin;
    store.add(ids.data() + begin, b, options);
  }
  void add_to(EvidenceStore& store, const trustscore::IngestOptions& options = {}) const {
    add_to(store, 0, size(), options);
  }
  Signals permuted(const std::vector<std::size_t>& order) const {
    Signals out;
    for (std::size_t i : order)
      out.push(ids[i], factor[i], value[i], weight[i], time[i], credibility[i]);
    return out;
  }
};

// The closed form: sum over signals of strength * value * 2^-((T - t)/h), and
// of strength * (1 - value) * negativity * 2^-((T - t)/h), in long double.
struct ClosedForm {
  long double r = 0, s = 0;
};
ClosedForm closed_form(const Signals& sig, const Model& model, const std::string& id,
                       std::int32_t f, double as_of, double default_time = kNaN) {
  ClosedForm cf;
  const auto& p = model.params(static_cast<std::size_t>(f));
  const long double h = static_cast<long double>(p.half_life_days) * day;
  for (std::size_t i = 0; i < sig.size(); ++i) {
    if (sig.ids[i] != id || sig.factor[i] != f) continue;
    const double t = std::isnan(sig.time[i]) ? default_time : sig.time[i];
    const long double k = std::exp2(-static_cast<long double>(as_of - t) / h);
    const long double w = static_cast<long double>(sig.weight[i]) * sig.credibility[i] * k;
    cf.r += w * sig.value[i];
    cf.s += w * (1.0L - sig.value[i]) * p.negativity;
  }
  return cf;
}

bool close12(double a, long double b) { return tstest::close(a, static_cast<double>(b), 1e-12); }

// Every stored mass is finite and non-negative, and so is every decay factor.
bool all_finite(const EvidenceStore& store, double as_of) {
  for (std::size_t f = 0; f < store.factor_count(); ++f) {
    if (!std::isfinite(store.decay(f, as_of))) return false;
    for (std::size_t e = 0; e < store.entity_count(); ++e) {
      const double r = store.positive_column(f)[e], s = store.negative_column(f)[e];
      if (!std::isfinite(r) || !std::isfinite(s) || r < 0 || s < 0) return false;
    }
  }
  return true;
}

}  // namespace

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
