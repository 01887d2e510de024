// Scoring an evidence store with every model kind: hand-computed values,
// the scalar formulas of each model's header, exact gains against rescoring
// with one more signal, contributions adding up, thread counts, errors.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/trustscore.hpp"

using namespace trustscore;
using tstest::close;
using tstest::outcome_of;

namespace {

const double inf = std::numeric_limits<double>::infinity();

// A model of `kind` whose factors never decay and whose default profile
// weighs every factor alike (so ω_f = 1: every signal counts once); logistic
// gets weights of both signs.
Model model_without_decay(ModelKind kind, double negativity = 1.0) {
  Model m;
  ModelSettings s;
  s.kind = kind;
  if (kind == ModelKind::logistic) {
    s.logistic_weights = {1.5, -2, 0.5, 3, 0, -0.25, 1, 2, -1};
    s.logistic_bias = -0.75;
  }
  m.set_settings(s);
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    FactorParams p = m.params(f);
    p.half_life_days = inf;
    p.negativity = negativity;
    m.set_params(f, p);
  }
  m.set_profile({"flat", std::vector<double>(m.factor_count(), 1.0)});
  m.set_default_profile("flat");
  return m;
}

struct Signal {
  std::string entity;
  std::int32_t factor;
  double value, weight, time;
};

void add(EvidenceStore& store, const std::vector<Signal>& signals) {
  std::vector<std::string> ids;
  std::vector<std::int32_t> f;
  std::vector<double> v, w, t;
  for (const Signal& s : signals) {
    ids.push_back(s.entity);
    f.push_back(s.factor);
    v.push_back(s.value);
    w.push_back(s.weight);
    t.push_back(s.time);
  }
  SignalBatch b;
  b.size = static_cast<std::int64_t>(signals.size());
  b.factor = f.data();
  b.value = v.data();
  b.weight = w.data();
  b.time = t.data();
  store.add(ids.data(), b);
}

// Signals on a few factors of three entities; "empty" has evidence on none
// that counts (weight 0).
std::vector<Signal> sample_signals() {
  return {{"a", 0, 1.0, 1, 0},    {"a", 0, 0.75, 2, 10},   {"a", 3, 0.5, 1, 20},
          {"a", 7, 0.0, 0.5, 30}, {"b", 0, 0.0, 1, 0},     {"b", 1, 0.25, 3, 40},
          {"b", 8, 1.0, 1, 50},   {"empty", 2, 0.5, 0, 60}};
}

}  // namespace

TEST_CASE("model kinds have names both ways", "[kinds]") {
  for (ModelKind k : all_model_kinds) CHECK(model_kind_from_name(model_kind_name(k)) == k);
  const auto bad = outcome_of([] { model_kind_from_name("pagerank"); });
  CHECK(bad.status == Status::invalid_argument);
  CHECK(bad.contains("'pagerank'"));
  CHECK(bad.contains("subjective_logic"));
}

TEST_CASE("model settings are validated", "[kinds]") {
  Model m;
  ModelSettings s;
  s.min_coverage = 1.5;
  CHECK(outcome_of([&] { m.set_settings(s); }).contains("min_coverage"));
  s = {};
  s.prior_count = -1;
  CHECK(outcome_of([&] { m.set_settings(s); }).contains("prior_count"));
  s = {};
  s.prior_mean = std::nan("");
  CHECK(outcome_of([&] { m.set_settings(s); }).contains("prior_mean"));
  s = {};
  s.level_utilities = {0, 0.5, 0.5, 1};
  CHECK(outcome_of([&] { m.set_settings(s); }).contains("increase"));
  s.level_utilities = {1};
  CHECK(outcome_of([&] { m.set_settings(s); }).contains("levels"));
  CHECK(m.kind() == ModelKind::beta);  // failed calls changed nothing
  CHECK(even_levels(3) == std::vector<double>{0, 0.5, 1});
  CHECK(nearest_level({0, 0.25, 0.5, 0.75, 1}, 0.8) == 3);
  CHECK(nearest_level({0, 0.25, 0.5, 0.75, 1}, 0.125) == 0);  // a tie goes to the lower level
}

