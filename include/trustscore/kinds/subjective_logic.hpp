// Binomial opinions of Subjective Logic (A. Jøsang, "Subjective Logic: A Formalism for Reasoning
// Under Uncertainty", Springer 2016). An opinion ω = (b, d, u, a) holds belief, disbelief and
// uncertainty masses with b + d + u = 1 and a base rate a; its projected probability (the score)
// is P = b + a·u (§3.2).
//
// Evidence mapping (§3.4, §3.5.2), r positive and s negative evidence, prior weight W (W = 2):
//   b = r / (r + s + W),  d = s / (r + s + W),  u = W / (r + s + W)
//   r = W b / u,          s = W d / u                   (u = 0: infinite evidence)
// so P = (r + a W) / (r + s + W), the mean of Beta(r + aW, s + (1 − a)W) of kinds/beta.hpp.
//
// Aleatory cumulative fusion (§12.3, eq. 12.18), κ = u_A + u_B − u_A u_B:
//   κ ≠ 0:  b = (b_A u_B + b_B u_A) / κ,  u = u_A u_B / κ,
//           a = (a_A u_B + a_B u_A − (a_A + a_B) u_A u_B) / (u_A + u_B − 2 u_A u_B)
//               ((a_A + a_B) / 2 when that denominator is 0, i.e. both vacuous)
//   κ = 0 (both dogmatic), γ_A = γ_B = 1/2:  b = (b_A + b_B)/2, u = 0, a = (a_A + a_B)/2
//   d = 1 − b − u. In evidence terms it adds evidence: r = r_A + r_B, s = s_A + s_B.
//
// Averaging fusion (§12.5), for dependent sources:
//   not both dogmatic:  b = (b_A u_B + b_B u_A) / (u_A + u_B),  u = 2 u_A u_B / (u_A + u_B)
//   both dogmatic:      b = (b_A + b_B) / 2,  u = 0
//   a = (a_A + a_B) / 2, d = 1 − b − u. In evidence terms it averages evidence.
//
// Probability-sensitive trust discounting (§14.3.2), the analyst's trust in the source given as
// the projected probability c of the analyst's opinion about it:
//   b = c b_x,  d = c d_x,  u = 1 − c (b_x + d_x),  a = a_x
//
// Every function validates its input and throws trustscore::Error (invalid_argument) naming the
// bad value. Results are clamped so that they always pass validate: rounding could otherwise
// leave d = 1 − b − u at −1e-17.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <sstream>
#include <string>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace subjective_logic {

template <class T>
struct Opinion {
  T belief, disbelief, uncertainty, base_rate;

  // The score: belief plus the base rate's share of the uncertainty (§3.2, eq. 3.12).
  T projected() const noexcept { return belief + base_rate * uncertainty; }
};

// Evidence behind an opinion, in the same units as the prior weight W.
template <class T>
struct Evidence {
  T r, s;
};

// The opinion that knows nothing: b = d = 0, u = 1.
template <class T>
inline Opinion<T> vacuous(T base_rate) {
  return {T(0), T(0), T(1), base_rate};
}

