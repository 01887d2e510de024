// Learned edge prediction: least squares against exact and closed-form
// solutions, the node features of a left-out edge against hand-computed
// values, out-of-fold fitting, and the learned predictors on the bundled
// Bitcoin OTC slice.
#include <catch2/catch.hpp>
#include <cmath>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/eval/linear_regression.hpp"
#include "trustscore/graph/edge_prediction.hpp"
#include "trustscore/graph/ratings_csv.hpp"

using namespace trustscore;
using tstest::outcome_of;

TEST_CASE("fit_linear: exact lines, the ridge closed form, collinear columns, errors",
          "[eval][linear]") {
  // y = 1 + 2 x0 − 3 x1 exactly.
  const std::vector<double> x = {0, 0, 1, 0, 0, 1, 2, 3, -1, 4};
  std::vector<double> y;
  for (std::size_t i = 0; i < 5; ++i) y.push_back(1 + 2 * x[2 * i] - 3 * x[2 * i + 1]);
  const LinearFit fit = fit_linear(x.data(), y.data(), 5, 2);
  CHECK(fit.weights[0] == Approx(2).margin(1e-12));
  CHECK(fit.weights[1] == Approx(-3).margin(1e-12));
  CHECK(fit.bias == Approx(1).margin(1e-12));
  CHECK(fit.predict(&x[6]) == Approx(y[3]).margin(1e-12));
  // One feature: w = Sxy / (Sxx + l2) on centred data, b = ȳ − w x̄.
  const std::vector<double> x1 = {1, 2, 4}, y1 = {1, 3, 2};
  // x̄ = 7/3, ȳ = 2; Sxx = 14/3, Sxy = 1.
  const LinearFit ridge = fit_linear(x1.data(), y1.data(), 3, 1, 2.0);
  CHECK(ridge.weights[0] == Approx(1.0 / (14.0 / 3 + 2)).epsilon(1e-12));
  CHECK(ridge.bias == Approx(2 - ridge.weights[0] * 7.0 / 3).epsilon(1e-12));
  // Two equal columns share the weight (minimum norm), a constant one gets 0.
  const std::vector<double> twin = {1, 1, 5, 2, 2, 5, 3, 3, 5};
  const std::vector<double> y3 = {2, 4, 6};
  const LinearFit t = fit_linear(twin.data(), y3.data(), 3, 3);
  CHECK(t.weights[0] == Approx(1).margin(1e-12));
  CHECK(t.weights[1] == Approx(1).margin(1e-12));
  CHECK(t.weights[2] == Approx(0).margin(1e-12));
  CHECK(t.bias == Approx(0).margin(1e-12));
  // No features: the mean.
  CHECK(fit_linear(nullptr, y3.data(), 3, 0).bias == Approx(4));

  const std::vector<double> bad = {1, std::nan("")};
  CHECK(
      outcome_of([&] { fit_linear(bad.data(), y1.data(), 2, 1); }).contains("feature 0 of row 1"));
  CHECK(outcome_of([&] { fit_linear(x1.data(), bad.data(), 2, 1); }).contains("target 1"));
  CHECK(outcome_of([&] { fit_linear(x1.data(), y1.data(), 0, 1); }).contains("needs rows"));
  CHECK(outcome_of([&] { fit_linear(x1.data(), y1.data(), 3, 1, -1); }).contains("l2"));
  CHECK(outcome_of([&] { fit_linear(nullptr, y1.data(), 3, 1); }).contains("features are null"));
}

TEST_CASE("edge features: each left-out edge's node statistics by hand", "[graph]") {
  // 0 -> 1 (0.5), 0 -> 2 (1), 1 -> 0 (0.8), 2 -> 1 (-0.4), 3 -> 1 (0.6).
  const std::vector<std::int64_t> s = {0, 0, 1, 2, 3}, t = {1, 2, 0, 1, 1};
  const std::vector<double> w = {0.5, 1, 0.8, -0.4, 0.6};
  const TrustGraph g(4, s.data(), t.data(), w.data(), 5);
  const std::vector<std::int64_t> source = {0, 0, 1, 2, 3};  // CSR order is the input's here
  const EdgeFeatures x =
      edge_features(g, {0}, source, {0.9}, {0.3}, std::vector<double>{-1, 1, 0, 0.5});
  REQUIRE(x.rows() == 1);
  const auto at = [&](const char* name) { return x.at(0, x.column(name)); };
  CHECK(at("fairness_goodness") == Approx(0.27));
  CHECK(at("source_fairness") == 0.9);
  CHECK(at("target_goodness") == 0.3);
  CHECK(at("reciprocal") == 0.8);
  CHECK(at("has_reciprocal") == 1);
  // Node 1 without 0 -> 1 received -0.4 and 0.6: r = 0.6, s = 0.4.
  CHECK(at("target_beta") == Approx(0.2 / 3));
  CHECK(at("target_mean_in") == Approx(0.1));
  CHECK(at("target_negative_share") == Approx(0.5));
  CHECK(at("target_log_in_degree") == Approx(std::log(3.0)));
  // Node 0 without 0 -> 1 gave 1.0 once.
  CHECK(at("source_mean_out") == Approx(1.0));
  CHECK(at("source_negative_share") == 0);
  CHECK(at("source_log_out_degree") == Approx(std::log(2.0)));
  CHECK(at("target_eigentrust_rank") == 1);
  // Edge 2 -> 1: node 1 did not rate 2; node 2 gave nothing else.
  const EdgeFeatures y =
      edge_features(g, {3}, source, {1.0}, {0.0}, std::vector<double>{-1, 1, 0, 0.5});
  CHECK(y.at(0, y.column("reciprocal")) == 0);
  CHECK(y.at(0, y.column("has_reciprocal")) == 0);
  CHECK(y.at(0, y.column("source_mean_out")) == 0);
  CHECK(y.at(0, y.column("source_log_out_degree")) == 0);
  CHECK(outcome_of([&] { x.column("nope"); }).contains("no feature 'nope'"));
  CHECK(outcome_of([&] {
          edge_features(g, {0}, source, {0.9, 1}, {0.3}, std::vector<double>{-1, 1, 0, 0.5});
        }).contains("one fairness and goodness per edge"));
}

