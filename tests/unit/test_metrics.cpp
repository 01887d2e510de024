// Evaluation metrics against hand-computed values (with ties), against
// quadratic textbook versions on random inputs, and every error.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/metrics.hpp"

using namespace trustscore;
using tstest::outcome_of;
namespace m = trustscore::metrics;

namespace {

// A null array the optimiser cannot see through (it would warn about the
// out-of-bounds read that the check prevents).
__attribute__((noipa)) const double* null_array() { return nullptr; }

// Kendall tau-b over all pairs, O(n^2), from its definition.
double kendall_pairs(const std::vector<double>& a, const std::vector<double>& b) {
  double c = 0, d = 0, ta = 0, tb = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    for (std::size_t j = i + 1; j < a.size(); ++j) {
      const double x = (a[i] - a[j]) * (b[i] - b[j]);
      if (a[i] == a[j] && b[i] == b[j]) continue;
      if (a[i] == a[j])
        ta += 1;
      else if (b[i] == b[j])
        tb += 1;
      else if (x > 0)
        c += 1;
      else
        d += 1;
    }
  return (c - d) / std::sqrt((c + d + ta) * (c + d + tb));
}

// ROC AUC over all positive-negative pairs, ties counting one half.
double auc_pairs(const std::vector<double>& y, const std::vector<double>& s) {
  double sum = 0, pairs = 0;
  for (std::size_t i = 0; i < y.size(); ++i)
    for (std::size_t j = 0; j < y.size(); ++j)
      if (y[i] == 1 && y[j] == 0) {
        pairs += 1;
        sum += s[i] > s[j] ? 1 : s[i] == s[j] ? 0.5 : 0;
      }
  return sum / pairs;
}

}  // namespace

TEST_CASE("metrics: hand-computed values", "[metrics]") {
  const std::vector<double> y{0, 0, 1, 1}, s{0.1, 0.4, 0.35, 0.8};
  CHECK(m::roc_auc(y.data(), s.data(), 4) == Approx(0.75).epsilon(1e-15));
  // Thresholds 0.8 (P 1, R 0.5), 0.4 (P 1/2), 0.35 (P 2/3, R 1): 0.5 * 1 + 0.5 * 2/3.
  CHECK(m::average_precision(y.data(), s.data(), 4) == Approx(5.0 / 6).epsilon(1e-15));
  const std::vector<double> yt{0, 1}, tied{0.5, 0.5};
  CHECK(m::roc_auc(yt.data(), tied.data(), 2) == 0.5);
  CHECK(m::average_precision(yt.data(), tied.data(), 2) == 0.5);  // both enter at once

  const std::vector<double> y2{1, 0}, p2{0.8, 0.3};
  CHECK(m::log_loss(y2.data(), p2.data(), 2) ==
        Approx(-(std::log(0.8) + std::log(0.7)) / 2).epsilon(1e-15));
  const std::vector<double> y3{0, 1, 1, 0}, p3{0.1, 0.9, 0.8, 0.3};
  CHECK(m::brier(y3.data(), p3.data(), 4) == Approx(0.0375).epsilon(1e-14));
  const std::vector<double> y4{0, 1, 1, 1}, p4{0.1, 0.2, 0.7, 0.9};
  // Two bins: [0, 0.5): |1 - 0.3| = 0.7 over 2 values; [0.5, 1]: |2 - 1.6| = 0.4.
  CHECK(m::expected_calibration_error(y4.data(), p4.data(), 4, 2) ==
        Approx(1.1 / 4).epsilon(1e-14));
  const std::vector<double> one{1}, certain{1.0};
  CHECK(m::expected_calibration_error(one.data(), certain.data(), 1) == 0);  // p = 1: last bin

  const std::vector<double> t{1, 2, 3}, u{1, 2, 4};
  CHECK(m::rmse(t.data(), u.data(), 3) == Approx(std::sqrt(1.0 / 3)).epsilon(1e-15));
  CHECK(m::mae(t.data(), u.data(), 3) == Approx(1.0 / 3).epsilon(1e-15));
  CHECK(m::pearson(t.data(), u.data(), 3) == Approx(3 / std::sqrt(2 * 42.0 / 9)).epsilon(1e-15));

  const std::vector<double> a{1, 2, 2, 3}, b{1, 3, 2, 4};
  // Ranks of a: 1, 2.5, 2.5, 4; Pearson of ranks 4.5 / sqrt(4.5 * 5).
  CHECK(m::spearman(a.data(), b.data(), 4) == Approx(4.5 / std::sqrt(22.5)).epsilon(1e-15));
  // 5 concordant pairs, none discordant, one tied in a: 5 / sqrt(5 * 6).
  CHECK(m::kendall_tau_b(a.data(), b.data(), 4) == Approx(5 / std::sqrt(30.0)).epsilon(1e-15));
  const std::vector<double> down{3, 2, 1};
  CHECK(m::kendall_tau_b(t.data(), down.data(), 3) == -1);
  const std::vector<double> flat{2, 2, 2};
  CHECK(std::isnan(m::kendall_tau_b(t.data(), flat.data(), 3)));
  CHECK(std::isnan(m::pearson(t.data(), flat.data(), 3)));
  CHECK(std::isnan(m::spearman(flat.data(), t.data(), 3)));

  const std::vector<double> gain{3, 2, 3, 0, 1, 2}, rank{6, 5, 4, 3, 2, 1};
  const auto L = [](double x) { return std::log2(x); };
  const double dcg = 3 + 2 / L(3) + 3 / L(4) + 0 + 1 / L(6) + 2 / L(7);
  const double idcg = 3 + 3 / L(3) + 2 / L(4) + 2 / L(5) + 1 / L(6);
  CHECK(m::ndcg(gain.data(), rank.data(), 6) == Approx(dcg / idcg).epsilon(1e-15));
  CHECK(m::ndcg(gain.data(), rank.data(), 6, 3) ==
        Approx((3 + 2 / L(3) + 3 / L(4)) / (3 + 3 / L(3) + 2 / L(4))).epsilon(1e-15));
  // Tied scores share their positions' discounts: mean gain 0.5 times (1 + 1 / log2 3).
  const std::vector<double> g2{1, 0}, s2{1, 1};
  CHECK(m::ndcg(g2.data(), s2.data(), 2) == Approx(0.5 * (1 + 1 / L(3))).epsilon(1e-15));
  const std::vector<double> zero{0, 0};
  CHECK(m::ndcg(zero.data(), s2.data(), 2) == 0);
}

