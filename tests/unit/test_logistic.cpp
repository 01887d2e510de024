// Learned weights: the fitted logistic model satisfies the optimality
// conditions of its objective (gradient zero; with non-negative weights, the
// KKT conditions), matches a hand-solved case, and rejects bad input.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/logistic_fit.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

using Data = tstest::LabelledRows;

// The objective's gradient at the fit: weights first, the bias last.
std::vector<double> gradient(const Data& d, const LogisticFit& fit, double l2) {
  std::vector<double> g(static_cast<std::size_t>(d.f + 1), 0.0);
  for (std::int64_t i = 0; i < d.n; ++i) {
    const double r =
        fit.predict(&d.x[static_cast<std::size_t>(i * d.f)]) - d.y[static_cast<std::size_t>(i)];
    for (std::int64_t j = 0; j < d.f; ++j)
      g[static_cast<std::size_t>(j)] += r * d.x[static_cast<std::size_t>(i * d.f + j)];
    g.back() += r;
  }
  for (std::int64_t j = 0; j < d.f; ++j)
    g[static_cast<std::size_t>(j)] += l2 * fit.weights[static_cast<std::size_t>(j)];
  return g;
}

}  // namespace

TEST_CASE("logistic fit: the gradient vanishes at the optimum", "[logistic]") {
  const Data d = tstest::labelled_rows(3, 2000, {2, -1, 0.5, 0}, -0.3);
  for (double l2 : {0.0, 1.0, 25.0}) {
    LogisticFitOptions o;
    o.l2 = l2;
    const LogisticFit fit = fit_logistic(d.x.data(), d.y.data(), d.n, d.f, nullptr, o);
    CHECK(fit.converged);
    CHECK(fit.iterations < 30);
    for (double g : gradient(d, fit, l2)) CHECK(std::fabs(g) < 1e-8);
  }
}

TEST_CASE("logistic fit: hand-solved cases", "[logistic]") {
  // No features: the bias is the log-odds of the labels, 3 of 4 -> log 3.
  const std::vector<double> y{1, 1, 1, 0};
  const LogisticFit only_bias = fit_logistic(nullptr, y.data(), 4, 0);
  CHECK(only_bias.bias == Approx(std::log(3.0)).epsilon(1e-12));
  // One binary feature, no penalty: the weight is the log odds ratio.
  // x = 1: 3 positives of 4 (odds 3); x = 0: 1 of 4 (odds 1/3): w = log 9, b = -log 3.
  const std::vector<double> x{1, 1, 1, 1, 0, 0, 0, 0}, y2{1, 1, 1, 0, 1, 0, 0, 0};
  LogisticFitOptions o;
  o.l2 = 0;
  const LogisticFit fit = fit_logistic(x.data(), y2.data(), 8, 1, nullptr, o);
  CHECK(fit.weights[0] == Approx(std::log(9.0)).epsilon(1e-10));
  CHECK(fit.bias == Approx(-std::log(3.0)).epsilon(1e-10));
  // Sample weights count rows: weight 2 on a row equals the row twice.
  const std::vector<double> xw{1, 1, 1, 0, 0, 0}, yw{1, 1, 0, 1, 0, 0}, sw{1, 2, 1, 1, 2, 1};
  const std::vector<double> xd{1, 1, 1, 1, 0, 0, 0, 0}, yd{1, 1, 1, 0, 1, 0, 0, 0};
  const LogisticFit a = fit_logistic(xw.data(), yw.data(), 6, 1, sw.data());
  const LogisticFit b = fit_logistic(xd.data(), yd.data(), 8, 1);
  CHECK(a.weights[0] == Approx(b.weights[0]).epsilon(1e-12));
  CHECK(a.bias == Approx(b.bias).epsilon(1e-12));
}

TEST_CASE("logistic fit: non-negative weights meet the KKT conditions", "[logistic]") {
  const Data d = tstest::labelled_rows(9, 3000, {1.5, -2, 0.7}, 0.2);
  LogisticFitOptions o;
  o.non_negative = true;
  const LogisticFit fit = fit_logistic(d.x.data(), d.y.data(), d.n, d.f, nullptr, o);
  CHECK(fit.converged);
  const auto g = gradient(d, fit, o.l2);
  CHECK(fit.weights[1] == 0);  // its unconstrained value is negative
  CHECK(g[1] > 0);             // and the objective would rise into the allowed side
  for (std::size_t j : {std::size_t{0}, std::size_t{2}, std::size_t{3}}) {
    if (j < 3) CHECK(fit.weights[j] > 0);
    CHECK(std::fabs(g[j]) < 1e-8);
  }
}

TEST_CASE("logistic fit: bad input", "[logistic][errors]") {
  const std::vector<double> x{0.5, 0.2}, y{1, 0}, half{0.5, 1}, nan{0.5, std::nan("")}, neg{1, -1};
  const auto error = [](auto f, const std::string& text) {
    const auto o = outcome_of(f);
    INFO(o.message);
    CHECK(o.status == Status::invalid_argument);
    CHECK(o.contains(text));
  };
  error([&] { fit_logistic(x.data(), half.data(), 2, 1); }, "label 0 is 0.5");
  error([&] { fit_logistic(nan.data(), y.data(), 2, 1); }, "feature 0 of row 1 is NaN");
  error([&] { fit_logistic(x.data(), y.data(), 0, 1); }, "needs rows");
  error([&] { fit_logistic(x.data(), y.data(), 2, 1, neg.data()); }, "sample weight 1");
  LogisticFitOptions o;
  o.l2 = -1;
  error([&] { fit_logistic(x.data(), y.data(), 2, 1, nullptr, o); }, "l2 must be");
}