namespace detail {

// Keeps the credibility argument of discount from deciding T, so discount(1, x) works.
template <class T>
struct identity {
  using type = T;
};

template <class T>
inline std::string show(T v) {
  std::ostringstream os;
  os.precision(12);
  os << v;
  return os.str();
}

// False for NaN too.
template <class T>
inline bool unit(T v) {
  return v >= T(0) && v <= T(1);
}

template <class T>
inline T clamp01(T v) {
  return v < T(0) ? T(0) : (v > T(1) ? T(1) : v);
}

// 1e-9 as documented for double; looser for float, whose rounding alone exceeds it.
template <class T>
inline T sum_tolerance() {
  return std::max(T(1e-9), T(16) * std::numeric_limits<T>::epsilon());
}

template <class T>
inline void check(const Opinion<T>& o, const std::string& what) {
  const std::string at = "subjective_logic: " + what + ": ";
  if (!unit(o.belief))
    fail(Status::invalid_argument, at + "belief must be in [0, 1], got " + show(o.belief));
  if (!unit(o.disbelief))
    fail(Status::invalid_argument, at + "disbelief must be in [0, 1], got " + show(o.disbelief));
  if (!unit(o.uncertainty))
    fail(Status::invalid_argument,
         at + "uncertainty must be in [0, 1], got " + show(o.uncertainty));
  const T sum = o.belief + o.disbelief + o.uncertainty;
  if (!(std::fabs(sum - T(1)) <= sum_tolerance<T>()))
    fail(Status::invalid_argument,
         at + "belief + disbelief + uncertainty must sum to 1 (within 1e-9), got " + show(sum));
  if (!unit(o.base_rate))
    fail(Status::invalid_argument, at + "base rate must be in [0, 1], got " + show(o.base_rate));
}

template <class T>
inline void check_prior_weight(T w) {
  if (!(std::isfinite(w) && w > T(0)))
    fail(Status::invalid_argument,
         "subjective_logic: prior weight W must be finite and > 0, got " + show(w));
}

// b and u from a formula, d = 1 − b − u; clamped so rounding never leaves [0, 1].
template <class T>
inline Opinion<T> finish(T b, T u, T a) {
  b = clamp01(b);
  u = clamp01(u);
  const T d = T(1) - b - u;
  return {b, d < T(0) ? T(0) : d, u, clamp01(a)};
}

template <class T>
inline void check_all(const Opinion<T>* ops, std::size_t n) {
  // fail() directly (it is [[noreturn]]): then GCC knows ops is not null below and its
  // -Warray-bounds stays quiet where a caller passes a literal null.
  if (n == 0) fail(Status::invalid_argument, "subjective_logic: fusion needs at least one opinion");
  if (ops == nullptr) fail(Status::invalid_argument, "subjective_logic: opinions pointer is null");
  for (std::size_t i = 0; i < n; ++i) check(ops[i], "opinion " + std::to_string(i));
}

// Mean of the dogmatic opinions (u = 0) of ops, all weighted alike (the limit with equal
// relative dogmatism γ, §12.3); the base rate is the mean over the same opinions.
template <class T>
inline Opinion<T> dogmatic_mean(const Opinion<T>* ops, std::size_t n) {
  T b = 0, d = 0, a = 0, k = 0;
  for (std::size_t i = 0; i < n; ++i) {
    if (ops[i].uncertainty != T(0)) continue;
    b += ops[i].belief;
    d += ops[i].disbelief;
    a += ops[i].base_rate;
    k += T(1);
  }
  return {clamp01(b / k), clamp01(d / k), T(0), clamp01(a / k)};
}

template <class T>
inline bool any_dogmatic(const Opinion<T>* ops, std::size_t n) {
  for (std::size_t i = 0; i < n; ++i)
    if (ops[i].uncertainty == T(0)) return true;
  return false;
}

template <class T>
inline T min_uncertainty(const Opinion<T>* ops, std::size_t n) {
  T m = ops[0].uncertainty;
  for (std::size_t i = 1; i < n; ++i) m = std::min(m, ops[i].uncertainty);
  return m;
}

}  // namespace detail

// Throws unless b, d, u, a lie in [0, 1] and b + d + u = 1 within 1e-9.
template <class T>
inline void validate(const Opinion<T>& o) {
  detail::check(o, "opinion");
}

