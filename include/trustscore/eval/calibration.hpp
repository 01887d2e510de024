// Calibration by Platt scaling (Platt, "Probabilistic outputs for support
// vector machines", 1999): a decision value z becomes the probability
// σ(a·z + b), with a and b fitted by maximum likelihood on outcomes the
// model was not fitted on. Platt's smoothed targets, (N₊ + 1) / (N₊ + 2) for
// positives and 1 / (N₋ + 2) for negatives (N± the class sizes, sample-
// weighted), keep a and b finite even where z separates the classes. This is
// scikit-learn's sigmoid calibrator (CalibratedClassifierCV(method="sigmoid"),
// which writes 1 / (1 + e^{A z + B}): A = −a, B = −b).
//
// Why a learned logistic model needs it: its weights are shrunk by the L2
// penalty and fitted to the very outcomes it predicts, so its probabilities
// can be too timid or too bold on new entities. fit_logistic_calibrated fits
// the calibrator on out-of-fold decision values (each fold's from a fit on the
// other folds, as CalibratedClassifierCV(ensemble=False) does) and folds it
// into the fit on all rows: σ(a·(bias + w·x) + b) is again a logistic model,
// with weights a·w and bias a·bias + b, so a calibrated fit is an ordinary
// model of kind logistic (logistic_model), not a new kind or layer.
//
// Any other kind's score s in [0, 1] is calibrated on its logit (score_logit),
// where a = 1, b = 0 is the identity; the evaluation harness does that for
// "<kind>+platt" (eval/harness.hpp).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/eval/logistic_fit.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/kinds/logistic.hpp"

