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
  typename Simd<T>::V d, aW, bW, w, w2, a;  // a: the base rate
};

template <class T>
TRUSTSCORE_SIMD_INLINE Constants<T> broadcast(const FactorConstants<T>& k) {
  using A = Simd<T>;
  return {A::set1(k.d), A::set1(k.aW), A::set1(k.bW), A::set1(k.w), A::set1(k.w2), A::set1(k.a)};
}

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

// Adds the G factors' weighted means and variances to a and v, in factor
// order, and hands each factor's mean and gain to explain(g, mean, gain).
template <int G, class T, class Explain>
TRUSTSCORE_SIMD_INLINE void stage2(const Stage<T, G>& st, const Constants<T>* c,
                                   typename Simd<T>::V& a, typename Simd<T>::V& v,
                                   Explain&& explain) {
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
    explain(g, mean, gain);
  }
}

// A factor's contributions w (p - a) and weighted gains w g, the same
// operations as score_reference's.
template <class T>
TRUSTSCORE_SIMD_INLINE typename Simd<T>::V contribution(const Constants<T>& c,
                                                        typename Simd<T>::V mean) {
  return Simd<T>::mul(c.w, Simd<T>::sub(mean, c.a));
}

// One tile of the block path: the block's sums at acc + i, var + i.
template <int G, bool Explain, class T>
TRUSTSCORE_SIMD_INLINE void tile(const T* const* r, const T* const* s, std::int64_t at,
                                 const Constants<T>* c, T* acc, T* var, std::int64_t i,
                                 std::int64_t m, T* const* con, T* const* gr, std::int64_t stride,
                                 typename Simd<T>::V& hi, typename Simd<T>::V& lo) {
  using A = Simd<T>;
  Stage<T, G> st;
  stage1(r, s, at, c, st, hi, lo);
  typename A::V a = A::load(acc + i), v = A::load(var + i);
  stage2<G>(st, c, a, v,
            [&](int g, typename A::V mean, typename A::V gain) TRUSTSCORE_SIMD_INLINE_LAMBDA {
              if constexpr (Explain) {
                alignas(64) T cb[A::K], gb[A::K];
                A::store(cb, contribution(c[g], mean));
                A::store(gb, A::mul(c[g].w, gain));
                for (std::int64_t j = 0; j < m; ++j) {
                  if (con[g]) con[g][(i + j) * stride] = cb[j];
                  if (gr[g]) gr[g][(i + j) * stride] = gb[j];
                }
              } else {
                (void)g, (void)mean, (void)gain;
              }
            });
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
  Constants<T> c[G];
  for (int g = 0; g < G; ++g) {
    const std::size_t f = f0 + static_cast<std::size_t>(g);
    rp[g] = ev.positive[f] + b0;
    sp[g] = ev.negative[f] + b0;
    con[g] = con_rows ? con_rows + f : nullptr;
    gr[g] = gain_rows ? gain_rows + f : nullptr;
    c[g] = broadcast(consts[f]);
  }
  V hi = A::set1(guard.hi), lo = A::set1(guard.lo);
  const std::int64_t full = len / K * K;
  constexpr std::int64_t line = 64 / sizeof(T);
  for (std::int64_t i = 0; i < full; i += K) {
    // The next block's evidence of these factors, into L2 meanwhile.
    if (i % line == 0 && i < next_len)
      for (int g = 0; g < G; ++g) prefetch_l2(rp[g] + kBlock + i), prefetch_l2(sp[g] + kBlock + i);
    tile<G, Explain>(rp, sp, i, c, acc, var, i, K, con, gr, stride, hi, lo);
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
    tile<G, Explain>(rt, st, 0, c, acc, var, full, len - full, con, gr, stride, hi, lo);
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

// A tile's values of F factors, factor-major in buf (K apart, rows up to a
// multiple of K), into the entity-major rows of its m entities at dst (F
// apart). A whole tile goes K factors at a time, transposed in registers,
// last factors first: a narrower last group's rows then spill into the next
// row's first factors, which are stored after them (the tile's last row
// stores only its own values). Groups of fewer than K / 2 factors, partial
// tiles and vectors with no transpose take scalar copies.
template <class T>
TRUSTSCORE_SIMD_INLINE void to_rows(const T* buf, T* dst, std::size_t F, std::int64_t m) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr auto K = static_cast<std::size_t>(A::K);
  const auto copy = [&](std::size_t f_begin, std::size_t f_end) TRUSTSCORE_SIMD_INLINE_LAMBDA {
    for (std::size_t j = 0; j < static_cast<std::size_t>(m); ++j)
      for (std::size_t f = f_begin; f < f_end; ++f) dst[j * F + f] = buf[f * K + j];
  };
  if (!A::has_transpose || m != A::K) {
    copy(0, F);
    return;
  }
  std::size_t f_end = F;
  if (const std::size_t last = F % K; last != 0 && last < K / 2) {
    copy(F - last, F);
    f_end = F - last;
  }
  for (std::size_t f0 = (f_end - 1) / K * K + K; f0 > 0;) {
    f0 -= K;
    V r[K];
    for (std::size_t g = 0; g < K; ++g) r[g] = A::load(buf + (f0 + g) * K);
    A::transpose(r);
    const std::size_t width = std::min(K, f_end - f0);
    for (std::size_t j = 0; j + 1 < K; ++j) A::store(dst + j * F + f0, r[j]);
    if (width == K) {
      A::store(dst + (K - 1) * F + f0, r[K - 1]);
    } else {
      alignas(64) T last_row[K];
      A::store(last_row, r[K - 1]);
      for (std::size_t f = 0; f < width; ++f) dst[(K - 1) * F + f0 + f] = last_row[f];
    }
  }
}

// The best levers of a tile (factor indices as T) for m entities at dst.
template <class T>
TRUSTSCORE_SIMD_INLINE void store_lever(typename Simd<T>::V best, std::int32_t* dst,
                                        std::int64_t m) {
  using A = Simd<T>;
  if (m == A::K) {
    A::store_int32(dst, best);
    return;
  }
  alignas(64) std::int32_t b[A::K];
  A::store_int32(b, best);
  for (std::int64_t j = 0; j < m; ++j) dst[j] = b[j];
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

// Scores the `len` entities of the block at b0 in one sweep: per tile of
// entities all factors (in groups of kGroup, the same arithmetic in the same
// order as group_pass and finish, so the same results), sums in registers,
// outputs written at once. All 2F columns stream together, as in the
// bandwidth bound, and no block sums are stored and reloaded. With Explain
// also each tile's contributions, gains (entity-major rows) and best levers
// into `rows`. Returns the sum of scores and variances (not finite when some
// evidence was NaN or infinite) and widens guard by the tiles' products.
template <bool Explain, class T>
TRUSTSCORE_SIMD_FUNCTION T row_pass(const EvidenceColumns<T>& ev, const FactorConstants<T>* consts,
                                    std::int64_t b0, std::int64_t len, T z, T* score, T* lower,
                                    T* upper, const ExplainRows<T>& rows, GuardRange<T>& guard) {
  using A = Simd<T>;
  using V = typename A::V;
  constexpr int K = A::K;
  const std::size_t F = ev.factors;
  Constants<T> c[kRowMaxFactors];
  const T* rp[kRowMaxFactors];
  const T* sp[kRowMaxFactors];
  bool weighs[kRowMaxFactors];  // a candidate for the best lever
  for (std::size_t f = 0; f < F; ++f) {
    c[f] = broadcast(consts[f]);
    weighs[f] = consts[f].w > T(0);
    rp[f] = ev.positive[f] + b0;
    sp[f] = ev.negative[f] + b0;
  }
  const V zv = A::set1(z), zero = A::set1(T(0)), minus_one = A::set1(T(-1));
  V hi = A::set1(guard.hi), lo = A::set1(guard.lo), sum = zero;
  const auto stride = static_cast<std::int64_t>(F);
  // With Explain: a tile's contributions and weighted gains, factor-major
  // (rows past F stay zero: to_rows reads whole groups of K), and the
  // factor indices the best lever takes.
  static_assert(kRowMaxFactors % K == 0, "to_rows reads whole groups of K factors");
  alignas(64) T cb[Explain ? kRowMaxFactors * K : 1] = {};
  alignas(64) T gb[Explain ? kRowMaxFactors * K : 1] = {};
  V index[kRowMaxFactors];
  for (std::size_t f = 0; f < F; ++f) index[f] = A::set1(static_cast<T>(f));
  // One tile at entity `at` of columns r, s; results for m entities at i.
  auto score_tile = [&](const T* const* r, const T* const* s, std::int64_t at, std::int64_t i,
                        std::int64_t m) TRUSTSCORE_SIMD_INLINE_LAMBDA {
    V a = zero, v = zero;
    // The best lever so far (score_reference's scan: strictly greater).
    V best_gain = minus_one, best = minus_one;
    auto explain_group = [&](std::size_t f0) TRUSTSCORE_SIMD_INLINE_LAMBDA {
      return [&, f0](int g, V mean, V gain) TRUSTSCORE_SIMD_INLINE_LAMBDA {
        if constexpr (Explain) {
          const std::size_t f = f0 + static_cast<std::size_t>(g);
          const V weighted = A::mul(c[f].w, gain);
          A::store(cb + f * K, contribution(c[f], mean));
          A::store(gb + f * K, weighted);
          if (weighs[f]) best_gain = A::keep_greater(weighted, best_gain, index[f], best);
        } else {
          (void)f0, (void)g, (void)mean, (void)gain;
        }
      };
    };
    std::size_t f = 0;
    for (; f + kGroup <= F; f += kGroup) {
      Stage<T, kGroup> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<kGroup>(st, c + f, a, v, explain_group(f));
    }
    if (F - f == 2) {
      Stage<T, 2> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<2>(st, c + f, a, v, explain_group(f));
    } else if (F - f == 1) {
      Stage<T, 1> st;
      stage1(r + f, s + f, at, c + f, st, hi, lo);
      stage2<1>(st, c + f, a, v, explain_group(f));
    }
    finish_tile<T>(a, v, zv, i, m, score, lower, upper, sum);
    if constexpr (Explain) {
      if (rows.contributions) to_rows<T>(cb, rows.contributions + i * stride, F, m);
      if (rows.gains) to_rows<T>(gb, rows.gains + i * stride, F, m);
      if (rows.best_lever) store_lever<T>(best, rows.best_lever + i, m);
    }
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
