// The model family's formulas against hand-computed and published values.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/kinds/bayesian_average.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/kinds/dirichlet.hpp"
#include "trustscore/kinds/weighted_mean.hpp"
#include "trustscore/kinds/wilson.hpp"

using Catch::Contains;
using trustscore::Error;
using tstest::kNaN;
using tstest::z95;

TEST_CASE("wilson interval matches the published values", "[models][wilson]") {
  // 8 of 10 positive at 95%: the classic [0.4902, 0.9433] (statsmodels'
  // proportion_confint(8, 10, method="wilson")). By hand: p = 0.8, z² =
  // 3.8414588, center = (0.8 + z²/20)/(1 + z²/10) = 0.992073/1.384146 =
  // 0.716740, half = z/1.384146 · sqrt(0.016 + z²/400) = 0.226578.
  const auto i = trustscore::wilson::interval(8.0, 2.0, z95);
  CHECK(i.lower == Approx(0.4901624715366418).epsilon(1e-14));
  CHECK(i.upper == Approx(0.9433178485456248).epsilon(1e-14));
  CHECK(trustscore::wilson::lower_bound(8.0, 2.0, z95) == i.lower);
  // All negative: the lower bound is 0; all positive: the upper bound is 1.
  CHECK(trustscore::wilson::interval(0.0, 5.0, z95).lower == 0.0);
  CHECK(trustscore::wilson::interval(0.0, 5.0, z95).upper == Approx(0.43448246478317476));
  CHECK(trustscore::wilson::interval(1.0, 0.0, z95).upper == 1.0);
  CHECK(trustscore::wilson::interval(1.0, 0.0, z95).lower == Approx(0.20654931437723745));
  // No evidence: no information.
  CHECK(trustscore::wilson::interval(0.0, 0.0, z95).lower == 0.0);
  CHECK(trustscore::wilson::interval(0.0, 0.0, z95).upper == 1.0);
  // More evidence at the same proportion ranks higher (the point of the bound).
  CHECK(trustscore::wilson::lower_bound(80.0, 20.0, z95) > i.lower);
}

TEST_CASE("wilson rejects bad counts and z", "[models][wilson][errors]") {
  CHECK_THROWS_WITH(trustscore::wilson::interval(-1.0, 2.0, z95), Contains("positive count"));
  CHECK_THROWS_WITH(trustscore::wilson::interval(1.0, kNaN, z95), Contains("negative count"));
  CHECK_THROWS_WITH(trustscore::wilson::interval(1.0, 2.0, 0.0), Contains("z"));
  CHECK_THROWS_AS(trustscore::wilson::interval(1.0, 2.0, -1.0), Error);
}

TEST_CASE("bayesian average reproduces IMDb's weighted rating", "[models][bayesian_average]") {
  namespace ba = trustscore::bayesian_average;
  ba::Params p;  // C = 7 imaginary ratings at 3.5 of 5, no decay
  ba::Sums s;
  for (int i = 0; i < 100; ++i) ba::add(s, p, i < 20 ? 5.0 : 4.0);  // mean R = 4.2, v = 100
  // WR = v/(v+m) R + m/(v+m) C = 100/107 · 4.2 + 7/107 · 3.5 = 444.5/107.
  CHECK(ba::score(p, s) == Approx(444.5 / 107).epsilon(1e-15));
  CHECK(ba::score(p, s) == Approx(100.0 / 107 * 4.2 + 7.0 / 107 * 3.5).epsilon(1e-15));
  CHECK(ba::score01(p, s) == Approx((444.5 / 107 - 1) / 4).epsilon(1e-15));
  // No ratings: the prior mean.
  CHECK(ba::score(p, ba::Sums{}) == 3.5);
  // No prior and no ratings: not rated.
  ba::Params none = p;
  none.prior_count = 0;
  CHECK(std::isnan(ba::score(none, ba::Sums{})));
}

TEST_CASE("bayesian average with time weighting", "[models][bayesian_average]") {
  namespace ba = trustscore::bayesian_average;
  ba::Params p;
  p.half_life_days = 182.5;  // ratings halve in value every six months
  ba::Sums s;
  ba::add(s, p, 5.0, 0.0);    // weight 1
  ba::add(s, p, 1.0, 182.5);  // weight 1/2
  ba::add(s, p, 3.0, 365.0);  // weight 1/4
  // (5 + 0.5 + 0.75 + 7 · 3.5)/(1.75 + 7) = 30.75/8.75
  CHECK(s.weight == Approx(1.75));
  CHECK(ba::score(p, s) == Approx(30.75 / 8.75).epsilon(1e-14));
  CHECK_THROWS_WITH(ba::add(s, p, 6.0), Contains("off the scale"));
  CHECK_THROWS_WITH(ba::add(s, p, 3.0, -1.0), Contains("age"));
  ba::Params bad = p;
  bad.prior_mean = 0;
  CHECK_THROWS_WITH(ba::validate(bad), Contains("prior_mean"));
  bad = p;
  bad.half_life_days = 0;
  CHECK_THROWS_WITH(ba::validate(bad), Contains("half_life_days"));
  CHECK_NOTHROW(ba::validate(p));
}