TEST_CASE("weighted_mean: mean signal value per factor, missing factors left out", "[kinds]") {
  Model m = model_without_decay(ModelKind::weighted_mean);
  EvidenceStore store(m);
  add(store, sample_signals());
  const Scores s = score(m, store);
  // a: factor 0 mean (1*1 + 2*0.75)/3 = 5/6, factor 3: 0.5, factor 7: 0.
  CHECK(s.score[0] == Approx((5.0 / 6 + 0.5 + 0.0) / 3).epsilon(1e-15));
  // b: 0, 0.25, 1 -> 1.25 / 3.
  CHECK(s.score[1] == Approx(1.25 / 3).epsilon(1e-15));
  CHECK(std::isnan(s.score[2]));  // nothing present: not rated
  CHECK(s.lower[0] == s.score[0]);
  CHECK(s.upper[0] == s.score[0]);
  // The scalar formula of kinds/weighted_mean.hpp on the per-factor means.
  std::vector<double> x(m.factor_count(), std::nan("")), w(m.factor_count(), 1.0);
  x[0] = 5.0 / 6, x[3] = 0.5, x[7] = 0;
  CHECK(close(s.score[0], weighted_mean::score(x.data(), w.data(), x.size()).score, 1e-15));

  SECTION("below the coverage asked for: not rated") {
    ModelSettings st = m.settings();
    st.min_coverage = 3.0 / 9;  // a and b have exactly 3 of 9 factors
    m.set_settings(st);
    const Scores at = score(m, store);
    CHECK(at.score[0] == s.score[0]);
    st.min_coverage = 4.0 / 9;
    m.set_settings(st);
    const Scores below = score(m, store);
    CHECK(std::isnan(below.score[0]));
    CHECK(std::isnan(below.lower[0]));
    CHECK(std::isnan(below.score[1]));
  }
  SECTION("full coverage is coverage 1 despite rounding of the weights") {
    ModelSettings st = m.settings();
    st.min_coverage = 1;
    m.set_settings(st);
    EvidenceStore full(m);
    std::vector<Signal> all;
    for (std::int32_t f = 0; f < 9; ++f) all.push_back({"x", f, 0.1 * f, 1, 0});
    add(full, all);
    ScoreOptions o;
    o.profile = "decision";                          // weights that do not normalise exactly
    CHECK(!std::isnan(score(m, full, o).score[0]));  // rated
  }
}

TEST_CASE("weighted_mean reads the signal values, not the negativity-scaled mass", "[kinds]") {
  Model m = model_without_decay(ModelKind::weighted_mean, /*negativity=*/3.0);
  EvidenceStore store(m);
  add(store, {{"a", 0, 0.25, 1, 0}});
  CHECK(score(m, store).score[0] == Approx(0.25).epsilon(1e-15));
}