TEST_CASE("out-of-fold fits never see their fold and recover an exact model", "[graph]") {
  EdgeFeatures x;
  x.names = {"a", "b"};
  std::vector<double> y;
  for (int i = 0; i < 40; ++i) {
    const double a = std::sin(i), b = std::cos(3.0 * i);
    x.values.push_back(a), x.values.push_back(b);
    y.push_back(0.3 + 2 * a - b);
  }
  const auto fold = kfold_assignment(40, 4, 7);
  std::int64_t call = 0;  // fits come fold by fold, 0 to 3
  const auto predicted = detail::out_of_fold(x, fold, 4, [&](const auto& rows, const auto& train) {
    std::vector<double> target;
    for (std::size_t i : train) {
      CHECK(fold[i] != call);
      target.push_back(y[i]);
    }
    std::size_t others = 0;
    for (std::int64_t f : fold) others += f != call;
    CHECK(train.size() == others);
    CHECK(rows.size() == 2 * others);
    ++call;
    const LinearFit fit = fit_linear(rows.data(), target.data(), std::int64_t(target.size()), 2);
    return [fit](const double* z) { return fit.predict(z); };
  });
  CHECK(call == 4);
  // Standardised inside, the fit still predicts the exact model everywhere.
  for (std::size_t i = 0; i < y.size(); ++i) CHECK(predicted[i] == Approx(y[i]).margin(1e-9));
}

TEST_CASE("leave-one-out on the Bitcoin OTC slice: learned predictors beat single ones",
          "[graph]") {
  const RatingsTable r =
      read_ratings_csv_file(TRUSTSCORE_TEST_DATA_DIR "/graph/bitcoin_otc_first3000.csv");
  GraphOptions go;
  go.rating_min = -10, go.rating_max = 10;
  EdgePredictionOptions o;
  o.fairness_goodness.tolerance = 1e-6;
  const auto report = leave_one_out(r.graph(go), o);
  REQUIRE(report.predictors.size() == 8);
  CHECK(report.features.rows() == 3000);
  const auto by = [&](const std::string& name) {
    for (const auto& p : report.predictors)
      if (p.name == name) return p;
    FAIL("no predictor " << name);
    return PredictorScore{};
  };
  for (const auto& p : report.predictors) {
    CAPTURE(p.name);
    CHECK(std::isfinite(p.rmse));
    CHECK(p.predicted.size() == 3000);
  }
  // The global mean of the other edges falls as the left-out weight rises:
  // every positive edge is predicted below every negative one.
  CHECK(by("global_mean").sign_auc == 0);
  CHECK(by("learned_linear").pearson > by("fairness_goodness").pearson + 0.05);
  CHECK(by("learned_linear").rmse < by("fairness_goodness").rmse);
  CHECK(by("learned_sign").sign_auc > by("fairness_goodness").sign_auc);
  CHECK(by("beta").sign_auc > 0.5);
  for (double p : by("learned_sign").predicted) CHECK((p > -1 && p < 1));
  // Folds are seeded: the same seed gives the same predictions.
  EdgePredictionOptions sampled = o;
  sampled.sample = 500;
  CHECK(leave_one_out(r.graph(go), sampled).predictors[6].predicted ==
        leave_one_out(r.graph(go), sampled).predictors[6].predicted);
  sampled.folds = 1;
  CHECK(outcome_of([&] { leave_one_out(r.graph(go), sampled); }).contains("folds must be"));
  sampled.sample = 5, sampled.folds = 10;
  CHECK(outcome_of([&] { leave_one_out(r.graph(go), sampled); }).contains("folds = 0"));
}
