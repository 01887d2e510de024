// Learned weights: a logistic model of an outcome label on per-factor trust
// values, fitted by L2-regularised maximum likelihood with Newton's method
// (iteratively reweighted least squares) on Eigen:
//
//   minimise  Σ_i s_i [log(1 + e^{z_i}) − y_i z_i] + (l2 / 2) ||w||²,
//   z_i = b + Σ_f w_f x_if          (the bias b is not penalised)
//
// which is scikit-learn's LogisticRegression(C = 1 / l2) (the Python tests
// compare coefficients to 1e-6). Each step solves the Newton system with a
// Cholesky factorisation (LDLT) and halves the step until the objective
// falls, so it converges from any start on this convex problem. With
// non_negative, weights are kept >= 0 (the bias is free) by projected Newton:
// weights at 0 whose gradient pushes them below are held there, the step is
// taken in the others and projected back; so "more trust in a factor never
// lowers the score" can be imposed. factor_trust() gives the inputs: each
// factor's Beta mean (r + a·W) / (r + s + W) at the scoring time, and
// logistic_model() turns a fit on them into a Model of kind logistic, which
// scores every entity as the fit predicts its factor_trust row.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/kinds/logistic.hpp"
#include "trustscore/model.hpp"
#include "trustscore/score.hpp"

