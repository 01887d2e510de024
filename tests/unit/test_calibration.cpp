// Calibration by Platt scaling: fit_platt against hand-solved cases and its
// optimality conditions, stratified folds, the calibrated logistic fit
// against the same steps done by hand, the harness's "+platt" models
// against their definition, and every error.
#include <algorithm>
#include <catch2/catch.hpp>
#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/calibration.hpp"
#include "trustscore/eval/harness.hpp"

using namespace trustscore;
using tstest::outcome_of;

namespace {

double decision(const LogisticFit& fit, const double* x) {
  double z = fit.bias;
  for (std::size_t j = 0; j < fit.weights.size(); ++j) z += fit.weights[j] * x[j];
  return z;
}

void expect_error(Status status, const std::string& text, const std::function<void()>& f) {
  const auto o = outcome_of(f);
  INFO(o.message);
  CHECK(o.status == status);
  CHECK(o.contains(text));
}

}  // namespace

TEST_CASE("Platt scaling: hand-solved with two decision values", "[calibration]") {
  // z = 0: labels 1, 0, 0, 0; z = 1: 1, 1, 1, 0. Four of each class, so the
  // targets are 5/6 and 1/6; each group's mean target is what σ(a z + b)
  // reaches at the optimum: 1/3 at z = 0, 2/3 at z = 1. So b = logit(1/3) =
  // −log 2 and a = logit(2/3) − b = log 4.
  const std::vector<double> z{0, 0, 0, 0, 1, 1, 1, 1}, y{1, 0, 0, 0, 1, 1, 1, 0};
  const PlattScaling p = fit_platt(z.data(), y.data(), 8);
  CHECK(p.b == Approx(-std::log(2.0)).epsilon(1e-12));
  CHECK(p.a == Approx(std::log(4.0)).epsilon(1e-12));
  CHECK(p(0) == Approx(1.0 / 3).epsilon(1e-12));
  // Sample weights count rows, in the targets' class sizes as in the likelihood:
  // weight 2 on a row equals the row twice.
  const std::vector<double> zw{0, 0, 0, 1, 1, 1}, yw{1, 0, 0, 1, 1, 0}, sw{1, 1, 2, 1, 2, 1};
  const PlattScaling q = fit_platt(zw.data(), yw.data(), 6, sw.data());
  CHECK(q.a == Approx(p.a).epsilon(1e-12));
  CHECK(q.b == Approx(p.b).epsilon(1e-12));
}

TEST_CASE("Platt scaling: the gradient of the smoothed likelihood vanishes", "[calibration]") {
  const auto d = tstest::labelled_rows(11, 5000, {3.0}, -1.0);
  std::vector<double> z(d.x);
  for (double& v : z) v = 2 * v - 0.7;  // any affine map of the true logit
  const PlattScaling p = fit_platt(z.data(), d.y.data(), d.n);
  double positives = 0;
  for (double y : d.y) positives += y;
  const double negatives = static_cast<double>(d.n) - positives;
  double ga = 0, gb = 0;
  for (std::int64_t i = 0; i < d.n; ++i) {
    const auto k = static_cast<std::size_t>(i);
    const double t = d.y[k] == 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2);
    const double r = p(z[k]) - t;
    ga += r * z[k];
    gb += r;
  }
  CHECK(std::fabs(ga) < 1e-7);
  CHECK(std::fabs(gb) < 1e-7);
  // The true map from z back to the logit 3x − 1 is a = 1.5, b = 0.05.
  CHECK(p.a == Approx(1.5).margin(0.25));
}

TEST_CASE("Platt scaling: non_negative keeps the order of the model", "[calibration]") {
  // Higher z, fewer positives: the free slope is negative, the held one 0,
  // and then every row gets the mean target.
  const std::vector<double> z{0, 0, 0, 0, 1, 1, 1, 1}, y{1, 1, 1, 0, 1, 0, 0, 0};
  CHECK(fit_platt(z.data(), y.data(), 8).a < 0);
  const PlattScaling p = fit_platt(z.data(), y.data(), 8, nullptr, true);
  CHECK(p.a == 0);
  CHECK(p(0) == Approx(0.5).epsilon(1e-12));  // targets 5/6 and 1/6, four of each
}