TEST_CASE("bayesian_average without decay is IMDb's weighted rating", "[kinds]") {
  Model m = model_without_decay(ModelKind::bayesian_average);
  EvidenceStore store(m);
  // 5, 4 and 4 stars on a 1-5 scale: 1, 0.75, 0.75 on [0, 1], over two factors.
  add(store, {{"a", 0, 1.0, 1, 0}, {"a", 0, 0.75, 1, 5}, {"a", 4, 0.75, 1, 9}});
  const Scores s = score(m, store);
  // IMDb, in stars: v = 3, R = 13/3, m = 7 ratings, C = 3.5:
  // WR = v/(v+m) R + m/(v+m) C = (13 + 24.5)/10 = 3.75 stars = 0.6875.
  const double wr_stars = 3.0 / 10 * (13.0 / 3) + 7.0 / 10 * 3.5;
  CHECK(s.score[0] == Approx((wr_stars - 1) / 4).epsilon(1e-15));
  CHECK(s.score[0] == 0.6875);
  // The interval of Beta(vR + Cm, v(1-R) + C(1-m)): n = 10.
  const double sd = std::sqrt(0.6875 * 0.3125 / 11);
  CHECK(s.lower[0] == Approx(0.6875 - 1.959963984540054 * sd).epsilon(1e-12));
  CHECK(s.upper[0] == Approx(0.6875 + 1.959963984540054 * sd).epsilon(1e-12));
  CHECK(s.baseline == 0.625);

  SECTION("half-lives weight ratings by age, as kinds/bayesian_average.hpp does") {
    Model d = model_without_decay(ModelKind::bayesian_average);
    FactorParams p = d.params(0);
    p.half_life_days = 180;  // the review site's 6 months
    d.set_params(0, p);
    EvidenceStore st(d);
    add(st, {{"a", 0, 1.0, 1, 0}, {"a", 0, 0.5, 1, 180 * seconds_per_day}});
    bayesian_average::Params bp;
    bp.prior_count = 7;
    bp.prior_mean = 0.625;
    bp.scale_min = 0;
    bp.scale_max = 1;
    bp.half_life_days = 180;
    bayesian_average::Sums sums;
    bayesian_average::add(sums, bp, 1.0, 180);  // the older rating, 180 days old at scoring
    bayesian_average::add(sums, bp, 0.5, 0);
    CHECK(close(score(d, st).score[0], bayesian_average::score(bp, sums), 1e-14));
  }
  SECTION("no ratings and no prior: not rated") {
    ModelSettings st = m.settings();
    st.prior_count = 0;
    m.set_settings(st);
    EvidenceStore e(m);
    add(e, {{"a", 0, 1.0, 0, 0}});
    const Scores z = score(m, e);
    CHECK(std::isnan(z.score[0]));
    CHECK(std::isnan(z.lower[0]));
  }
}

TEST_CASE("wilson: the lower bound of the Wilson interval of the evidence", "[kinds]") {
  Model m = model_without_decay(ModelKind::wilson);
  EvidenceStore store(m);
  std::vector<Signal> sig;
  for (int i = 0; i < 10; ++i) sig.push_back({"a", std::int32_t(i % 3), i < 8 ? 1.0 : 0.0, 1, 0});
  add(store, sig);
  const Scores s = score(m, store);
  // statsmodels: proportion_confint(8, 10, alpha=0.05, method="wilson")
  CHECK(s.score[0] == Approx(0.49016247153664183).epsilon(1e-14));
  CHECK(s.lower[0] == s.score[0]);
  CHECK(s.upper[0] == Approx(0.9433178485456247).epsilon(1e-14));
  CHECK(s.baseline == 0);
  ScoreOptions o;
  o.confidence = 0.9;
  o.explain = true;
  EvidenceStore three(m);
  add(three, {{"a", 0, 1.0, 3, 0}, {"a", 5, 0.0, 1, 0}});
  const Scores t = score(m, three, o);
  // statsmodels: proportion_confint(3, 4, alpha=0.1, method="wilson")
  CHECK(t.score[0] == Approx(0.35616800859850634).epsilon(1e-14));
  CHECK(t.upper[0] == Approx(0.9420926788001414).epsilon(1e-14));
  for (double c : t.contributions) CHECK(std::isnan(c));  // not linear in its factors
}

