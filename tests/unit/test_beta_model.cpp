// The default Beta / Subjective Logic model against hand-computed values:
// per-factor trust, the weighted score, its interval, the baseline,
// contributions and gains.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <type_traits>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/kernel.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"
#include "trustscore/stats.hpp"

using trustscore::Status;
using trustscore::beta::cell_trust;
using tstest::z95;

namespace {
Approx exact(double x) { return Approx(x).epsilon(1e-14).margin(1e-15); }
}  // namespace

TEST_CASE("per-factor trust: p, u, variance and gain", "[beta]") {
  SECTION("r = 3, s = 1, a = 0.5, W = 2") {
    // n = 3 + 1 + 2 = 6; p = (3 + 0.5*2) / 6 = 2/3; u = 2/6 = 1/3;
    // var = (2/3)(1/3) / 7 = 2/63; gain = (1/3) / 7 = 1/21.
    const auto t = cell_trust(3.0, 1.0, 0.5, 2.0);
    CHECK(t.p == exact(2.0 / 3));
    CHECK(t.u == exact(1.0 / 3));
    CHECK(t.variance == exact(2.0 / 63));
    CHECK(t.gain == exact(1.0 / 21));
  }
  SECTION("no evidence: the prior, a = 0.7, W = 2") {
    // n = 2; p = 0.7 * 2 / 2 = 0.7; u = 1; var = 0.7*0.3/3 = 0.07; gain = 0.3/3 = 0.1.
    const auto t = cell_trust(0.0, 0.0, 0.7, 2.0);
    CHECK(t.p == exact(0.7));
    CHECK(t.u == exact(1.0));
    CHECK(t.variance == exact(0.07));
    CHECK(t.gain == exact(0.1));
  }
  SECTION("r = 8, s = 0, a = 0.25, W = 4") {
    // n = 12; p = (8 + 1) / 12 = 0.75; u = 4/12 = 1/3;
    // var = 0.75*0.25/13 = 0.1875/13; gain = 0.25/13.
    const auto t = cell_trust(8.0, 0.0, 0.25, 4.0);
    CHECK(t.p == exact(0.75));
    CHECK(t.u == exact(1.0 / 3));
    CHECK(t.variance == exact(0.1875 / 13));
    CHECK(t.gain == exact(0.25 / 13));
  }
  SECTION("r = 1, s = 2, a = 0.4, W = 3") {
    // n = 6; p = (1 + 1.2) / 6 = 11/30; u = 1/2; var = (11/30)(19/30)/7 = 209/6300;
    // gain = (19/30)/7 = 19/210.
    const auto t = cell_trust(1.0, 2.0, 0.4, 3.0);
    CHECK(t.p == exact(11.0 / 30));
    CHECK(t.u == exact(0.5));
    CHECK(t.variance == exact(209.0 / 6300));
    CHECK(t.gain == exact(19.0 / 210));
  }
  SECTION("gain is the change of p from one more unit of positive evidence") {
    for (double r : {0.0, 0.5, 3.0, 100.0})
      for (double s : {0.0, 2.0, 50.0})
        for (double a : {0.1, 0.5, 0.9}) {
          const auto t = cell_trust(r, s, a, 2.0);
          const auto more = cell_trust(r + 1, s, a, 2.0);
          CHECK(more.p - t.p == Approx(t.gain).epsilon(1e-12));
          // p is the mean of Beta(r + aW, s + (1-a)W), u + belief + disbelief = 1.
          CHECK(t.u + r / (r + s + 2) + s / (r + s + 2) == exact(1.0));
        }
  }
  SECTION("float instantiation") {
    const auto t = cell_trust(3.0f, 1.0f, 0.5f, 2.0f);
    CHECK(t.p == Approx(2.0 / 3).epsilon(1e-6));
    CHECK(t.variance == Approx(2.0 / 63).epsilon(1e-6));
  }
}