namespace trustscore {
inline namespace v1 {

struct PlattScaling {
  double a = 1, b = 0;  // σ(a·z + b); a = 1, b = 0 maps a logit to itself
  double operator()(double z) const { return logistic::sigmoid(a * z + b); }
};

// The logit of a score in [0, 1], clamped to [1e-9, 1 − 1e-9] so a score of
// exactly 0 or 1 stays finite (±20.7); NaN (not rated) stays NaN.
inline double score_logit(double s) {
  const double p = std::clamp(s, 1e-9, 1 - 1e-9);
  return std::log(p / (1 - p));
}

// Fits a, b on decision values z and labels y (0 or 1), n rows, optional
// sample weights (null: 1 each). non_negative keeps a >= 0, so the calibrated
// order never reverses the model's (a = 0: every row gets the base rate).
inline PlattScaling fit_platt(const double* z, const double* y, std::int64_t n,
                              const double* sample_weight = nullptr, bool non_negative = false) {
  require(z != nullptr || n <= 0, "fit_platt: decision values are null");
  detail::check_logistic_inputs("fit_platt", z, y, n, 1, sample_weight);
  double positives = 0, negatives = 0;
  for (std::int64_t i = 0; i < n; ++i)
    (y[i] == 1 ? positives : negatives) += sample_weight ? sample_weight[i] : 1.0;
  std::vector<double> target(static_cast<std::size_t>(n));
  for (std::int64_t i = 0; i < n; ++i)
    target[static_cast<std::size_t>(i)] =
        y[i] == 1 ? (positives + 1) / (positives + 2) : 1 / (negatives + 2);
  LogisticFitOptions o;
  o.l2 = 0;
  o.non_negative = non_negative;
  const LogisticFit fit = detail::newton_logistic(z, target.data(), n, 1, sample_weight, o);
  // The smoothed targets keep the optimum finite, so Newton gets there; on
  // many rows the gradient's rounding can stop descent just short of the
  // tolerance, which is the optimum too. Only running out of steps is not.
  if (!fit.converged && fit.iterations >= o.max_iterations)
    fail(Status::internal,
         "fit_platt: no convergence in " + std::to_string(fit.iterations) + " Newton steps");
  return PlattScaling{fit.weights[0], fit.bias};
}

// A logistic fit (fit_logistic with options o) calibrated by Platt scaling
// on out-of-fold decision values. fold: each row's fold in [0, folds) (null:
// stratified_kfold_assignment of y with folds and seed); folds >= 2. Rows
// outside a fold with one label only, or a fit on them that does not
// converge, are errors naming the fold. *platt, when given, receives the calibrator; the
// returned weights and bias already include it; `converged`, `iterations`
// and `objective` are those of the fit on all rows before calibration.
inline LogisticFit fit_logistic_calibrated(const double* x, const double* y, std::int64_t n,
                                           std::int64_t f, const double* sample_weight,
                                           const LogisticFitOptions& o, std::int64_t folds,
                                           std::uint64_t seed, const std::int64_t* fold = nullptr,
                                           PlattScaling* platt = nullptr) {
  const char* who = "fit_logistic_calibrated";
  detail::check_logistic_inputs(who, x, y, n, f, sample_weight);
  detail::check_logistic_options(who, o);
  require(folds >= 2, std::string(who) + ": folds must be >= 2 (the calibrator is fitted on " +
                          "decision values out of fold), not " + std::to_string(folds));
  const auto rows = static_cast<std::size_t>(n);
  std::vector<std::int64_t> assigned;
  if (!fold) {
    std::int64_t count[2] = {0, 0};
    for (std::size_t i = 0; i < rows; ++i) ++count[y[i] == 1];
    require(count[0] >= 2 && count[1] >= 2,
            std::string(who) + ": needs 2 or more rows of each label (has " +
                std::to_string(count[1]) + " of 1, " + std::to_string(count[0]) + " of 0)");
    assigned = stratified_kfold_assignment(y, rows, folds, seed);
    fold = assigned.data();
  }
  for (std::size_t i = 0; i < rows; ++i)
    require(fold[i] >= 0 && fold[i] < folds, std::string(who) + ": fold " + std::to_string(i) +
                                                 " is " + std::to_string(fold[i]) +
                                                 ", not in [0, " + std::to_string(folds) + ")");
  const auto F = static_cast<std::size_t>(f);
  std::vector<double> z(rows);
  for (std::int64_t k = 0; k < folds; ++k) {
    std::vector<double> train_x, train_y, train_w;
    for (std::size_t i = 0; i < rows; ++i)
      if (fold[i] != k) {
        train_x.insert(train_x.end(), x + i * F, x + (i + 1) * F);
        train_y.push_back(y[i]);
        if (sample_weight) train_w.push_back(sample_weight[i]);
      }
    if (train_y.size() == rows) continue;  // an empty fold: nothing held out
    if (train_y.empty())
      fail(Status::invalid_argument,
           std::string(who) + ": fold " + std::to_string(k) + " holds every row");
    // One label only: the likelihood has no optimum (the bias runs off).
    const auto positives = std::count(train_y.begin(), train_y.end(), 1.0);
    if (positives == 0 || positives == static_cast<std::ptrdiff_t>(train_y.size()))
      fail(Status::invalid_argument, std::string(who) + ": the rows outside fold " +
                                         std::to_string(k) + " all have label " +
                                         (positives ? "1" : "0"));
    const LogisticFit part = detail::newton_logistic(train_x.data(), train_y.data(),
                                                     static_cast<std::int64_t>(train_y.size()), f,
                                                     sample_weight ? train_w.data() : nullptr, o);
    if (!part.converged)
      fail(Status::invalid_argument,
           std::string(who) + ": the fit without fold " + std::to_string(k) +
               " does not converge (one label only, or separable data without a penalty?)");
    for (std::size_t i = 0; i < rows; ++i)
      if (fold[i] == k) {
        double v = part.bias;
        for (std::size_t j = 0; j < F; ++j) v += part.weights[j] * x[i * F + j];
        z[i] = v;
      }
  }
  const PlattScaling scaling = fit_platt(z.data(), y, n, sample_weight, o.non_negative);
  LogisticFit fit = detail::newton_logistic(x, y, n, f, sample_weight, o);
  for (double& w : fit.weights) w *= scaling.a;
  fit.bias = scaling.a * fit.bias + scaling.b;
  if (platt) *platt = scaling;
  return fit;
}

}  // namespace v1
}  // namespace trustscore
