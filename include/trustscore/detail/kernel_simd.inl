// Internal (trustscore/detail/): not API, and may change in any release.
// The x86 SIMD paths of the batch kernel (kernel.hpp), written once and
// included twice by kernel.hpp: in namespace detail::avx2 and detail::avx512.
// Before each inclusion kernel.hpp defines Simd<T> (the vector type V, K
// lanes, and the operations) and the function attributes
// TRUSTSCORE_SIMD_FUNCTION, TRUSTSCORE_SIMD_INLINE and
// TRUSTSCORE_SIMD_INLINE_LAMBDA, which carry that instruction set's target.
// Every path performs the same IEEE operations in the same order on each
// entity (explicit FMAs, no contraction left to the compiler), so all of them
// give the same results to the bit whatever the vector width.
// No include guard: included once per instruction set.

template <class T>
struct Constants {
  typename Simd<T>::V d, aW, bW, w, w2;
};

// The fast path of G factors on one tile, in two stages: stage 1 loads the
// evidence and issues the group's one division, stage 2 (batch inversion's
// back substitution, sums) uses it. FMA gives n (n + 1) and (r + a W)(n + 1)
// in one rounding each. (Software-pipelining the stages across tiles was
// tried and spilled registers: slower than leaving the overlap to the core.)
template <class T, int G>
struct Stage {
  typename Simd<T>::V inv, P[G], D[G], numn1[G], neg[G];
};

// Loads evidence r[g] + at, s[g] + at.
template <int G, class T>
TRUSTSCORE_SIMD_INLINE void stage1(const T* const* r, const T* const* s, std::int64_t at,
                                   const Constants<T>* c, Stage<T, G>& st, typename Simd<T>::V& hi,
                                   typename Simd<T>::V& lo) {
  using A = Simd<T>;
  using V = typename A::V;
  for (int g = 0; g < G; ++g) {
    const V num = A::fmadd(A::load(r[g] + at), c[g].d, c[g].aW);  // r + a W
    st.neg[g] = A::fmadd(A::load(s[g] + at), c[g].d, c[g].bW);    // s + (1 - a) W
    const V n = A::add(num, st.neg[g]);
    st.D[g] = A::fmadd(n, n, n);          // n (n + 1)
    st.numn1[g] = A::fmadd(num, n, num);  // (r + a W)(n + 1)
    st.P[g] = g == 0 ? st.D[0] : A::mul(st.P[g - 1], st.D[g]);
  }
  hi = A::max(st.P[G - 1], hi);
  lo = A::min(st.P[G - 1], lo);
  st.inv = A::div(A::set1(T(1)), st.P[G - 1]);
}

// Adds the G factors' weighted means and variances to a and v; with Explain
// writes m entities' contributions and weighted gains into rows con[g],
// gr[g] (either null) from entity i on, `stride` apart.
template <int G, bool Explain, class T>
TRUSTSCORE_SIMD_INLINE void stage2(const Stage<T, G>& st, const Constants<T>* c,
                                   const FactorConstants<T>* cs, typename Simd<T>::V& a,
                                   typename Simd<T>::V& v, std::int64_t i, std::int64_t m,
                                   T* const* con, T* const* gr, std::int64_t stride) {
  using A = Simd<T>;
  using V = typename A::V;
  V q[G];
  V inv = st.inv;
  for (int g = G - 1; g > 0; --g) {
    q[g] = A::mul(inv, st.P[g - 1]);  // 1 / D[g]
    inv = A::mul(inv, st.D[g]);       // 1 / P[g - 1]
  }
  q[0] = inv;
  for (int g = 0; g < G; ++g) {
    const V mean = A::mul(st.numn1[g], q[g]);  // (r + a W) / n
    const V gain = A::mul(st.neg[g], q[g]);    // (1 - p) / (n + 1)
    a = A::fmadd(c[g].w, mean, a);
    v = A::fmadd(c[g].w2, A::mul(mean, gain), v);
    if constexpr (Explain) {
      alignas(64) T mb[A::K], gb[A::K];
      A::store(mb, mean);
      A::store(gb, gain);
      for (std::int64_t j = 0; j < m; ++j) {
        if (con[g]) con[g][(i + j) * stride] = cs[g].w * (mb[j] - cs[g].a);
        if (gr[g]) gr[g][(i + j) * stride] = cs[g].w * gb[j];
      }
    }
  }
}