TEST_CASE("metrics: the O(n log n) versions equal the pairwise definitions", "[metrics]") {
  std::mt19937_64 rng(7);
  for (int trial = 0; trial < 20; ++trial) {
    const int n = 50 + trial * 13;
    std::vector<double> y(n), s(n), a(n), b(n);
    std::uniform_int_distribution<int> coarse(0, 6);  // many ties
    std::uniform_real_distribution<double> fine(0, 1);
    for (int i = 0; i < n; ++i) {
      y[i] = coarse(rng) < 3 ? 1 : 0;
      s[i] = trial % 2 ? coarse(rng) / 6.0 : fine(rng);
      a[i] = coarse(rng);
      b[i] = trial % 3 ? coarse(rng) + a[i] : fine(rng);
    }
    y[0] = 0, y[1] = 1;
    CHECK(m::roc_auc(y.data(), s.data(), n) == Approx(auc_pairs(y, s)).epsilon(1e-13));
    CHECK(m::kendall_tau_b(a.data(), b.data(), n) == Approx(kendall_pairs(a, b)).epsilon(1e-13));
  }
}

TEST_CASE("metrics: every bad input is an error naming the metric", "[metrics][errors]") {
  const std::vector<double> y{0, 1}, p{0.2, 0.7}, nan{0.2, std::nan("")}, half{0.5, 1},
      big{0.2, 1.5}, ones{1, 1}, zeros{0, 0}, neg{-1, 1};
  const auto error = [](auto f, const std::string& text) {
    const auto o = outcome_of(f);
    INFO(o.message);
    CHECK(o.status == Status::invalid_argument);
    CHECK(o.contains(text));
  };
  error([&] { m::roc_auc(y.data(), nan.data(), 2); }, "roc_auc: value 1 is NaN or infinite");
  error([&] { m::roc_auc(y.data(), p.data(), 0); }, "roc_auc: no values");
  error([&] { m::roc_auc(null_array(), p.data(), 2); }, "roc_auc: null input");
  error([&] { m::roc_auc(half.data(), p.data(), 2); }, "roc_auc: label 0 is 0.5");
  error([&] { m::roc_auc(ones.data(), p.data(), 2); }, "roc_auc: needs both labels");
  error([&] { m::average_precision(zeros.data(), p.data(), 2); }, "needs at least one label 1");
  error([&] { m::log_loss(y.data(), big.data(), 2); }, "log_loss: probability 1 is 1.5");
  error([&] { m::brier(y.data(), big.data(), 2); }, "brier: probability 1");
  error([&] { m::expected_calibration_error(y.data(), p.data(), 2, 0); }, "bins");
  error([&] { m::ndcg(neg.data(), p.data(), 2); }, "ndcg: gain 0 is negative");
  error([&] { m::ndcg(y.data(), p.data(), 2, -1); }, "ndcg: k is negative");
  error([&] { m::kendall_tau_b(y.data(), nan.data(), 2); }, "kendall_tau_b: value 1");
  error([&] { m::rmse(y.data(), nan.data(), 2); }, "rmse");
  error([&] { m::mae(y.data(), p.data(), -1); }, "mae: no values");
}
