// Internal (trustscore/detail/): not API, and may change in any release.
// Anderson acceleration (type II: D. G. Anderson, J. ACM 12, 1965; H. F.
// Walker and P. Ni, SIAM J. Numer. Anal. 49, 2011) of a fixed-point
// iteration x <- g(x). After each step, with f_k = g(x_k) - x_k the residual,
// the next input is not g(x_k) but
//
//   x_{k+1} = g(x_k) - ΔG γ,   γ = argmin ||f_k - ΔF γ||₂,
//
// where the columns of ΔF and ΔG are the differences of the last `depth`
// consecutive residuals and outputs. On a linear map this is GMRES over the
// same Krylov space, so where the plain iteration contracts slowly it needs
// far fewer steps: EigenTrust's Gauss–Seidel on Epinions' positive edges
// contracts by about 0.66 per sweep, and accelerated from the last two
// steps needs 25 sweeps instead of 44 (graph/eigentrust.hpp decides when
// to use it).
//
// Residuals are measured in the caller's norm: f_j is scaled by weight(j)
// (EigenTrust stores t_j / outdeg_j and weighs by outdeg_j, so the fit is
// of the trust itself). γ solves the normal equations (ΔFᵀΔF) γ = ΔFᵀ f,
// kept up to date one row per step, with a ridge of 1e-12 of their trace:
// depth is small, and a bad step is caught by the caller, which restarts.
// Memory: 2·depth + 3 vectors of n doubles.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <cstddef>
#include <type_traits>
#include <vector>