// One tile of the block path: the block's sums at acc + i, var + i.
template <int G, bool Explain, class T>
TRUSTSCORE_SIMD_INLINE void tile(const T* const* r, const T* const* s, std::int64_t at,
                                 const Constants<T>* c, const FactorConstants<T>* cs, T* acc,
                                 T* var, std::int64_t i, std::int64_t m, T* const* con,
                                 T* const* gr, std::int64_t stride, typename Simd<T>::V& hi,
                                 typename Simd<T>::V& lo) {
  using A = Simd<T>;
  Stage<T, G> st;
  stage1(r, s, at, c, st, hi, lo);
  typename A::V a = A::load(acc + i), v = A::load(var + i);
  stage2<G, Explain>(st, c, cs, a, v, i, m, con, gr, stride);
  A::store(acc + i, a);
  A::store(var + i, v);
}

template <int G, bool Explain, class T>
TRUSTSCORE_SIMD_FUNCTION void group_pass(const EvidenceColumns<T>& ev,
                                         const FactorConstants<T>* consts, std::size_t f0,
                                         std::int64_t b0, std::int64_t len, T* acc, T* var,
                                         T* con_rows, T* gain_rows, std::int64_t stride,
                                         std::int64_t next_len, GuardRange<T>& guard) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr int K = A::K;
  static_assert(kTileMax % K == 0, "the block is cleared in whole tiles");
  const T* rp[G];
  const T* sp[G];
  T* con[G];
  T* gr[G];
  FactorConstants<T> cs[G];
  Constants<T> c[G];
  for (int g = 0; g < G; ++g) {
    const std::size_t f = f0 + static_cast<std::size_t>(g);
    rp[g] = ev.positive[f] + b0;
    sp[g] = ev.negative[f] + b0;
    con[g] = con_rows ? con_rows + f : nullptr;
    gr[g] = gain_rows ? gain_rows + f : nullptr;
    cs[g] = consts[f];
    c[g] = {A::set1(cs[g].d), A::set1(cs[g].aW), A::set1(cs[g].bW), A::set1(cs[g].w),
            A::set1(cs[g].w2)};
  }
  V hi = A::set1(guard.hi), lo = A::set1(guard.lo);
  const std::int64_t full = len / K * K;
  constexpr std::int64_t line = 64 / sizeof(T);
  for (std::int64_t i = 0; i < full; i += K) {
    // The next block's evidence of these factors, into L2 meanwhile.
    if (i % line == 0 && i < next_len)
      for (int g = 0; g < G; ++g) prefetch_l2(rp[g] + kBlock + i), prefetch_l2(sp[g] + kBlock + i);
    tile<G, Explain>(rp, sp, i, c, cs, acc, var, i, K, con, gr, stride, hi, lo);
  }
  if (full < len) {  // the last tile, padded with zero evidence (n = W, harmless)
    alignas(64) T rb[G][K] = {}, sb[G][K] = {};
    const T* rt[G];
    const T* st[G];
    for (int g = 0; g < G; ++g) {
      for (std::int64_t j = 0; j < len - full; ++j)
        rb[g][j] = rp[g][full + j], sb[g][j] = sp[g][full + j];
      rt[g] = rb[g];
      st[g] = sb[g];
    }
    tile<G, Explain>(rt, st, 0, c, cs, acc, var, full, len - full, con, gr, stride, hi, lo);
  }
  alignas(64) T hb[K], lb[K];
  A::store(hb, hi);
  A::store(lb, lo);
  for (int j = 0; j < K; ++j) guard.merge(hb[j], lb[j]);
}

// Score and bounds of one tile from its sums a (score) and v (variance),
// stored for m entities from i (each output may be null); adds a + v to sum.
// Both the block path (finish) and the row path (row_pass) end here, so
// plain and explained scores come from the same operations. The FMAs are
// explicit: the compiler may not contract them differently in either place.
template <class T>
TRUSTSCORE_SIMD_INLINE void finish_tile(typename Simd<T>::V a, typename Simd<T>::V v,
                                        typename Simd<T>::V zv, std::int64_t i, std::int64_t m,
                                        T* score, T* lower, T* upper, typename Simd<T>::V& sum) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr int K = A::K;
  const V zero = A::set1(T(0)), one = A::set1(T(1));
  sum = A::add(sum, A::add(a, v));
  const V sd = A::sqrt(v);
  const V down = A::min(A::max(A::fnmadd(zv, sd, a), zero), one);
  const V up = A::min(A::max(A::fmadd(zv, sd, a), zero), one);
  if (m == K) {
    if (score) A::store(score + i, a);
    if (lower) A::store(lower + i, down);
    if (upper) A::store(upper + i, up);
    return;
  }
  alignas(64) T sb[K], lb[K], hb[K];
  A::store(sb, a);
  A::store(lb, down);
  A::store(hb, up);
  for (std::int64_t j = 0; j < m; ++j) {
    if (score) score[i + j] = sb[j];
    if (lower) lower[i + j] = lb[j];
    if (upper) upper[i + j] = hb[j];
  }
}

