// Anderson acceleration (detail/anderson.hpp) on small linear fixed points
// whose solutions are known, against the plain iteration.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "trustscore/detail/anderson.hpp"

using trustscore::detail::Anderson;

namespace {

// x <- M x + b with M = [[0.9, 0.05], [0.05, 0.9]] (eigenvalues 0.95 and
// 0.85): x* = (I - M)^-1 b = (20, 20) for b = (1, 1).
std::vector<double> map2(const std::vector<double>& x) {
  return {0.9 * x[0] + 0.05 * x[1] + 1, 0.05 * x[0] + 0.9 * x[1] + 1};
}

double distance2(const std::vector<double>& x) {
  return std::fabs(x[0] - 20) + std::fabs(x[1] - 20);
}

const auto unit = [](std::size_t) { return 1.0; };

}  // namespace

TEST_CASE("anderson: a two-dimensional linear map is solved in a few steps", "[graph]") {
  // Two differences span the space: from the third step on the
  // extrapolation is the exact solution (GMRES on a 2-d space), where the
  // plain iteration still has 0.95^k of its error.
  Anderson a(2, 2);
  std::vector<double> x = {0, 0};
  int steps = 0;
  for (; steps < 10 && distance2(x) > 1e-9; ++steps) {
    std::copy(x.begin(), x.end(), a.input());
    x = map2(x);
    const bool extrapolated = a.step(x.data(), unit);
    CHECK(extrapolated == (steps > 0));  // the first step only records
    if (extrapolated) {
      CHECK(a.input()[0] == x[0]);  // the next input is written for the caller
      CHECK(a.input()[1] == x[1]);
    }
  }
  CHECK(distance2(x) < 1e-9);
  CHECK(steps <= 4);
  std::vector<double> plain = {0, 0};
  for (int k = 0; k < steps; ++k) plain = map2(plain);
  CHECK(distance2(plain) > 10);
}

TEST_CASE("anderson: weights, depths and restarts", "[graph]") {
  // A 3-d diagonal map x_i <- c_i x_i + 1 (x*_i = 1 / (1 - c_i)) with a
  // weighted norm: still converges, far faster than 0.97^k. Depth 5 takes
  // the loops over columns not fixed at compile time (more than 3 old ones),
  // with more columns than dimensions (the ridge keeps the fit solvable).
  const std::vector<double> c = {0.97, 0.5, 0.8};
  const auto weight = [](std::size_t j) { return 1.0 + static_cast<double>(j); };
  for (int depth : {2, 3, 5}) {
    Anderson a(3, depth);
    std::vector<double> x = {0, 0, 0};
    double error = 1;
    int steps = 0;
    for (; steps < 200 && error > 1e-10; ++steps) {
      std::copy(x.begin(), x.end(), a.input());
      for (std::size_t i = 0; i < 3; ++i) x[i] = c[i] * x[i] + 1;
      a.step(x.data(), weight);
      error = 0;
      for (std::size_t i = 0; i < 3; ++i) error += std::fabs(x[i] - 1 / (1 - c[i]));
    }
    INFO("depth " << depth);
    CHECK(error < 1e-10);
    CHECK(steps < 60);  // plain: 0.97^k < 1e-12 takes about 900
  }
  // After restart() the next step only records, leaving x = g(x).
  Anderson a(2, 2);
  std::vector<double> x = {0, 0};
  for (int k = 0; k < 2; ++k) {
    std::copy(x.begin(), x.end(), a.input());
    x = map2(x);
    a.step(x.data(), unit);
  }
  a.restart();
  std::copy(x.begin(), x.end(), a.input());
  const std::vector<double> g = map2(x);
  x = g;
  CHECK_FALSE(a.step(x.data(), unit));
  CHECK(x == g);
}

TEST_CASE("anderson: a fit that is not finite leaves g(x) and restarts", "[graph]") {
  Anderson a(2, 2);
  std::vector<double> x = {0, 0};
  std::copy(x.begin(), x.end(), a.input());
  x = map2(x);
  a.step(x.data(), unit);
  std::copy(x.begin(), x.end(), a.input());
  x = {std::numeric_limits<double>::quiet_NaN(), 1};
  const std::vector<double> g = x;
  CHECK_FALSE(a.step(x.data(), unit));
  CHECK(std::isnan(x[0]));
  CHECK(x[1] == g[1]);
  // Forgotten: the next step only records.
  x = {1, 1};
  std::copy(x.begin(), x.end(), a.input());
  x = map2(x);
  CHECK_FALSE(a.step(x.data(), unit));
}