TEST_CASE("stratified folds: each class spread evenly, seeded", "[calibration][outcomes]") {
  std::vector<double> y(103);
  for (std::size_t i = 0; i < y.size(); ++i) y[i] = i % 5 == 0 ? 1 : 0;  // 21 positives
  const auto fold = stratified_kfold_assignment(y.data(), y.size(), 4, 7);
  CHECK(fold == stratified_kfold_assignment(y.data(), y.size(), 4, 7));
  CHECK(fold != stratified_kfold_assignment(y.data(), y.size(), 4, 8));
  std::vector<int> size(4), pos(4);
  for (std::size_t i = 0; i < y.size(); ++i) {
    REQUIRE((fold[i] >= 0 && fold[i] < 4));
    ++size[static_cast<std::size_t>(fold[i])];
    pos[static_cast<std::size_t>(fold[i])] += y[i] == 1;
  }
  CHECK(*std::max_element(size.begin(), size.end()) - *std::min_element(size.begin(), size.end()) <=
        1);
  CHECK(*std::max_element(pos.begin(), pos.end()) == 6);
  CHECK(*std::min_element(pos.begin(), pos.end()) == 5);
  expect_error(Status::invalid_argument, "exceed the 103 rows",
               [&] { stratified_kfold_assignment(y.data(), y.size(), 104, 1); });
}

TEST_CASE("calibrated logistic fit: the steps done by hand", "[calibration][logistic]") {
  const auto d = tstest::labelled_rows(5, 600, {2.0, -1.0, 0.5}, 0.3);
  LogisticFitOptions o;
  o.l2 = 4;  // a strong penalty: timid probabilities for Platt to widen
  const std::int64_t K = 5;
  const auto fold = stratified_kfold_assignment(d.y.data(), d.y.size(), K, 9);
  // By hand: out-of-fold decision values, Platt on them, the fit on all rows.
  std::vector<double> z(d.y.size());
  for (std::int64_t k = 0; k < K; ++k) {
    std::vector<double> x, y;
    for (std::size_t i = 0; i < d.y.size(); ++i)
      if (fold[i] != k) {
        x.insert(x.end(), &d.x[i * 3], &d.x[i * 3] + 3);
        y.push_back(d.y[i]);
      }
    const LogisticFit part =
        fit_logistic(x.data(), y.data(), static_cast<std::int64_t>(y.size()), 3, nullptr, o);
    for (std::size_t i = 0; i < d.y.size(); ++i)
      if (fold[i] == k) z[i] = decision(part, &d.x[i * 3]);
  }
  const PlattScaling platt = fit_platt(z.data(), d.y.data(), d.n);
  const LogisticFit all = fit_logistic(d.x.data(), d.y.data(), d.n, d.f, nullptr, o);

  PlattScaling got;
  const LogisticFit fit =
      fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, d.f, nullptr, o, K, 9, nullptr, &got);
  CHECK(got.a == Approx(platt.a).epsilon(1e-12));
  CHECK(got.b == Approx(platt.b).epsilon(1e-12));
  CHECK(got.a > 1.2);  // the penalty shrank the weights: calibration widens them
  for (std::size_t j = 0; j < 3; ++j)
    CHECK(fit.weights[j] == Approx(platt.a * all.weights[j]).epsilon(1e-12));
  CHECK(fit.bias == Approx(platt.a * all.bias + platt.b).epsilon(1e-12));
  CHECK(fit.converged);
  // The same folds given explicitly give the same fit.
  const LogisticFit given =
      fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, d.f, nullptr, o, K, 0, fold.data());
  CHECK(given.weights == fit.weights);
  CHECK(given.bias == fit.bias);
}

TEST_CASE("calibrated logistic fit: bad input", "[calibration][logistic][errors]") {
  const auto d = tstest::labelled_rows(6, 40, {1.0}, 0);
  LogisticFitOptions o;
  const auto bad = Status::invalid_argument;
  expect_error(bad, "folds must be >= 2",
               [&] { fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, 1, nullptr, o, 1, 1); });
  std::vector<std::int64_t> fold(40, 0);
  fold[3] = 2;
  expect_error(bad, "fold 3 is 2, not in [0, 2)", [&] {
    fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, 1, nullptr, o, 2, 1, fold.data());
  });
  fold[3] = 0;
  expect_error(bad, "fold 0 holds every row", [&] {
    fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, 1, nullptr, o, 2, 1, fold.data());
  });
  // Every positive in fold 0: the fit without it has one label only.
  for (std::size_t i = 0; i < fold.size(); ++i) fold[i] = d.y[i] == 1 ? 0 : 1;
  expect_error(bad, "the rows outside fold 0 all have label 0", [&] {
    fit_logistic_calibrated(d.x.data(), d.y.data(), d.n, 1, nullptr, o, 2, 1, fold.data());
  });
  const std::vector<double> x{0.1, 0.2, 0.3, 0.4}, one_positive{1, 0, 0, 0};
  expect_error(bad, "needs 2 or more rows of each label (has 1 of 1, 3 of 0)", [&] {
    fit_logistic_calibrated(x.data(), one_positive.data(), 4, 1, nullptr, o, 2, 1);
  });
  const std::vector<double> half{1, 0.5, 0, 1};
  expect_error(bad, "fit_logistic_calibrated: label 1 is 0.5",
               [&] { fit_logistic_calibrated(x.data(), half.data(), 4, 1, nullptr, o, 2, 1); });
  const std::vector<double> z{0.1, std::nan(""), 0.3, 0.4}, y{1, 0, 1, 0};
  expect_error(bad, "fit_platt: feature 0 of row 1 is NaN",
               [&] { fit_platt(z.data(), y.data(), 4); });
  expect_error(bad, "fit_platt: decision values are null",
               [&] { fit_platt(nullptr, y.data(), 4); });
  expect_error(bad, "fit_platt: label 1 is 0.5", [&] { fit_platt(x.data(), half.data(), 4); });
}

