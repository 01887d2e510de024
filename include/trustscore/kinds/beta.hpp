// The default model: Beta evidence, as in Subjective Logic (A. Jøsang,
// "Subjective Logic", Springer 2016, §3.4; the Beta reputation system of
// Jøsang & Ismail 2002). For one factor with positive mass r, negative mass s,
// base rate a and prior weight W:
//
//   n = r + s + W                      total evidence incl. the prior
//   p = (r + a W) / n                  expected trust (mean of Beta(r + aW, s + (1-a)W))
//   u = W / n                          uncertainty mass of the opinion
//   var = p (1 - p) / (n + 1)          variance of that Beta distribution
//   gain = p(r + 1) - p = (1 - p) / (n + 1)
//                                      what one more unit of positive evidence adds
//
// The score over factors with weights w (normalised to sum 1) is S = Σ w_f p_f,
// its variance Σ w_f² var_f (factors taken as independent), and the interval
// S ± z·sqrt(var) clipped to [0, 1]. With no evidence S equals the baseline
// Σ w_f a_f; contribution_f = w_f (p_f - a_f) adds up to S - baseline exactly.
#pragma once

namespace trustscore {
inline namespace v1 {
namespace beta {

// One cell's trust: one entity's evidence on one factor, as above. (The
// entities × factors matrix of the cells' p is trustscore::factor_trust, in
// eval/logistic_fit.hpp.)
template <class T>
struct CellTrust {
  T p, u, variance, gain;
};

template <class T>
inline CellTrust<T> cell_trust(T r, T s, T base_rate, T prior_weight) noexcept {
  const T n = r + s + prior_weight;
  const T p = (r + base_rate * prior_weight) / n;
  return {p, prior_weight / n, p * (T(1) - p) / (n + T(1)), (T(1) - p) / (n + T(1))};
}

// Deprecated names, kept until the next major version: CellTrust and
// cell_trust were FactorTrust and factor_trust, the name of the matrix too.
template <class T>
using FactorTrust = CellTrust<T>;

template <class T>
inline CellTrust<T> factor_trust(T r, T s, T base_rate, T prior_weight) noexcept {
  return cell_trust(r, s, base_rate, prior_weight);
}

}  // namespace beta
}  // namespace v1
}  // namespace trustscore
