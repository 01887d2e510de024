// The model family's batch kernels equal their scalar formulas entity by
// entity, do not depend on the thread count, and check their arguments.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstring>
#include <random>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/detail/model_batch.hpp"
#include "trustscore/kinds/weighted_mean.hpp"

using Catch::Contains;
namespace batch = trustscore::batch;
using tstest::kNaN;
using tstest::z95;

namespace {

// a and b agree to 1e-14 relative (absolute below 1), or both are NaN.
bool close_or_both_nan(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= 1e-14 * std::max(1.0, std::fabs(b));
}

std::vector<double> random_counts(std::int64_t n, std::mt19937_64& rng, double zero_share) {
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<double> v(static_cast<std::size_t>(n));
  for (double& x : v) x = u(rng) < zero_share ? 0.0 : u(rng) * 50;
  return v;
}
}  // namespace

TEST_CASE("wilson_intervals equals the scalar interval", "[models][batch][wilson]") {
  std::mt19937_64 rng(7);
  for (std::int64_t n : {0, 1, 7, 513, 70001}) {
    const auto pos = random_counts(n, rng, 0.2), neg = random_counts(n, rng, 0.2);
    std::vector<double> lo(pos.size(), -1), hi(pos.size(), -1), lo2(lo), hi2(hi);
    batch::wilson_intervals(pos.data(), neg.data(), n, z95, lo.data(), hi.data(), 1);
    batch::wilson_intervals(pos.data(), neg.data(), n, z95, lo2.data(), hi2.data(), 2);
    int bad = 0;
    for (std::size_t e = 0; e < pos.size(); ++e) {
      const auto w = trustscore::wilson::interval(pos[e], neg[e], z95);
      bad += !close_or_both_nan(lo[e], w.lower) || !close_or_both_nan(hi[e], w.upper);
    }
    CHECK(bad == 0);
    CHECK(lo == lo2);  // threads do not change results
    CHECK(hi == hi2);
  }
  // Either output may be skipped.
  const double p[] = {8}, q[] = {2};
  double lower = 0;
  batch::wilson_intervals(p, q, 1, z95, &lower, nullptr);
  CHECK(lower == Approx(0.4901624715366418).epsilon(1e-14));
}

TEST_CASE("bayesian_averages equals the scalar average", "[models][batch][bayesian_average]") {
  namespace ba = trustscore::bayesian_average;
  std::mt19937_64 rng(11);
  std::uniform_real_distribution<double> u(0, 1);
  ba::Params params;
  for (std::int64_t n : {0, 3, 1025, 70001}) {
    std::vector<double> v(static_cast<std::size_t>(n)), vr(v.size()), s1(v.size()), s2(v.size());
    for (std::size_t e = 0; e < v.size(); ++e) {
      v[e] = u(rng) < 0.1 ? 0.0 : u(rng) * 100;
      vr[e] = v[e] * (1 + 4 * u(rng));  // mean rating in [1, 5]
    }
    batch::bayesian_averages(v.data(), vr.data(), n, params, s1.data(), 1);
    batch::bayesian_averages(v.data(), vr.data(), n, params, s2.data(), 2);
    int bad = 0;
    for (std::size_t e = 0; e < v.size(); ++e)
      bad += !close_or_both_nan(s1[e], ba::score(params, ba::Sums{v[e], vr[e]}));
    CHECK(bad == 0);
    CHECK(s1 == s2);
  }
}

TEST_CASE("weighted_means equals the scalar mean", "[models][batch][weighted_mean]") {
  std::mt19937_64 rng(13);
  std::uniform_real_distribution<double> u(0, 1);
  const std::size_t F = 5;
  const double weights[F] = {2, 1, 0.5, 0, 1.5};
  for (std::int64_t n : {0, 1, 600, 70001}) {
    std::vector<std::vector<double>> cols(F, std::vector<double>(static_cast<std::size_t>(n)));
    std::vector<const double*> ptrs;
    for (auto& c : cols) {
      for (double& x : c) x = u(rng) < 0.3 ? kNaN : u(rng);
      ptrs.push_back(c.data());
    }
    std::vector<double> score(static_cast<std::size_t>(n)), cov(score.size()), score2(score.size());
    batch::weighted_means(ptrs.data(), weights, F, n, 0.6, score.data(), cov.data(), 1);
    batch::weighted_means(ptrs.data(), weights, F, n, 0.6, score2.data(), nullptr, 2);
    int bad = 0, not_rated = 0;
    for (std::size_t e = 0; e < score.size(); ++e) {
      double row[F];
      for (std::size_t f = 0; f < F; ++f) row[f] = cols[f][e];
      const auto r = trustscore::weighted_mean::score(row, weights, F, 0.6);
      bad += !close_or_both_nan(score[e], r.score) || !close_or_both_nan(cov[e], r.coverage);
      not_rated += !r.rated;
    }
    CHECK(bad == 0);
    if (n > 100) CHECK(not_rated > 0);  // the coverage rule is exercised
    int differ = 0;
    for (std::size_t e = 0; e < score.size(); ++e)
      differ += !(score[e] == score2[e] || (std::isnan(score[e]) && std::isnan(score2[e])));
    CHECK(differ == 0);
  }
}