TEST_CASE("harness: NAME+platt is the model's score calibrated out of fold",
          "[calibration][eval]") {
  const std::string examples = std::string(TRUSTSCORE_TEST_DATA_DIR) + "/../../examples/";
  const std::string signals = examples + "merchants.csv",
                    outcomes = examples + "outcomes/merchants_outcomes.csv";
  EvalOptions options;
  options.models = {"beta", "beta+platt", "logistic+platt"};
  options.folds = 4;
  options.seed = 3;
  options.predictions = true;
  const EvalReport report = evaluate(signals, outcomes, options);
  REQUIRE(report.models.size() == 3 + 4);  // and the four baselines after the models
  CHECK(report.models[3].model == "plain_mean");
  CHECK(report.models[1].model == "beta+platt");
  CHECK(report.models[2].model == "logistic+platt");
  const auto fold = kfold_assignment(report.outcome.size(), 4, 3);
  const std::vector<double>& beta = report.models[0].prediction;
  std::vector<double> expected(beta.size());
  for (std::int64_t k = 0; k < 4; ++k) {
    std::vector<double> z, y;
    for (std::size_t i = 0; i < beta.size(); ++i)
      if (fold[i] != k) {
        z.push_back(score_logit(beta[i]));
        y.push_back(report.outcome[i]);
      }
    const PlattScaling p = fit_platt(z.data(), y.data(), static_cast<std::int64_t>(z.size()));
    for (std::size_t i = 0; i < beta.size(); ++i)
      if (fold[i] == k) expected[i] = p(score_logit(beta[i]));
  }
  for (std::size_t i = 0; i < beta.size(); ++i)
    CHECK(report.models[1].prediction[i] == Approx(expected[i]).epsilon(1e-12));
  // A monotone map per fold: each fold's ranking, so its AUC, is beta's.
  const auto auc = [](const ModelResult& m) { return m.metrics[0].folds; };
  REQUIRE(report.models[0].metrics[0].name == "roc_auc");
  for (std::size_t k = 0; k < 4; ++k)
    CHECK(auc(report.models[1])[k] == Approx(auc(report.models[0])[k]).epsilon(1e-12));
  // Calibration lowers beta's log loss on this data (0.618 uncalibrated, 5 folds).
  CHECK(report.models[1].metrics[2].name == "log_loss");
  CHECK(report.models[1].metrics[2].mean < report.models[0].metrics[2].mean);

  // Under attack: the calibrator fitted on every outcome maps beta's scores.
  options.models = {"beta", "beta+platt", "logistic+platt"};
  options.predictions = false;
  options.attacks = {Attack::sybil};
  const EvalReport attacked = evaluate(signals, outcomes, options);
  REQUIRE(attacked.attacks.size() == 3);
  CHECK(attacked.attacks[1].model == "beta+platt");
  CHECK(attacked.attacks[1].rank_shift == attacked.attacks[0].rank_shift);
  CHECK(attacked.attacks[1].shift != attacked.attacks[0].shift);
  CHECK(std::isfinite(attacked.attacks[2].shift));

  options.attacks.clear();
  options.models = {"beta+platt"};
  options.folds = 1;
  expect_error(Status::invalid_argument, "beta+platt is fitted on the other folds",
               [&] { evaluate(signals, outcomes, options); });
  options.models = {"beta+plat"};
  expect_error(Status::invalid_argument, "unknown model 'beta+plat': after '+' only 'platt'",
               [&] { evaluate(signals, outcomes, options); });
  options.models = {"+platt"};
  expect_error(Status::invalid_argument, "unknown model kind",
               [&] { evaluate(signals, outcomes, options); });
}
