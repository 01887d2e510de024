// The logistic model kind: a hand-computed entity (score, interval,
// contributions, gains, best lever), a Model built from a fit scoring what
// the fit predicts, the unfitted model, profiles not applying, and bad
// weights.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/trustscore.hpp"

using namespace trustscore;
using tstest::close;
using tstest::outcome_of;

namespace {

double sigma(double z) { return 1 / (1 + std::exp(-z)); }

// No decay, negativity 1: masses are the signals' weights.
Model logistic_of(std::vector<double> weights, double bias) {
  Model m;
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    FactorParams p = m.params(f);
    p.half_life_days = std::numeric_limits<double>::infinity();
    p.negativity = 1;
    m.set_params(f, p);
  }
  ModelSettings s;
  s.kind = ModelKind::logistic;
  s.logistic_weights = std::move(weights);
  s.logistic_bias = bias;
  m.set_settings(s);
  return m;
}

// Adds the signals as one batch; times default to 0.
void add(EvidenceStore& store, std::vector<std::string> ids, std::vector<std::int32_t> factors,
         std::vector<double> values, std::vector<double> weights, std::vector<double> t = {}) {
  t.resize(ids.size(), 0.0);
  SignalBatch b;
  b.size = static_cast<std::int64_t>(ids.size());
  b.factor = factors.data();
  b.value = values.data();
  b.weight = weights.data();
  b.time = t.data();
  store.add(ids.data(), b);
}

}  // namespace

TEST_CASE("logistic kind: a hand-computed entity", "[logistic][kinds]") {
  // authenticity 2, values 0.5, experts -1 (indices 0, 2, 6), bias -0.5.
  const Model m = logistic_of({2, 0, 0.5, 0, 0, 0, -1, 0, 0}, -0.5);
  EvidenceStore store(m);
  // a: authenticity r = 3 (t = (3 + 1) / 5 = 0.8), experts s = 1 (t = 1 / 3),
  // values no evidence (t = 0.5). empty: a signal of weight 0.
  add(store, {"a", "a", "empty"}, {0, 6, 1}, {1.0, 0.0, 1.0}, {3, 1, 0});
  ScoreOptions o;
  o.explain = true;
  const Scores s = score(m, store, o);
  REQUIRE(s.entities == 2);
  const std::size_t F = 9;
  // z = -0.5 + 2 * 0.8 + 0.5 * 0.5 - 1/3 = 61/60; no evidence: z0 = -0.5 + 1 + 0.25 - 0.5 = 1/4.
  const double z = 61.0 / 60, z0 = 0.25;
  CHECK(close(s.score[0], sigma(z), 1e-15));
  CHECK(close(s.baseline, sigma(z0), 1e-15));
  CHECK(close(s.score[1], s.baseline, 1e-15));
  // Interval: Beta variances 0.8 * 0.2 / 6, (1/3)(2/3) / 4, 0.25 / 3, weighted by λ².
  const double sd = std::sqrt(4 * 0.16 / 6 + 1.0 / 18 + 0.25 / 12);
  const double zc = two_sided_z(0.95);
  CHECK(close(s.lower[0], sigma(z - zc * sd), 1e-14));
  CHECK(close(s.upper[0], sigma(z + zc * sd), 1e-14));
  // empty: every t = 1/2 with variance 0.25 / 3; λ² = 4, 0.25 and 1.
  CHECK(close(s.lower[1], sigma(z0 - zc * std::sqrt(5.25 * 0.25 / 3)), 1e-14));
  // Contributions: logit terms 2 * 0.3 and -1 * (1/3 - 1/2) = 1/6, scaled by
  // the secant slope of σ from z0 to z (their sum 46/60 = z - z0).
  const double slope = (sigma(z) - sigma(z0)) / (z - z0);
  CHECK(close(s.contributions[0], 0.6 * slope, 1e-13));
  CHECK(close(s.contributions[6], slope / 6, 1e-13));
  CHECK(s.contributions[2] == 0.0);  // values: no evidence, at its base rate
  CHECK(s.contributions[1] == 0.0);  // weight 0
  double sum = 0;
  for (std::size_t f = 0; f < F; ++f) sum += s.contributions[f];
  CHECK(close(sum, s.score[0] - s.baseline, 1e-14));
  // Gains: one more positive unit moves t by (1 - t) / (n + 1): authenticity
  // 0.2 / 6, values 0.5 / 3, experts (2/3) / 4; the logit by λ times that.
  CHECK(close(s.gains[0], sigma(z + 2 * 0.2 / 6) - sigma(z), 1e-12));
  CHECK(close(s.gains[2], sigma(z + 0.5 * 0.5 / 3) - sigma(z), 1e-12));
  CHECK(close(s.gains[6], sigma(z - (2.0 / 3) / 4) - sigma(z), 1e-12));
  CHECK(s.gains[6] < 0);
  CHECK(s.gains[3] == 0.0);
  // The best lever: values (logit +1/12) beats authenticity (+1/15), though
  // authenticity weighs more; experts (negative weight) is never one.
  CHECK(s.best_lever[0] == 2);
  CHECK(s.best_lever[1] == 0);  // empty: authenticity 2 * 0.5 / 3 against values 1/12
}