TEST_CASE("dirichlet: expected utility and variance by hand", "[models][dirichlet]") {
  namespace dr = trustscore::dirichlet;
  dr::Params p{{0, 0.25, 0.5, 0.75, 1}, {}, 2};  // 1..5 stars, uniform base, W = 2
  REQUIRE_NOTHROW(dr::validate(p));
  // counts 1, 0, 2, 3, 4: α0 = 12, p̄ = (1.4, 0.4, 2.4, 3.4, 4.4)/12;
  // mean = (0.1 + 1.2 + 2.55 + 4.4)/12 = 0.6875;
  // E[u²] = (0.025 + 0.6 + 1.9125 + 4.4)/12 = 0.578125;
  // var = (0.578125 − 0.6875²)/13 = 0.10546875/13.
  const auto r = dr::score(p, std::vector<double>{1, 0, 2, 3, 4});
  CHECK(r.score == Approx(0.6875).epsilon(1e-15));
  CHECK(r.variance == Approx(0.10546875 / 13).epsilon(1e-14));
}

TEST_CASE("dirichlet with two levels is the beta model", "[models][dirichlet]") {
  namespace dr = trustscore::dirichlet;
  const double a = 0.3, W = 2.5;
  dr::Params p{{0, 1}, {1 - a, a}, W};
  for (double r : {0.0, 1.0, 7.5}) {
    for (double s : {0.0, 2.0, 30.0}) {
      const auto d = dr::score(p, std::vector<double>{s, r});
      const auto b = trustscore::beta::cell_trust(r, s, a, W);
      CHECK(d.score == Approx(b.p).epsilon(1e-14));
      CHECK(d.variance == Approx(b.variance).epsilon(1e-12));
    }
  }
}

TEST_CASE("dirichlet rejects bad parameters and counts", "[models][dirichlet][errors]") {
  namespace dr = trustscore::dirichlet;
  CHECK_THROWS_WITH(dr::validate({{1}, {}, 2}), Contains("two rating levels"));
  CHECK_THROWS_WITH(dr::validate({{0, 1.5}, {}, 2}), Contains("utilities"));
  CHECK_THROWS_WITH(dr::validate({{0, 1}, {0.5}, 2}), Contains("one value per level"));
  CHECK_THROWS_WITH(dr::validate({{0, 1}, {0.5, 0.6}, 2}), Contains("sum to 1"));
  CHECK_THROWS_WITH(dr::validate({{0, 1}, {}, 0}), Contains("prior_weight"));
  const dr::Params p{{0, 1}, {}, 2};
  CHECK_THROWS_WITH(dr::score(p, std::vector<double>{1}), Contains("one value per level"));
  CHECK_THROWS_WITH(dr::score(p, std::vector<double>{1, -1}), Contains("counts"));
}

TEST_CASE("weighted mean renormalises missing factors and says not rated",
          "[models][weighted_mean]") {
  namespace wm = trustscore::weighted_mean;
  const double w[] = {2, 1, 1};
  const double all[] = {1.0, 0.5, 0.0};
  auto r = wm::score(all, w, 3);
  CHECK(r.rated);
  CHECK(r.coverage == 1.0);
  CHECK(r.score == Approx(2.5 / 4).epsilon(1e-15));  // (2·1 + 0.5 + 0)/4
  const double some[] = {1.0, kNaN, 0.0};
  r = wm::score(some, w, 3);
  CHECK(r.score == Approx(2.0 / 3).epsilon(1e-15));  // (2·1 + 0)/3
  CHECK(r.coverage == Approx(0.75));
  r = wm::score(some, w, 3, 0.8);  // BBB-style "NR" below 80% coverage
  CHECK(!r.rated);
  CHECK(std::isnan(r.score));
  CHECK(r.coverage == Approx(0.75));
  const double none[] = {kNaN, kNaN, kNaN};
  CHECK(!wm::score(none, w, 3).rated);
}

TEST_CASE("weighted mean rejects bad input", "[models][weighted_mean][errors]") {
  namespace wm = trustscore::weighted_mean;
  const double w[] = {1, 1};
  const double bad_value[] = {1.5, 0.0};
  CHECK_THROWS_WITH(wm::score(bad_value, w, 2), Contains("[0, 1]"));
  const double ok[] = {0.5, 0.5};
  const double bad_w[] = {-1, 1};
  CHECK_THROWS_WITH(wm::score(ok, bad_w, 2), Contains("weights"));
  const double zero_w[] = {0, 0};
  CHECK_THROWS_WITH(wm::score(ok, zero_w, 2), Contains("no factor has weight"));
  CHECK_THROWS_WITH(wm::score(ok, w, 2, 1.5), Contains("min_coverage"));
}