TEST_CASE("the deprecated names FactorTrust and factor_trust still give a cell's trust", "[beta]") {
  // User code written before the rename to CellTrust / cell_trust compiles and
  // gets the same numbers.
  static_assert(std::is_same<trustscore::beta::FactorTrust<double>,
                             trustscore::beta::CellTrust<double>>::value);
  const trustscore::beta::FactorTrust<double> old =
      trustscore::beta::factor_trust(3.0, 1.0, 0.5, 2.0);
  const auto now = cell_trust(3.0, 1.0, 0.5, 2.0);
  CHECK(old.p == now.p);
  CHECK(old.u == now.u);
  CHECK(old.variance == now.variance);
  CHECK(old.gain == now.gain);
}

TEST_CASE("two_sided_z is the standard normal quantile", "[beta][stats]") {
  CHECK(trustscore::two_sided_z(0.95) == Approx(z95).epsilon(1e-14));
  CHECK(trustscore::two_sided_z(0.5) == Approx(0.6744897501960817).epsilon(1e-13));
  CHECK(trustscore::two_sided_z(0.99) == Approx(2.5758293035489004).epsilon(1e-13));
  CHECK(trustscore::two_sided_z(0.6826894921370859) == Approx(1.0).epsilon(1e-12));
  for (double bad : {0.0, 1.0, -0.5, 1.5, std::nan(""), HUGE_VAL})
    CHECK(tstest::outcome_of([&] { trustscore::two_sided_z(bad); }).status ==
          Status::invalid_argument);
}

namespace {

// The worked example used below, on two factors of the default model.
//   authenticity (0):  a = 0.5, W = 2, negativity 1, profile weight 3
//   data_security (3): a = 0.4, W = 3, negativity 2, profile weight 1
// Entity "x" at time T: authenticity gets value 1 weight 3 (r += 3) and value
// 0 weight 1 (s += 1 * 1); data_security gets value 0.5 weight 2 (r += 1,
// s += 1 * 2). So authenticity r = 3, s = 1 and data_security r = 1, s = 2.
//   authenticity:  n = 6, p = 4/6 = 2/3,         var = (2/3)(1/3)/7 = 2/63
//   data_security: n = 6, p = (1 + 1.2)/6 = 11/30, var = (11/30)(19/30)/7 = 209/6300
// Normalised weights 3/4 and 1/4:
//   score    = 3/4 * 2/3 + 1/4 * 11/30 = 1/2 + 11/120 = 71/120
//   variance = 9/16 * 2/63 + 1/16 * 209/6300 = 1800/100800 + 209/100800 = 2009/100800
//   interval = 71/120 -+ 1.959963984540054 * sqrt(2009/100800)
//   baseline = 3/4 * 0.5 + 1/4 * 0.4 = 0.475 = 57/120
//   contributions: 3/4 (2/3 - 1/2) = 1/8 and 1/4 (11/30 - 2/5) = -1/120;
//                  sum 14/120 = 71/120 - 57/120
//   gains: 3/4 * (1/3)/7 = 1/28 and 1/4 * (19/30)/7 = 19/840 -> best lever authenticity
// Entity "y" has evidence only on `values`, which weighs 0: it scores the baseline.
constexpr double T = 1.7e9;
const double hand_score = 71.0 / 120;
const double hand_sd = std::sqrt(2009.0 / 100800);
const double hand_baseline = 57.0 / 120;

trustscore::Model worked_model() {
  trustscore::Model model;
  trustscore::FactorParams auth = model.params(0);
  auth.negativity = 1;
  model.set_params(0, auth);
  trustscore::FactorParams sec = model.params(3);
  sec.base_rate = 0.4;
  sec.prior_weight = 3;
  model.set_params(3, sec);
  model.set_profile({"worked", {3, 0, 0, 1, 0, 0, 0, 0, 0}});
  return model;
}

trustscore::EvidenceStore worked_store(const trustscore::Model& model) {
  trustscore::EvidenceStore store(model);
  const std::string ids[] = {"x", "x", "x", "y"};
  const std::int32_t factor[] = {0, 0, 3, 2};
  const double value[] = {1, 0, 0.5, 1};
  const double weight[] = {3, 1, 2, 5};
  const double time[] = {T, T, T, T};
  trustscore::SignalBatch b;
  b.size = 4;
  b.factor = factor;
  b.value = value;
  b.weight = weight;
  b.time = time;
  store.add(ids, b);
  return store;
}

}  // namespace