TEST_CASE("dirichlet: expected utility of the level counts per factor", "[kinds]") {
  Model m = model_without_decay(ModelKind::dirichlet);
  EvidenceStore store(m);
  REQUIRE(store.level_utilities() == std::vector<double>{0, 0.25, 0.5, 0.75, 1});
  // Factor 0: two 5-star ratings (1.0) and one 2-star (0.25); 0.8 counts as 4 stars.
  add(store, {{"a", 0, 1.0, 1, 0}, {"a", 0, 1.0, 1, 0}, {"a", 0, 0.25, 1, 0}, {"a", 1, 0.8, 1, 0}});
  CHECK(store.level_column(0, 4)[0] == 2);
  CHECK(store.level_column(0, 1)[0] == 1);
  CHECK(store.level_column(1, 3)[0] == 1);
  ScoreOptions o;
  o.explain = true;
  const Scores s = score(m, store, o);
  dirichlet::Params dp;
  dp.utility = {0, 0.25, 0.5, 0.75, 1};
  dp.prior_weight = 2;
  const auto f0 = dirichlet::score(dp, std::vector<double>{0, 1, 0, 0, 2});
  const auto f1 = dirichlet::score(dp, std::vector<double>{0, 0, 0, 1, 0});
  const auto none = dirichlet::score(dp, std::vector<double>(5, 0.0));
  // Hand: factor 0 alpha = (0.4, 1.4, 0.4, 0.4, 2.4) / 5, E = (0.35 + 0.2 + 0.3 + 2.4)/5 = 0.65.
  CHECK(f0.score == Approx(0.65).epsilon(1e-15));
  const double expected = (f0.score + f1.score + 7 * none.score) / 9;
  CHECK(close(s.score[0], expected, 1e-15));
  const double var = (f0.variance + f1.variance + 7 * none.variance) / 81;
  CHECK(close(s.upper[0], expected + 1.959963984540054 * std::sqrt(var), 1e-14));
  CHECK(s.baseline == 0.5);
  CHECK(close(s.contributions[0], (f0.score - 0.5) / 9, 1e-14));

  SECTION("a store built for another kind has no level counts") {
    Model beta = model_without_decay(ModelKind::beta);
    EvidenceStore plain(beta);
    add(plain, {{"a", 0, 1.0, 1, 0}});
    const auto r = outcome_of([&] { score(m, plain); });
    CHECK(r.status == Status::invalid_argument);
    CHECK(r.contains("level"));
    ModelSettings other = m.settings();
    other.level_utilities = {0, 1};
    Model m2 = m;
    m2.set_settings(other);
    CHECK(outcome_of([&] { score(m2, store); }).contains("level"));
  }
  SECTION("two levels are the Beta model") {
    Model two = model_without_decay(ModelKind::dirichlet);
    ModelSettings st = two.settings();
    st.level_utilities = {0, 1};
    two.set_settings(st);
    Model beta = model_without_decay(ModelKind::beta);
    EvidenceStore sd(two), sb(beta);
    const std::vector<Signal> sig = {{"a", 0, 1, 2, 0}, {"a", 0, 0, 1, 0}, {"a", 2, 1, 1, 0}};
    add(sd, sig);
    add(sb, sig);
    const Scores d = score(two, sd), b = score(beta, sb);
    CHECK(close(d.score[0], b.score[0], 1e-15));
    CHECK(close(d.lower[0], b.lower[0], 1e-14));
  }
}

TEST_CASE("subjective_logic: projected probability, interval from belief to plausibility",
          "[kinds]") {
  Model sl = model_without_decay(ModelKind::subjective_logic, 2.0);
  Model beta = model_without_decay(ModelKind::beta, 2.0);
  EvidenceStore a(sl), b(beta);
  add(a, sample_signals());
  add(b, sample_signals());
  const Scores s = score(sl, a), t = score(beta, b);
  for (std::size_t e = 0; e < 3; ++e) CHECK(close(s.score[e], t.score[e], 1e-15));
  // Entity a's opinion is the flat mix of its factors' opinions.
  double belief = 0, disbelief = 0;
  for (std::size_t f = 0; f < 9; ++f) {
    const auto o = subjective_logic::from_evidence(
        a.positive_mass(0, f, a.latest_time()), a.negative_mass(0, f, a.latest_time()), 0.5, 2.0);
    belief += o.belief / 9;
    disbelief += o.disbelief / 9;
  }
  CHECK(close(s.lower[0], belief, 1e-14));
  CHECK(close(s.upper[0], 1 - disbelief, 1e-14));
  CHECK(s.lower[2] == 0);  // "empty": vacuous, the interval is all of [0, 1]
  CHECK(s.upper[2] == Approx(1).epsilon(1e-15));
}