namespace trustscore {
inline namespace v1 {
namespace detail {

class Anderson {
 public:
  Anderson(std::size_t n, int depth)
      : n_(n),
        depth_(depth),
        input_(n),
        f_prev_(n),
        g_prev_(n),
        df_(static_cast<std::size_t>(depth), std::vector<double>(n)),
        dg_(static_cast<std::size_t>(depth), std::vector<double>(n)),
        gram_(depth, depth) {}

  // Where the caller copies x_k before computing g(x_k).
  double* input() { return input_.data(); }

  // Σ weight(j) (x_{k+1} − g(x_k))_j of the last step that extrapolated:
  // how far it moved the weighted sum of x.
  double moved() const { return moved_; }

  // Forgets the history: the next step is a plain one.
  void restart() {
    count_ = 0;
    has_prev_ = false;
  }

  // x holds g(x_k) (x_k in input()); replaces it by x_{k+1}, also copied to
  // input() (the next step's x_k). Returns false where it left x = g(x_k)
  // and input() as it was: the first step after a restart, or a fit that
  // came out not finite (the history is then forgotten).
  template <class Weight>
  bool step(double* x, const Weight& weight) {
    if (!has_prev_) {
      for (std::size_t j = 0; j < n_; ++j) {
        f_prev_[j] = (x[j] - input_[j]) * weight(j);
        g_prev_[j] = x[j];
      }
      has_prev_ = true;
      return false;
    }
    // The new column goes into slot next_ (the oldest one when full); the
    // other valid slots are `old`.
    std::vector<int> old;
    std::vector<const double*> old_df;
    for (int c = 0; c < count_; ++c)
      if (c != next_) old.push_back(c), old_df.push_back(df_[static_cast<std::size_t>(c)].data());
    const int k = static_cast<int>(old.size());
    double* df_new = df_[static_cast<std::size_t>(next_)].data();
    double* dg_new = dg_[static_cast<std::size_t>(next_)].data();
    // One pass: the new differences, and the dot products the normal
    // equations need (new column with the old ones and itself; f with all).
    Eigen::VectorXd cross = Eigen::VectorXd::Zero(k), fit_old = Eigen::VectorXd::Zero(k);
    double self = 0, fit_new = 0;
    with_fixed(k, [&](auto fixed) {
      differences<decltype(fixed)::value>(x, weight, old_df.data(), df_new, dg_new, cross.data(),
                                          fit_old.data(), self, fit_new, k);
    });
    gram_(next_, next_) = self;
    for (int i = 0; i < k; ++i) {
      gram_(next_, old[static_cast<std::size_t>(i)]) = cross[i];
      gram_(old[static_cast<std::size_t>(i)], next_) = cross[i];
    }
    // Solve over the valid columns: old ones, then the new one.
    std::vector<int> cols = old;
    cols.push_back(next_);
    const int c = k + 1;
    std::vector<const double*> dg(static_cast<std::size_t>(c));
    for (int i = 0; i < c; ++i)
      dg[static_cast<std::size_t>(i)] =
          dg_[static_cast<std::size_t>(cols[static_cast<std::size_t>(i)])].data();
    Eigen::MatrixXd a(c, c);
    Eigen::VectorXd b(c);
    for (int i = 0; i < c; ++i) {
      for (int l = 0; l < c; ++l)
        a(i, l) = gram_(cols[static_cast<std::size_t>(i)], cols[static_cast<std::size_t>(l)]);
      b[i] = i < k ? fit_old[i] : fit_new;
    }
    a.diagonal().array() += 1e-12 * a.trace();
    count_ = std::min(count_ + 1, depth_);
    next_ = (next_ + 1) % depth_;
    // (LDLT would quietly zero a component on a NaN pivot: check first.)
    const bool finite = a.allFinite() && b.allFinite();
    const Eigen::VectorXd gamma = finite ? Eigen::VectorXd(a.ldlt().solve(b)) : b;
    if (!finite || !gamma.allFinite()) {
      restart();
      return false;
    }
    with_fixed(c, [&](auto fixed) {
      extrapolate<decltype(fixed)::value>(x, weight, gamma.data(), dg.data(), c);
    });
    return true;
  }

 private:
  // f(std::integral_constant<int, count>) for the small counts a depth of at
  // most 3 gives (the loops over columns are then fixed, unrolled and their
  // sums kept in registers), f(std::integral_constant<int, -1>) for others.
  template <class F>
  static void with_fixed(int count, const F& f) {
    if (count == 0) return f(std::integral_constant<int, 0>{});
    if (count == 1) return f(std::integral_constant<int, 1>{});
    if (count == 2) return f(std::integral_constant<int, 2>{});
    if (count == 3) return f(std::integral_constant<int, 3>{});
    f(std::integral_constant<int, -1>{});
  }

  // The new differences into df_new and dg_new, f and g(x_k) kept for the
  // next step, and the dot products: cross[i] = Δf_new · Δf_old[i],
  // fit_old[i] = Δf_old[i] · f, self = Δf_new · Δf_new, fit_new = Δf_new · f.
  // K: the number of old columns, fixed, or -1 for `count`.
  template <int K, class Weight>
  void differences(const double* x, const Weight& weight, const double* const* old_df,
                   double* df_new, double* dg_new, double* cross, double* fit_old, double& self,
                   double& fit_new, int count) {
    const int k = K >= 0 ? K : count;
    double local_cross[K > 0 ? K : 1] = {}, local_fit[K > 0 ? K : 1] = {};
    double* cr = K >= 0 ? local_cross : cross;
    double* fo = K >= 0 ? local_fit : fit_old;
    double ss = 0, fn = 0;
    for (std::size_t j = 0; j < n_; ++j) {
      const double f = (x[j] - input_[j]) * weight(j);
      const double d = f - f_prev_[j];
      df_new[j] = d;
      dg_new[j] = x[j] - g_prev_[j];
      f_prev_[j] = f;
      g_prev_[j] = x[j];
      ss += d * d;
      fn += d * f;
      for (int i = 0; i < k; ++i) {
        const double o = old_df[i][j];
        cr[i] += d * o;
        fo[i] += o * f;
      }
    }
    if (K >= 0) std::copy(cr, cr + k, cross), std::copy(fo, fo + k, fit_old);
    self = ss;
    fit_new = fn;
  }

  // x_{k+1} = g(x_k) − ΔG γ over C columns (-1: `count`), into x and input().
  template <int C, class Weight>
  void extrapolate(double* x, const Weight& weight, const double* gamma, const double* const* dg,
                   int count) {
    const int c = C >= 0 ? C : count;
    double moved = 0;
    for (std::size_t j = 0; j < n_; ++j) {
      double v = x[j];
      for (int i = 0; i < c; ++i) v -= gamma[i] * dg[i][j];
      moved += (v - x[j]) * weight(j);
      x[j] = v;
      input_[j] = v;
    }
    moved_ = moved;
  }

  std::size_t n_;
  int depth_;
  int count_ = 0;  // valid columns
  int next_ = 0;   // the slot the next column goes to
  bool has_prev_ = false;
  double moved_ = 0;
  std::vector<double> input_, f_prev_, g_prev_;
  std::vector<std::vector<double>> df_, dg_;
  Eigen::MatrixXd gram_;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