// Opinion from r positive and s negative evidence (§3.4). The prior weight W is the evidence
// the base rate stands for (W = 2 gives the uniform Beta prior at a = 1/2).
template <class T>
inline Opinion<T> from_evidence(T r, T s, T base_rate, T prior_weight) {
  if (!(std::isfinite(r) && r >= T(0)))
    fail(Status::invalid_argument,
         "subjective_logic: evidence r must be finite and >= 0, got " + detail::show(r));
  if (!(std::isfinite(s) && s >= T(0)))
    fail(Status::invalid_argument,
         "subjective_logic: evidence s must be finite and >= 0, got " + detail::show(s));
  if (!detail::unit(base_rate))
    fail(Status::invalid_argument,
         "subjective_logic: base rate must be in [0, 1], got " + detail::show(base_rate));
  detail::check_prior_weight(prior_weight);
  const T n = r + s + prior_weight;
  return {r / n, s / n, prior_weight / n, base_rate};
}

// Evidence behind an opinion, the inverse of from_evidence (§3.4). A dogmatic opinion (u = 0)
// stands for infinite evidence: r and s are +infinity where b resp. d is nonzero and 0 where it
// is zero, never 0/0.
template <class T>
inline Evidence<T> to_evidence(const Opinion<T>& o, T prior_weight) {
  validate(o);
  detail::check_prior_weight(prior_weight);
  if (o.uncertainty == T(0)) {
    const T inf = std::numeric_limits<T>::infinity();
    return {o.belief > T(0) ? inf : T(0), o.disbelief > T(0) ? inf : T(0)};
  }
  return {prior_weight * o.belief / o.uncertainty, prior_weight * o.disbelief / o.uncertainty};
}

// Aleatory cumulative fusion of two independent sources (§12.3, eq. 12.18): their evidence
// adds up. The vacuous opinion is its neutral element; a dogmatic source outweighs any
// non-dogmatic one, and two dogmatic sources are averaged (γ_A = γ_B = 1/2).
template <class T>
inline Opinion<T> cumulative_fusion(const Opinion<T>& A, const Opinion<T>& B) {
  detail::check(A, "opinion A");
  detail::check(B, "opinion B");
  const T uA = A.uncertainty, uB = B.uncertainty;
  const T kappa = uA + uB - uA * uB;
  if (kappa == T(0))
    return detail::finish((A.belief + B.belief) / 2, T(0), (A.base_rate + B.base_rate) / 2);
  // The base-rate formula regrouped as a weighted mean, weights u_B(1 − u_A) and u_A(1 − u_B)
  // (their sum is u_A + u_B − 2 u_A u_B): it cannot leave [min a, max a] through rounding.
  const T wA = uB * (T(1) - uA), wB = uA * (T(1) - uB);
  const T a = wA + wB != T(0) ? (A.base_rate * wA + B.base_rate * wB) / (wA + wB)
                              : (A.base_rate + B.base_rate) / 2;
  return detail::finish((A.belief * uB + B.belief * uA) / kappa, uA * uB / kappa, a);
}

// Cumulative fusion of n sources: the evidence of all added up, which for non-dogmatic sources
// is what folding the binary operator gives (it is associative there). It is computed in closed
// form instead of by folding because the fold is not associative in the limit cases: three
// dogmatic sources would get weights 1/4, 1/4, 1/2 and three vacuous ones a lopsided base rate.
// Here dogmatic sources are averaged with equal weight, and vacuous ones average base rates.
template <class T>
inline Opinion<T> cumulative_fusion(const Opinion<T>* ops, std::size_t n) {
  detail::check_all(ops, n);
  if (detail::any_dogmatic(ops, n)) return detail::dogmatic_mean(ops, n);
  // 1/u − 1 = Σ (1/u_i − 1) (evidence adds up), scaled by m = min u_i so that nothing overflows:
  // with w_i = m / u_i ∈ (0, 1], u = m / (m + Σ w_i (1 − u_i)) and b = Σ w_i b_i / (same).
  const T m = detail::min_uncertainty(ops, n);
  T den = m, b = 0, a = 0, e = 0, a_mean = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T w = m / ops[i].uncertainty, ev = w * (T(1) - ops[i].uncertainty);
    den += ev;
    b += w * ops[i].belief;
    a += ev * ops[i].base_rate;  // base rates weighted by evidence, as in eq. 12.18
    e += ev;
    a_mean += ops[i].base_rate;
  }
  return detail::finish(b / den, m / den, e != T(0) ? a / e : a_mean / T(n));
}