TEST_CASE("every kind: gains are the exact change of one more positive signal", "[kinds]") {
  for (ModelKind kind : all_model_kinds) {
    CAPTURE(model_kind_name(kind));
    Model m = model_without_decay(kind, 1.5);
    // Decay on one factor, a non-flat profile: the general case.
    FactorParams p = m.params(0);
    p.half_life_days = 30;
    m.set_params(0, p);
    m.set_default_profile("decision");
    if (kind == ModelKind::weighted_mean) {
      ModelSettings st = m.settings();
      st.min_coverage = 0.2;
      m.set_settings(st);
    }
    EvidenceStore store(m);
    add(store, sample_signals());
    ScoreOptions o;
    o.explain = true;
    const Scores s = score(m, store, o);
    for (std::size_t e = 0; e < s.entities; ++e) {
      double sum = 0;
      for (std::size_t f = 0; f < s.factors; ++f) {
        CAPTURE(e, f);
        sum += s.contributions[e * s.factors + f];
        EvidenceStore more = store;
        add(more, {{store.entity_id(e), std::int32_t(f), 1.0, 1.0, store.latest_time()}});
        const double after = score(m, more).score[e];
        const double gain = s.gains[e * s.factors + f];
        if (std::isnan(s.score[e]) || std::isnan(after))
          CHECK(std::isnan(gain));
        else
          CHECK(close(gain, after - s.score[e], 1e-12, 1));
      }
      if (kind != ModelKind::wilson && !std::isnan(s.score[e]))
        CHECK(close(sum, s.score[e] - s.baseline, 1e-13, 1));
    }
  }
}

TEST_CASE("every kind: the same scores on any thread count and with outputs left out", "[kinds]") {
  for (ModelKind kind : all_model_kinds) {
    CAPTURE(model_kind_name(kind));
    Model m = model_without_decay(kind, 2.0);
    EvidenceStore store(m);
    std::vector<Signal> sig;
    const std::int64_t n = 70000;  // over two threads' minimum share
    for (std::int64_t i = 0; i < n; ++i)
      sig.push_back({"e" + std::to_string(i % 40000), std::int32_t(i % 9),
                     double((i * 7) % 11) / 10.0, 1.0 + double(i % 3), double(i)});
    add(store, sig);
    ScoreOptions one, four;
    one.threads = 1, four.threads = 4;
    one.explain = four.explain = true;
    const Scores a = score(m, store, one), b = score(m, store, four);
    CHECK(std::equal(a.score.begin(), a.score.end(), b.score.begin(), tstest::same_double));
    CHECK(std::equal(a.upper.begin(), a.upper.end(), b.upper.begin(), tstest::same_double));
    CHECK(std::equal(a.gains.begin(), a.gains.end(), b.gains.begin(), tstest::same_double));
    CHECK(a.best_lever == b.best_lever);
    std::vector<double> only(store.entity_count());
    KernelOutput<double> out;
    out.score = only.data();
    score_into(m, store, one, out);
    CHECK(std::equal(a.score.begin(), a.score.end(), only.begin(), tstest::same_double));
  }
}

TEST_CASE("an empty store scores with every kind", "[kinds]") {
  for (ModelKind kind : all_model_kinds) {
    CAPTURE(model_kind_name(kind));
    Model m = model_without_decay(kind);
    EvidenceStore store(m);
    CHECK(score(m, store).score.empty());
  }
}

namespace {

// The plain scalar loop's results (score_kind_reference) for the store.
Scores reference_scores(const Model& m, const EvidenceStore& store, const ScoreOptions& o) {
  Scores r;
  r.entities = store.entity_count(), r.factors = store.factor_count();
  r.score.resize(r.entities), r.lower.resize(r.entities), r.upper.resize(r.entities);
  r.contributions.resize(r.entities * r.factors), r.gains.resize(r.contributions.size());
  r.best_lever.resize(r.entities);
  std::vector<const double*> columns, levels;
  std::vector<double> negativity;
  KindInputs in = detail::kind_inputs(m, store, negativity);
  for (std::size_t f = 0; m.kind() == ModelKind::dirichlet && f < r.factors; ++f)
    for (std::size_t l = 0; l < store.level_utilities().size(); ++l)
      levels.push_back(store.level_column(f, l));
  in.levels = levels.data();
  const PreparedParams pp = prepare(m, store, o);
  r.baseline = score_kind_reference(trustscore::columns(store, columns), pp.view(), in,
                                    {r.score.data(), r.lower.data(), r.upper.data(),
                                     r.contributions.data(), r.gains.data(), r.best_lever.data()});
  return r;
}

bool same_bits(const std::vector<double>& a, const std::vector<double>& b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), tstest::same_double);
}

}  // namespace