TEST_CASE("the worked example: masses, score, interval, baseline, explanation", "[beta][score]") {
  const auto model = worked_model();
  const auto store = worked_store(model);
  REQUIRE(store.entity_count() == 2u);
  CHECK(store.positive_mass(0, 0, T) == exact(3));
  CHECK(store.negative_mass(0, 0, T) == exact(1));
  CHECK(store.positive_mass(0, 3, T) == exact(1));
  CHECK(store.negative_mass(0, 3, T) == exact(2));

  trustscore::ScoreOptions options;
  options.profile = "worked";
  options.explain = true;
  const auto s = trustscore::score(model, store, options);
  REQUIRE(s.entities == 2u);
  REQUIRE(s.factors == 9u);
  CHECK(s.as_of == T);
  CHECK(s.baseline == exact(hand_baseline));
  CHECK(s.score[0] == exact(hand_score));
  CHECK(s.lower[0] == exact(hand_score - z95 * hand_sd));
  CHECK(s.upper[0] == exact(hand_score + z95 * hand_sd));
  CHECK(s.contributions[0 * 9 + 0] == exact(1.0 / 8));
  CHECK(s.contributions[0 * 9 + 3] == exact(-1.0 / 120));
  CHECK(s.gains[0 * 9 + 0] == exact(1.0 / 28));
  CHECK(s.gains[0 * 9 + 3] == exact(19.0 / 840));
  CHECK(s.best_lever[0] == 0);
  for (int f : {1, 2, 4, 5, 6, 7, 8}) {
    CHECK(s.contributions[f] == 0.0);
    CHECK(s.gains[f] == 0.0);
  }
  // Entity y: no weighed evidence, so it sits at the baseline with the prior's interval:
  // variance 9/16 * (0.5*0.5/3) + 1/16 * (0.4*0.6/4) = 0.046875 + 0.00375 = 0.050625.
  CHECK(s.score[1] == exact(hand_baseline));
  CHECK(s.upper[1] - s.score[1] == exact(z95 * std::sqrt(0.050625)));
  for (int f = 0; f < 9; ++f) CHECK(s.contributions[9 + f] == exact(0.0));
  // The prior's gains: 3/4 * 0.5/3 = 0.125 and 1/4 * 0.6/4 = 0.0375.
  CHECK(s.gains[9 + 0] == exact(0.125));
  CHECK(s.gains[9 + 3] == exact(0.0375));
  CHECK(s.best_lever[1] == 0);

  SECTION("a lower confidence narrows the interval by the ratio of the quantiles") {
    options.confidence = 0.5;
    const auto narrow = trustscore::score(model, store, options);
    CHECK(narrow.score[0] == exact(hand_score));
    CHECK(narrow.upper[0] == exact(hand_score + 0.6744897501960817 * hand_sd));
    CHECK(narrow.lower[0] == exact(hand_score - 0.6744897501960817 * hand_sd));
  }
  SECTION("one more unit of positive evidence moves the score by the gain") {
    for (std::int32_t f : {0, 3}) {
      trustscore::EvidenceStore more = worked_store(model);
      const std::int64_t e = 0;
      const double one = 1;
      trustscore::SignalBatch b;
      b.size = 1;
      b.entity = &e;
      b.factor = &f;
      b.value = &one;
      b.time = &T;
      more.add(b);
      const auto after = trustscore::score(model, more, options);
      CHECK(after.score[0] - s.score[0] ==
            Approx(s.gains[static_cast<std::size_t>(f)]).epsilon(1e-12));
    }
  }
  SECTION("score_into fills caller-owned arrays the same way") {
    std::vector<double> sc(2), lo(2), up(2), con(18), gain(18);
    std::vector<std::int32_t> best(2, -7);
    trustscore::KernelOutput<double> out{sc.data(),  lo.data(),   up.data(),
                                         con.data(), gain.data(), best.data()};
    const auto summary = trustscore::score_into(model, store, options, out);
    CHECK(summary.baseline == s.baseline);
    CHECK(summary.as_of == s.as_of);
    CHECK(sc == s.score);
    CHECK(lo == s.lower);
    CHECK(up == s.upper);
    CHECK(con == s.contributions);
    CHECK(gain == s.gains);
    CHECK(best == s.best_lever);
  }
}