template <class T>
inline Opinion<T> cumulative_fusion(const std::vector<Opinion<T>>& ops) {
  return cumulative_fusion(ops.data(), ops.size());
}

// Averaging fusion of two dependent sources (§12.5): their evidence is averaged, so fusing an
// opinion with itself returns it. Commutative and idempotent but not associative.
template <class T>
inline Opinion<T> averaging_fusion(const Opinion<T>& A, const Opinion<T>& B) {
  detail::check(A, "opinion A");
  detail::check(B, "opinion B");
  const T uA = A.uncertainty, uB = B.uncertainty, a = (A.base_rate + B.base_rate) / 2;
  const T s = uA + uB;
  if (s == T(0)) return detail::finish((A.belief + B.belief) / 2, T(0), a);
  return detail::finish((A.belief * uB + B.belief * uA) / s, T(2) * uA * uB / s, a);
}

// Averaging fusion of n sources with the n-source formula of §12.5 (folding the binary operator
// would weight late sources more):
//   b = Σ_i b_i Π_{j≠i} u_j / Σ_i Π_{j≠i} u_j,   u = n Π_j u_j / Σ_i Π_{j≠i} u_j,   a = mean a_i
// and, if some sources are dogmatic, the mean of their b and d with u = 0.
template <class T>
inline Opinion<T> averaging_fusion(const Opinion<T>* ops, std::size_t n) {
  detail::check_all(ops, n);
  T a = 0;
  for (std::size_t i = 0; i < n; ++i) a += ops[i].base_rate;
  a /= T(n);
  if (detail::any_dogmatic(ops, n)) {
    Opinion<T> o = detail::dogmatic_mean(ops, n);
    o.base_rate = detail::clamp01(a);
    return o;
  }
  // Numerator and denominator divided by Π_j u_j / m, m = min u_i: the weights become
  // w_i = m / u_i ∈ (0, 1], so no product of many small u underflows.
  const T m = detail::min_uncertainty(ops, n);
  T w_sum = 0, b = 0;
  for (std::size_t i = 0; i < n; ++i) {
    const T w = m / ops[i].uncertainty;
    w_sum += w;
    b += w * ops[i].belief;
  }
  return detail::finish(b / w_sum, T(n) * m / w_sum, a);
}

template <class T>
inline Opinion<T> averaging_fusion(const std::vector<Opinion<T>>& ops) {
  return averaging_fusion(ops.data(), ops.size());
}

// Trust discounting (§14.3.2): what the analyst may conclude about x from a source whose
// opinion about x is `x`, trusting the source with probability `credibility` in [0, 1].
// c = 1 keeps the opinion, c = 0 leaves only uncertainty.
template <class T>
inline Opinion<T> discount(typename detail::identity<T>::type credibility, const Opinion<T>& x) {
  if (!detail::unit(credibility))
    fail(Status::invalid_argument,
         "subjective_logic: credibility must be in [0, 1], got " + detail::show(credibility));
  detail::check(x, "opinion x");
  const T b = credibility * x.belief, d = credibility * x.disbelief;
  const T u = T(1) - b - d;
  return {b, d, u < T(0) ? T(0) : u, x.base_rate};
}

// The same, with the analyst's opinion about the source: its projected probability is the
// credibility.
template <class T>
inline Opinion<T> discount(const Opinion<T>& trust_in_source, const Opinion<T>& x) {
  detail::check(trust_in_source, "trust opinion");
  return discount(detail::clamp01(trust_in_source.projected()), x);
}

}  // namespace subjective_logic
}  // namespace v1
}  // namespace trustscore