// The sum of a vector's lanes.
template <class T>
TRUSTSCORE_SIMD_INLINE T lane_sum(typename Simd<T>::V x) {
  alignas(64) T b[Simd<T>::K];
  Simd<T>::store(b, x);
  T total = 0;
  for (int j = 0; j < Simd<T>::K; ++j) total += b[j];
  return total;
}

// Score and interval bounds of the `len` entities of a block from its sums.
template <class T>
TRUSTSCORE_SIMD_FUNCTION T finish(const T* acc, const T* var, std::int64_t len, T z, T* score,
                                  T* lower, T* upper) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr int K = A::K;
  const V zv = A::set1(z);
  V sum = A::set1(T(0));
  for (std::int64_t i = 0; i < len; i += K)
    finish_tile<T>(A::load(acc + i), A::load(var + i), zv, i, std::min<std::int64_t>(K, len - i),
                   score, lower, upper, sum);
  return lane_sum<T>(sum);
}

// Scores, without explanations, the `len` entities of the block at b0 in one
// sweep: per tile of entities all factors (in groups of kGroup, the same
// arithmetic in the same order as group_pass and finish, so the same
// results), sums in registers, outputs written at once. All 2F columns
// stream together, as in the bandwidth bound, and no block sums are stored
// and reloaded. Returns the sum of scores and variances (not finite when
// some evidence was NaN or infinite) and widens guard by the tiles' products.
template <class T>
TRUSTSCORE_SIMD_FUNCTION T row_pass(const EvidenceColumns<T>& ev, const FactorConstants<T>* consts,
                                    std::int64_t b0, std::int64_t len, T z, T* score, T* lower,
                                    T* upper, GuardRange<T>& guard) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr int K = A::K;
  const std::size_t F = ev.factors;
  Constants<T> c[kRowMaxFactors];
  const T* rp[kRowMaxFactors];
  const T* sp[kRowMaxFactors];
  for (std::size_t f = 0; f < F; ++f) {
    const FactorConstants<T>& k = consts[f];
    c[f] = {A::set1(k.d), A::set1(k.aW), A::set1(k.bW), A::set1(k.w), A::set1(k.w2)};
    rp[f] = ev.positive[f] + b0;
    sp[f] = ev.negative[f] + b0;
  }
  const V zv = A::set1(z), zero = A::set1(T(0));
  V hi = A::set1(guard.hi), lo = A::set1(guard.lo), sum = zero;
  // One tile at entity `at` of columns r, s; results for m entities at i.
  auto score_tile = [&](const T* const* r, const T* const* s, std::int64_t at, std::int64_t i,
                        std::int64_t m) TRUSTSCORE_SIMD_INLINE_LAMBDA {
    V a = zero, v = zero;
    std::size_t f = 0;
    for (; f + kGroup <= F; f += kGroup) {
      Stage<T, kGroup> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<kGroup, false, T>(st, c + f, consts + f, a, v, 0, 0, nullptr, nullptr, 0);
    }
    if (F - f == 2) {
      Stage<T, 2> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<2, false, T>(st, c + f, consts + f, a, v, 0, 0, nullptr, nullptr, 0);
    } else if (F - f == 1) {
      Stage<T, 1> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<1, false, T>(st, c + f, consts + f, a, v, 0, 0, nullptr, nullptr, 0);
    }
    finish_tile<T>(a, v, zv, i, m, score, lower, upper, sum);
  };
  const std::int64_t full = len / K * K;
  for (std::int64_t i = 0; i < full; i += K) score_tile(rp, sp, i, i, K);
  if (full < len) {  // the last tile, padded with zero evidence (n = W, harmless)
    alignas(64) T rb[kRowMaxFactors][K] = {}, sb[kRowMaxFactors][K] = {};
    const T* rt[kRowMaxFactors];
    const T* st[kRowMaxFactors];
    for (std::size_t f = 0; f < F; ++f) {
      for (std::int64_t j = 0; j < len - full; ++j)
        rb[f][j] = rp[f][full + j], sb[f][j] = sp[f][full + j];
      rt[f] = rb[f];
      st[f] = sb[f];
    }
    score_tile(rt, st, 0, full, len - full);
  }
  alignas(64) T hb[K], lb[K];
  A::store(hb, hi);
  A::store(lb, lo);
  for (int j = 0; j < K; ++j) guard.merge(hb[j], lb[j]);
  return lane_sum<T>(sum);
}
