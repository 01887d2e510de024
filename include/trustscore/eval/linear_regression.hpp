// Least-squares linear regression with an optional ridge penalty, for learned
// combinations of features with a numeric target (edge weights, ratings):
//
//   minimise  Σ_i (y_i − b − Σ_f w_f x_if)² + l2 ||w||²    (b not penalised)
//
// Solved on centred columns (which takes the bias out of the problem) by a
// complete orthogonal decomposition, so collinear or constant features get the
// minimum-norm weights instead of a failed solve; with l2 > 0 the penalty is
// appended as √l2·I rows. scikit-learn's LinearRegression / Ridge(alpha = l2)
// solve the same problem.
#pragma once

#include <Eigen/Dense>
#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

struct LinearFit {
  std::vector<double> weights;  // one per feature
  double bias = 0;
  // b + w·x for one row of features.
  double predict(const double* x) const {
    double z = bias;
    for (std::size_t f = 0; f < weights.size(); ++f) z += weights[f] * x[f];
    return z;
  }
};

// Fits targets y on features x (n rows of f values, row-major).
inline LinearFit fit_linear(const double* x, const double* y, std::int64_t n, std::int64_t f,
                            double l2 = 0) {
  require(n > 0 && f >= 0, "fit_linear: needs rows (n = " + std::to_string(n) + ")");
  require(x || f == 0, "fit_linear: features are null");
  require(y != nullptr, "fit_linear: targets are null");
  require(std::isfinite(l2) && l2 >= 0, "fit_linear: l2 must be finite and >= 0");
  for (std::int64_t i = 0; i < n; ++i) {
    if (!std::isfinite(y[i]))
      fail(Status::invalid_argument,
           "fit_linear: target " + std::to_string(i) + " is NaN or infinite");
    for (std::int64_t j = 0; j < f; ++j)
      if (!std::isfinite(x[i * f + j]))
        fail(Status::invalid_argument, "fit_linear: feature " + std::to_string(j) + " of row " +
                                           std::to_string(i) + " is NaN or infinite");
  }
  using Matrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
  const Eigen::Map<const Matrix> X(x, n, f);
  const Eigen::Map<const Eigen::VectorXd> Y(y, n);
  const Eigen::RowVectorXd mean_x = X.colwise().mean();
  const double mean_y = Y.mean();
  const bool ridge = l2 > 0;
  Eigen::MatrixXd A(n + (ridge ? f : 0), f);
  Eigen::VectorXd b = Eigen::VectorXd::Zero(A.rows());
  A.topRows(n) = X.rowwise() - mean_x;
  b.head(n) = Y.array() - mean_y;
  if (ridge) A.bottomRows(f) = std::sqrt(l2) * Eigen::MatrixXd::Identity(f, f);
  const Eigen::VectorXd w =
      f > 0 ? Eigen::VectorXd(A.completeOrthogonalDecomposition().solve(b)) : Eigen::VectorXd();
  LinearFit fit;
  fit.weights.assign(w.data(), w.data() + w.size());
  // A plain loop, not mean_x.dot(w): GCC 12 at -O3 warns (maybe-uninitialized)
  // inside Eigen's vectorised dot for some callers, which -Werror makes fatal.
  double shift = 0;
  for (Eigen::Index j = 0; j < w.size(); ++j) shift += mean_x(j) * w(j);
  fit.bias = mean_y - shift;
  return fit;
}

}  // namespace v1
}  // namespace trustscore