TEST_CASE("logistic kind: a Model from a fit scores what the fit predicts", "[logistic][kinds]") {
  Model base;
  base.add_factor("innovation", "", FactorParams{30, 3, 0.4, 4}, 1.0);
  EvidenceStore store(base);
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<std::string> ids;
  std::vector<std::int32_t> f;
  std::vector<double> v, w, t;
  for (int i = 0; i < 3000; ++i) {
    ids.push_back("e" + std::to_string(i % 400));
    f.push_back(static_cast<std::int32_t>((i * 7) % 10));
    v.push_back(std::floor(u(rng) * 5) / 4);
    w.push_back(0.5 + u(rng));
    t.push_back(1.7e9 + 3600.0 * i);
  }
  add(store, ids, f, v, w, t);
  ScoreOptions o;
  o.as_of = store.latest_time() + 40 * 86400.0;  // decayed: the fit and the model see the same
  const std::vector<double> x = factor_trust(base, store, o);
  const std::size_t n = store.entity_count(), F = base.factor_count();
  std::vector<double> y(n);
  for (std::size_t e = 0; e < n; ++e) y[e] = u(rng) < x[e * F] * x[e * F + 9] * 2 ? 1 : 0;
  LogisticFitOptions fo;
  fo.l2 = 0.1;
  const LogisticFit fit = fit_logistic(x.data(), y.data(), static_cast<std::int64_t>(n),
                                       static_cast<std::int64_t>(F), nullptr, fo);
  REQUIRE(fit.converged);
  const Model m = logistic_model(base, fit);
  CHECK(m.kind() == ModelKind::logistic);
  CHECK(m.settings().logistic_weights == fit.weights);
  CHECK(m.settings().logistic_bias == fit.bias);
  CHECK(m.profiles().size() == base.profiles().size());  // the rest of base is kept
  o.explain = true;
  const Scores s = score(m, store, o);
  int off = 0, interval_bad = 0, sum_bad = 0;
  for (std::size_t e = 0; e < n; ++e) {
    off += !close(s.score[e], fit.predict(&x[e * F]), 1e-12);
    interval_bad += !(s.lower[e] <= s.score[e] && s.score[e] <= s.upper[e]);
    double sum = 0;
    for (std::size_t k = 0; k < F; ++k) sum += s.contributions[e * F + k];
    sum_bad += !close(sum, s.score[e] - s.baseline, 1e-13, 1);
  }
  CHECK(off == 0);
  CHECK(interval_bad == 0);
  CHECK(sum_bad == 0);
  std::vector<double> base_rates(F);
  for (std::size_t k = 0; k < F; ++k) base_rates[k] = base.params(k).base_rate;
  CHECK(close(s.baseline, fit.predict(base_rates.data()), 1e-15));
  // A wider confidence widens the interval around the same score.
  ScoreOptions wide = o;
  wide.confidence = 0.99;
  const Scores s99 = score(m, store, wide);
  for (std::size_t e = 0; e < n; e += 37) {
    CHECK(s99.score[e] == s.score[e]);
    CHECK(s99.lower[e] <= s.lower[e]);
    CHECK(s99.upper[e] >= s.upper[e]);
  }
  const auto bad = outcome_of([&] { logistic_model(Model(), fit); });
  CHECK(bad.status == Status::invalid_argument);
  CHECK(bad.contains("the fit has 10 weights for 9 factors"));
}