TEST_CASE("dirichlet_scores equals the scalar score", "[models][batch][dirichlet]") {
  namespace dr = trustscore::dirichlet;
  std::mt19937_64 rng(17);
  const dr::Params params{{0, 0.25, 0.5, 0.75, 1}, {0.1, 0.1, 0.2, 0.3, 0.3}, 3};
  for (std::int64_t n : {0, 2, 513, 70001}) {
    std::vector<std::vector<double>> cols;
    std::vector<const double*> ptrs;
    for (int i = 0; i < 5; ++i) cols.push_back(random_counts(n, rng, 0.3));
    for (auto& c : cols) ptrs.push_back(c.data());
    std::vector<double> s(static_cast<std::size_t>(n)), v(s.size()), s2(s.size()), v2(s.size());
    batch::dirichlet_scores(ptrs.data(), n, params, s.data(), v.data(), 1);
    batch::dirichlet_scores(ptrs.data(), n, params, s2.data(), v2.data(), 2);
    int bad = 0;
    for (std::size_t e = 0; e < s.size(); ++e) {
      std::vector<double> c;
      for (auto& col : cols) c.push_back(col[e]);
      const auto r = dr::score(params, c);
      bad += !close_or_both_nan(s[e], r.score) || std::fabs(v[e] - r.variance) > 1e-15;
    }
    CHECK(bad == 0);
    CHECK(s == s2);
    CHECK(v == v2);
  }
}

TEST_CASE("batch kernels check their arguments and values", "[models][batch][errors]") {
  double out[2];
  const double ok[] = {1, 2}, negative[] = {1, -2}, nan_value[] = {0.5, kNaN};
  CHECK_THROWS_WITH(batch::wilson_intervals(nullptr, ok, 2, z95, out, out), Contains("positive"));
  CHECK_THROWS_WITH(batch::wilson_intervals(ok, negative, 2, z95, out, out), Contains("counts"));
  CHECK_THROWS_WITH(batch::wilson_intervals(ok, ok, -1, z95, out, out), Contains("negative"));
  CHECK_THROWS_WITH(batch::wilson_intervals(ok, ok, 2, 0.0, out, out), Contains("z"));
  CHECK_NOTHROW(batch::wilson_intervals(nullptr, nullptr, 0, z95, nullptr, nullptr));
  trustscore::bayesian_average::Params params;
  CHECK_THROWS_WITH(batch::bayesian_averages(negative, ok, 2, params, out), Contains("weight"));
  CHECK_THROWS_WITH(batch::bayesian_averages(ok, ok, 2, params, nullptr), Contains("score"));
  params.prior_count = -1;
  CHECK_THROWS_WITH(batch::bayesian_averages(ok, ok, 2, params, out), Contains("prior_count"));
  const double* cols[] = {ok, negative};
  const double w[] = {1, 1};
  CHECK_THROWS_WITH(batch::weighted_means(cols, w, 2, 2, 0, out, out), Contains("[0, 1]"));
  const double* nan_cols[] = {nan_value};
  CHECK_NOTHROW(batch::weighted_means(nan_cols, w, 1, 2, 0, out, out));  // NaN is missing
  CHECK(out[0] == 0.5);
  CHECK(std::isnan(out[1]));
  CHECK_THROWS_WITH(batch::weighted_means(cols, w, 0, 2, 0, out, out), Contains("no factors"));
  const double zero_w[] = {0};
  CHECK_THROWS_WITH(batch::weighted_means(nan_cols, zero_w, 1, 2, 0, out, out),
                    Contains("no factor has weight"));
  const trustscore::dirichlet::Params dp{{0, 1}, {}, 2};
  const double* counts[] = {ok, negative};
  CHECK_THROWS_WITH(batch::dirichlet_scores(counts, 2, dp, out, out), Contains("counts"));
  const double* null_counts[] = {ok, nullptr};
  CHECK_THROWS_WITH(batch::dirichlet_scores(null_counts, 2, dp, out, out),
                    Contains("count column"));
}