// Every path (this process's kernel path: ctest runs the suite again with
// TRUSTSCORE_KERNEL=portable and =avx2), thread count, choice of outputs and
// of entities gives the plain loop's results to the bit.
TEST_CASE("every kind: the blocks equal the plain scalar loop to the bit", "[kinds]") {
  for (ModelKind kind : all_model_kinds) {
    if (kind == ModelKind::beta) continue;  // its own kernel (test_kernel.cpp)
    CAPTURE(model_kind_name(kind));
    Model m = model_without_decay(kind, 1.5);
    FactorParams p = m.params(0);
    p.half_life_days = 30;
    m.set_params(0, p);
    m.set_default_profile("decision");
    ModelSettings st = m.settings();
    st.min_coverage = 0.3;  // weighted_mean: some entities not rated
    m.set_settings(st);
    EvidenceStore store(m);
    // Over two threads' minimum share, a ragged last block; empty cells,
    // one-signal cells, heavy and tiny weights.
    const std::int64_t n = 70001;
    std::vector<Signal> sig;
    for (std::int64_t i = 0; i < 3 * n; ++i) {
      const std::int64_t e = (i * 7919) % n;
      const double weight = i % 13 == 0 ? 1e-9 : (i % 17 == 0 ? 1e6 : 1.0 + double(i % 5));
      sig.push_back({"e" + std::to_string(e), std::int32_t((i * 5 + e) % 9),
                     double((i * 7) % 11) / 10.0, weight, double(i % 1000) * 3600});
    }
    add(store, sig);
    ScoreOptions o;
    o.explain = true;
    const Scores ref = reference_scores(m, store, o);
    for (int threads : {1, 2, 3}) {
      CAPTURE(threads);
      o.threads = threads;
      const Scores s = score(m, store, o);
      CHECK(same_bits(s.score, ref.score));
      CHECK(same_bits(s.lower, ref.lower));
      CHECK(same_bits(s.upper, ref.upper));
      CHECK(same_bits(s.contributions, ref.contributions));
      CHECK(same_bits(s.gains, ref.gains));
      CHECK(s.best_lever == ref.best_lever);
      CHECK(tstest::same_double(s.baseline, ref.baseline));
      // Score and bounds only: the path the bench measures.
      std::vector<double> score(store.entity_count()), lower(score), upper(score);
      score_into(m, store, o, {score.data(), lower.data(), upper.data()});
      CHECK(same_bits(score, ref.score));
      CHECK(same_bits(lower, ref.lower));
      CHECK(same_bits(upper, ref.upper));
    }
    // Chosen entities, in an order that puts them anywhere in a block.
    std::vector<std::int64_t> chosen;
    for (std::int64_t e = n - 1; e >= 0; e -= 997) chosen.push_back(e);
    const std::size_t c = chosen.size(), F = store.factor_count();
    std::vector<double> cs(c), cl(c), cu(c), con(c * F), gain(c * F);
    std::vector<std::int32_t> best(c);
    score_entities_into(m, store, chosen.data(), std::int64_t(c), o,
                        {cs.data(), cl.data(), cu.data(), con.data(), gain.data(), best.data()});
    int differ = 0;
    for (std::size_t i = 0; i < c; ++i) {
      const auto e = static_cast<std::size_t>(chosen[i]);
      differ += !tstest::same_double(cs[i], ref.score[e]) ||
                !tstest::same_double(cl[i], ref.lower[e]) ||
                !tstest::same_double(cu[i], ref.upper[e]) || best[i] != ref.best_lever[e];
      for (std::size_t f = 0; f < F; ++f)
        differ += !tstest::same_double(con[i * F + f], ref.contributions[e * F + f]) ||
                  !tstest::same_double(gain[i * F + f], ref.gains[e * F + f]);
    }
    CHECK(differ == 0);
  }
}