TEST_CASE("the kernel on the worked example, with decay", "[beta][kernel]") {
  // Masses twice as large, decayed by 0.5 on both factors: the same r and s.
  const double r_auth[] = {6}, s_auth[] = {2}, r_sec[] = {2}, s_sec[] = {4};
  const double zero[] = {0};
  const double* pos[] = {r_auth, zero, zero, r_sec};
  const double* neg[] = {s_auth, zero, zero, s_sec};
  const double weight[] = {0.75, 0, 0, 0.25};
  const double base_rate[] = {0.5, 0.5, 0.5, 0.4};
  const double prior_weight[] = {2, 2, 2, 3};
  const double decay[] = {0.5, 1, 1, 0.5};
  const trustscore::EvidenceColumns<double> ev{1, 4, pos, neg};
  const trustscore::KernelParams<double> params{weight, base_rate, prior_weight, decay, z95};
  CHECK(trustscore::baseline(params, 4) == exact(hand_baseline));
  for (int fast = 0; fast < 2; ++fast) {
    INFO((fast ? "score_batch" : "score_reference"));
    double sc = -1, lo = -1, up = -1, con[4], gain[4];
    std::int32_t best = -7;
    const trustscore::KernelOutput<double> out{&sc, &lo, &up, con, gain, &best};
    if (fast)
      trustscore::score_batch(ev, params, out);
    else
      trustscore::score_reference(ev, params, out);
    CHECK(sc == exact(hand_score));
    CHECK(lo == exact(hand_score - z95 * hand_sd));
    CHECK(up == exact(hand_score + z95 * hand_sd));
    CHECK(con[0] == exact(1.0 / 8));
    CHECK(con[3] == exact(-1.0 / 120));
    CHECK(gain[0] == exact(1.0 / 28));
    CHECK(gain[3] == exact(19.0 / 840));
    CHECK(best == 0);
  }
}

TEST_CASE("intervals are clipped to [0, 1]", "[beta][kernel]") {
  // One factor, no evidence, a = 0.99, W = 0.01: p = 0.99,
  // var = 0.99 * 0.01 / 1.01, sd ~ 0.099, so p + 1.96 sd ~ 1.18 > 1 -> 1.
  // With a = 0.01 the lower end 0.01 - 0.19 < 0 clips to 0.
  const double zero[] = {0};
  const double* cols[] = {zero};
  const double one[] = {1};
  const double W[] = {0.01};
  const trustscore::EvidenceColumns<double> ev{1, 1, cols, cols};
  for (double a : {0.99, 0.01}) {
    const double base[] = {a};
    const trustscore::KernelParams<double> params{one, base, W, nullptr, z95};
    const double sd = std::sqrt(a * (1 - a) / 1.01);
    for (int fast = 0; fast < 2; ++fast) {
      double sc, lo, up;
      const trustscore::KernelOutput<double> out{&sc, &lo, &up};
      if (fast)
        trustscore::score_batch(ev, params, out);
      else
        trustscore::score_reference(ev, params, out);
      CHECK(sc == exact(a));
      if (a > 0.5) {
        CHECK(up == 1.0);
        CHECK(lo == exact(a - z95 * sd));
      } else {
        CHECK(lo == 0.0);
        CHECK(up == exact(a + z95 * sd));
      }
    }
  }
}

TEST_CASE("scoring an empty store and mismatched catalogs", "[beta][score]") {
  trustscore::Model model;
  trustscore::EvidenceStore store(model);
  const auto s = trustscore::score(model, store);
  CHECK(s.entities == 0u);
  CHECK(s.score.empty());
  CHECK(std::isnan(s.as_of));
  // The decision profile's baseline with every base rate 0.5 is 0.5.
  CHECK(s.baseline == exact(0.5));

  trustscore::Model other;
  other.add_factor("innovation");
  const auto o = tstest::outcome_of([&] { trustscore::score(other, store); });
  CHECK(o.status == Status::invalid_argument);
  CHECK(o.contains("factors"));

  trustscore::ScoreOptions inf_as_of;
  inf_as_of.as_of = HUGE_VAL;
  CHECK(tstest::outcome_of([&] { trustscore::score(model, store, inf_as_of); }).status ==
        Status::invalid_argument);
}