namespace trustscore {
inline namespace v1 {

struct LogisticFitOptions {
  double l2 = 1.0;  // strength of the penalty on the weights (sklearn: 1 / C), >= 0
  bool non_negative = false;
  std::int64_t max_iterations = 100;
  double tolerance = 1e-10;  // on the largest gradient component (free variables)
};

struct LogisticFit {
  std::vector<double> weights;  // one per feature
  double bias = 0;
  std::int64_t iterations = 0;
  bool converged = false;
  double objective = 0;  // the minimised value above
  // σ(b + w·x) for one row of features.
  double predict(const double* x) const {
    double z = bias;
    for (std::size_t f = 0; f < weights.size(); ++f) z += weights[f] * x[f];
    return logistic::sigmoid(z);
  }
};

namespace detail {

// log(1 + e^z) without overflow.
inline double softplus(double z) {
  return z > 0 ? z + std::log1p(std::exp(-z)) : std::log1p(std::exp(z));
}

// Newton's method on checked inputs. The targets y may be anything in
// [0, 1], not only labels: Platt scaling (eval/calibration.hpp) fits its
// smoothed targets with the same solver.
inline LogisticFit newton_logistic(const double* x, const double* y, std::int64_t n, std::int64_t f,
                                   const double* sample_weight, const LogisticFitOptions& o) {
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const std::int64_t p = f + 1;  // the bias is the last parameter
  Matrix X(n, p);
  X.leftCols(f) = Eigen::Map<const Matrix>(x, n, f);
  X.col(f).setOnes();
  const Eigen::Map<const Eigen::VectorXd> Y(y, n);
  Eigen::VectorXd S = sample_weight
                          ? Eigen::VectorXd(Eigen::Map<const Eigen::VectorXd>(sample_weight, n))
                          : Eigen::VectorXd::Ones(n);
  Eigen::VectorXd beta = Eigen::VectorXd::Zero(p);
  Eigen::VectorXd penalty = Eigen::VectorXd::Constant(p, o.l2);
  penalty(f) = 0;

  const auto objective = [&](const Eigen::VectorXd& b) {
    const Eigen::VectorXd z = X * b;
    double v = 0;
    for (std::int64_t i = 0; i < n; ++i) v += S(i) * (detail::softplus(z(i)) - Y(i) * z(i));
    return v + 0.5 * (penalty.array() * b.array().square()).sum();
  };
  LogisticFit fit;
  double current = objective(beta);
  for (fit.iterations = 0; fit.iterations < o.max_iterations; ++fit.iterations) {
    const Eigen::VectorXd z = X * beta;
    const Eigen::VectorXd prob = (1 + (-z).array().exp()).inverse().matrix();
    const Eigen::VectorXd gradient = X.transpose() * (S.array() * (prob - Y).array()).matrix() +
                                     (penalty.array() * beta.array()).matrix();
    // Free variables: all but weights held at 0 by a gradient pushing below.
    std::vector<std::int64_t> free;
    double worst = 0;
    for (std::int64_t j = 0; j < p; ++j) {
      const bool held = o.non_negative && j < f && beta(j) <= 0 && gradient(j) > 0;
      if (!held) {
        free.push_back(j);
        worst = std::max(worst, std::fabs(gradient(j)));
      }
    }
    if (worst < o.tolerance) {
      fit.converged = true;
      break;
    }
    const Eigen::VectorXd w = (S.array() * prob.array() * (1 - prob.array())).matrix();
    const auto k = static_cast<Eigen::Index>(free.size());
    Matrix Xf(n, k);
    Eigen::VectorXd gf(k), pf(k);
    for (Eigen::Index j = 0; j < k; ++j) {
      Xf.col(j) = X.col(free[static_cast<std::size_t>(j)]);
      gf(j) = gradient(free[static_cast<std::size_t>(j)]);
      pf(j) = penalty(free[static_cast<std::size_t>(j)]);
    }
    Eigen::MatrixXd H = Xf.transpose() * w.asDiagonal() * Xf;
    H.diagonal() += pf;
    H.diagonal().array() += 1e-12 * (1 + H.diagonal().array().abs());  // separable data
    const Eigen::VectorXd step = H.ldlt().solve(-gf);
    // Near the optimum the fall Newton predicts, half the decrement −g·step,
    // drops below what the objective's rounding can show, so the line search
    // below would stop short (1e-9 off where the gradient is still 1e-9).
    // There the quadratic model is exact to rounding: take the full step as
    // the last one.
    if (-gf.dot(step) <= 1e-13 * (1 + std::fabs(current))) {
      for (Eigen::Index j = 0; j < k; ++j) {
        const std::int64_t v = free[static_cast<std::size_t>(j)];
        beta(v) += step(j);
        if (o.non_negative && v < f) beta(v) = std::max(0.0, beta(v));
      }
      current = objective(beta);
      fit.converged = true;
      ++fit.iterations;
      break;
    }
    // Halve the step until the (projected) objective falls.
    double t = 1;
    Eigen::VectorXd next = beta;
    double value = current;
    for (int halvings = 0; halvings < 60; ++halvings, t /= 2) {
      next = beta;
      for (Eigen::Index j = 0; j < k; ++j) {
        const std::int64_t v = free[static_cast<std::size_t>(j)];
        next(v) += t * step(j);
        if (o.non_negative && v < f) next(v) = std::max(0.0, next(v));
      }
      value = objective(next);
      if (value <= current) break;
    }
    if (!(value <= current)) break;  // no descent left: at the optimum to rounding
    const bool stalled = (next - beta).cwiseAbs().maxCoeff() < 1e-15;
    beta = next;
    current = value;
    if (stalled) {
      fit.converged = true;
      break;
    }
  }
  fit.weights.assign(beta.data(), beta.data() + f);
  fit.bias = beta(f);
  fit.objective = current;
  return fit;
}

}  // namespace detail

namespace detail {

// Labels 0 or 1, finite features, sample weights finite and >= 0: the inputs
// of fit_logistic and of the fits built on it; `who` starts each message.
inline void check_logistic_inputs(const char* who, const double* x, const double* y, std::int64_t n,
                                  std::int64_t f, const double* sample_weight) {
  const std::string w = who;
  require(n > 0 && f >= 0, w + ": needs rows (n = " + std::to_string(n) + ")");
  require(x || f == 0, w + ": features are null");
  require(y != nullptr, w + ": labels are null");
  bool seen[2] = {false, false};
  for (std::int64_t i = 0; i < n; ++i) {
    if (y[i] != 0 && y[i] != 1)
      fail(Status::invalid_argument,
           w + ": label " + std::to_string(i) + " is " + std::to_string(y[i]) + ", not 0 or 1");
    seen[y[i] == 1] = true;
    if (sample_weight && !(std::isfinite(sample_weight[i]) && sample_weight[i] >= 0))
      fail(Status::invalid_argument,
           w + ": sample weight " + std::to_string(i) + " is not finite and >= 0");
    for (std::int64_t j = 0; j < f; ++j)
      if (!std::isfinite(x[i * f + j]))
        fail(Status::invalid_argument, w + ": feature " + std::to_string(j) + " of row " +
                                           std::to_string(i) + " is NaN or infinite");
  }
  // One class only has no finite maximum-likelihood fit (the bias runs off
  // until the penalty stops it): refused, as scikit-learn does.
  if (!seen[0] || !seen[1])
    fail(Status::invalid_argument, w + ": the labels are all " + (seen[1] ? "1" : "0") +
                                       ": a fit needs both classes (0 and 1)");
}

inline void check_logistic_options(const char* who, const LogisticFitOptions& o) {
  const std::string w = who;
  require(std::isfinite(o.l2) && o.l2 >= 0, w + ": l2 must be finite and >= 0");
  require(o.max_iterations > 0 && o.tolerance > 0,
          w + ": max_iterations and tolerance must be > 0");
}

}  // namespace detail

// Fits labels y (0 or 1) on features x (n rows of f values, row-major),
// with optional sample weights (>= 0; null: 1 each).
inline LogisticFit fit_logistic(const double* x, const double* y, std::int64_t n, std::int64_t f,
                                const double* sample_weight = nullptr,
                                const LogisticFitOptions& o = {}) {
  detail::check_logistic_inputs("fit_logistic", x, y, n, f, sample_weight);
  detail::check_logistic_options("fit_logistic", o);
  return detail::newton_logistic(x, y, n, f, sample_weight, o);
}

// Each factor's Beta mean (r + a·W) / (r + s + W) for every entity of the
// store, as of options.as_of (NaN: the newest signal): entities x factors,
// row-major, the inputs of fit_logistic.
inline std::vector<double> factor_trust(const Model& model, const EvidenceStore& store,
                                        const ScoreOptions& options = {}) {
  const PreparedParams pp = prepare(model, store, options);
  const KernelParams<double> k = pp.view();
  const std::size_t n = store.entity_count(), F = model.factor_count();
  std::vector<double> x(n * F);
  for (std::size_t f = 0; f < F; ++f) {
    const double* r = store.positive_column(f);
    const double* s = store.negative_column(f);
    const double d = k.decay[f], a = k.base_rate[f], W = k.prior_weight[f];
    for (std::size_t e = 0; e < n; ++e) x[e * F + f] = beta::cell_trust(r[e] * d, s[e] * d, a, W).p;
  }
  return x;
}

// `base` (its catalog, factor parameters and profiles) made of kind logistic
// with the fit's weights (one per factor of base, in catalog order: a fit on
// factor_trust(base, ...)) and bias.
inline Model logistic_model(Model base, const LogisticFit& fit) {
  if (fit.weights.size() != base.factor_count())
    fail(Status::invalid_argument, "logistic_model: the fit has " +
                                       std::to_string(fit.weights.size()) + " weights for " +
                                       std::to_string(base.factor_count()) + " factors");
  ModelSettings settings = base.settings();
  settings.kind = ModelKind::logistic;
  settings.logistic_weights = fit.weights;
  settings.logistic_bias = fit.bias;
  base.set_settings(settings);
  return base;
}

}  // namespace v1
}  // namespace trustscore