TEST_CASE("logistic kind: unfitted, profiles, added factors", "[logistic][kinds]") {
  SECTION("no weights: σ(bias) for everyone, nothing to explain") {
    Model m;
    ModelSettings st;
    st.kind = ModelKind::logistic;
    st.logistic_bias = std::log(3.0);  // σ = 3/4
    m.set_settings(st);
    CHECK(m.settings().logistic_weights == std::vector<double>(9, 0.0));
    EvidenceStore store(m);
    add(store, {"a", "b"}, {0, 5}, {1.0, 0.0}, {4, 2});
    ScoreOptions o;
    o.explain = true;
    const Scores s = score(m, store, o);
    for (std::size_t e = 0; e < 2; ++e) {
      CHECK(s.score[e] == Approx(0.75).epsilon(1e-15));
      CHECK(s.lower[e] == s.score[e]);
      CHECK(s.upper[e] == s.score[e]);
      CHECK(s.best_lever[e] == -1);  // no factor of positive weight
      for (std::size_t f = 0; f < 9; ++f) {
        CHECK(s.contributions[e * 9 + f] == 0.0);
        CHECK(s.gains[e * 9 + f] == 0.0);
      }
    }
  }
  SECTION("the profiles' weights do not apply") {
    const Model m = logistic_of({1, 2, 3, -1, 0, 0.5, 0, 0, 1}, 0.1);
    EvidenceStore store(m);
    add(store, {"a", "a", "b"}, {0, 3, 2}, {1.0, 0.25, 0.5}, {2, 1, 3});
    ScoreOptions awareness, decision;
    awareness.profile = "awareness";
    decision.profile = "decision";
    const Scores a = score(m, store, awareness), d = score(m, store, decision);
    CHECK(a.score == d.score);
    CHECK(a.upper == d.upper);
  }
  SECTION("a factor added later weighs 0; scores do not change") {
    Model m = logistic_of({1, 2, 3, -1, 0, 0.5, 0, 0, 1}, 0.1);
    EvidenceStore before(m);
    add(before, {"a", "b"}, {0, 3}, {1.0, 0.25}, {2, 1});
    const double score_before = score(m, before).score[0];
    m.add_factor("innovation");
    CHECK(m.settings().logistic_weights.size() == 10);
    CHECK(m.settings().logistic_weights.back() == 0.0);
    EvidenceStore after(m);
    add(after, {"a", "b", "a"}, {0, 3, 9}, {1.0, 0.25, 0.0}, {2, 1, 5});
    CHECK(score(m, after).score[0] == score_before);
  }
}

TEST_CASE("logistic kind: bad weights are errors naming them", "[logistic][errors]") {
  Model m;
  ModelSettings st;
  st.kind = ModelKind::logistic;
  st.logistic_weights = {1, 2, 3};
  auto bad = outcome_of([&] { m.set_settings(st); });
  CHECK(bad.status == Status::invalid_argument);
  CHECK(bad.contains("logistic: 3 weights for 9 factors"));
  st.logistic_weights.assign(9, 0.0);
  st.logistic_weights[4] = std::nan("");
  bad = outcome_of([&] { m.set_settings(st); });
  CHECK(bad.contains("logistic: weight 4 is not finite"));
  st.logistic_weights[4] = 0;
  st.logistic_bias = std::numeric_limits<double>::infinity();
  bad = outcome_of([&] { m.set_settings(st); });
  CHECK(bad.contains("logistic: the bias is not finite"));
  CHECK(m.kind() == ModelKind::beta);  // unchanged by the failed calls
}
