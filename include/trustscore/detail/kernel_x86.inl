// Internal (trustscore/detail/): not API, and may change in any release.
// The Beta kernel's x86-64 paths, AVX2 + FMA and AVX-512, included by
// kernel.hpp inside namespace trustscore::detail, where it defines avx2:: and
// avx512:: over detail/kernel_simd.inl.
// ---- x86-64 paths (GCC or Clang): AVX2 + FMA and AVX-512, the same steps ----
//
// One source (detail/kernel_simd.inl) compiled twice with function target
// attributes (no special compiler flags needed); the best path the CPU has is
// chosen at run time.

// Factors the row path takes (its per-factor constants live on the stack).
constexpr std::size_t kRowMaxFactors = 16;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define TRUSTSCORE_KERNEL_X86 1

namespace avx2 {
#define TRUSTSCORE_SIMD_FUNCTION __attribute__((target("avx2,fma")))
#define TRUSTSCORE_SIMD_INLINE __attribute__((target("avx2,fma"), always_inline)) inline
#define TRUSTSCORE_SIMD_INLINE_LAMBDA __attribute__((target("avx2,fma"), always_inline))

template <class T>
struct Simd;

template <>
struct Simd<double> {
  using V = __m256d;
  static constexpr int K = 4;
  TRUSTSCORE_SIMD_INLINE static V load(const double* p) { return _mm256_loadu_pd(p); }
  TRUSTSCORE_SIMD_INLINE static void store(double* p, V x) { _mm256_storeu_pd(p, x); }
  TRUSTSCORE_SIMD_INLINE static V set1(double x) { return _mm256_set1_pd(x); }
  TRUSTSCORE_SIMD_INLINE static V add(V a, V b) { return _mm256_add_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V sub(V a, V b) { return _mm256_sub_pd(a, b); }
  // Where x > best (not NaN): best_index takes index; returns max-so-far.
  TRUSTSCORE_SIMD_INLINE static V keep_greater(V x, V best, V index, V& best_index) {
    const V greater = _mm256_cmp_pd(x, best, _CMP_GT_OQ);
    best_index = _mm256_blendv_pd(best_index, index, greater);
    return _mm256_blendv_pd(best, x, greater);
  }
  TRUSTSCORE_SIMD_INLINE static void store_int32(std::int32_t* p, V x) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_cvtpd_epi32(x));
  }
  // r[j] lane f becomes r[f] lane j (a 4 x 4 transpose).
  static constexpr bool has_transpose = true;
  TRUSTSCORE_SIMD_INLINE static void transpose(V* r) {
    const V t0 = _mm256_unpacklo_pd(r[0], r[1]), t1 = _mm256_unpackhi_pd(r[0], r[1]);
    const V t2 = _mm256_unpacklo_pd(r[2], r[3]), t3 = _mm256_unpackhi_pd(r[2], r[3]);
    r[0] = _mm256_permute2f128_pd(t0, t2, 0x20);
    r[1] = _mm256_permute2f128_pd(t1, t3, 0x20);
    r[2] = _mm256_permute2f128_pd(t0, t2, 0x31);
    r[3] = _mm256_permute2f128_pd(t1, t3, 0x31);
  }
  TRUSTSCORE_SIMD_INLINE static V sqrt(V a) { return _mm256_sqrt_pd(a); }
  TRUSTSCORE_SIMD_INLINE static V mul(V a, V b) { return _mm256_mul_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V div(V a, V b) { return _mm256_div_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V fmadd(V a, V b, V c) { return _mm256_fmadd_pd(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V fnmadd(V a, V b, V c) { return _mm256_fnmadd_pd(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V max(V a, V b) { return _mm256_max_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V min(V a, V b) { return _mm256_min_pd(a, b); }
};

template <>
struct Simd<float> {
  using V = __m256;
  static constexpr int K = 8;
  TRUSTSCORE_SIMD_INLINE static V load(const float* p) { return _mm256_loadu_ps(p); }
  TRUSTSCORE_SIMD_INLINE static void store(float* p, V x) { _mm256_storeu_ps(p, x); }
  TRUSTSCORE_SIMD_INLINE static V set1(float x) { return _mm256_set1_ps(x); }
  TRUSTSCORE_SIMD_INLINE static V add(V a, V b) { return _mm256_add_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V sub(V a, V b) { return _mm256_sub_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V keep_greater(V x, V best, V index, V& best_index) {
    const V greater = _mm256_cmp_ps(x, best, _CMP_GT_OQ);
    best_index = _mm256_blendv_ps(best_index, index, greater);
    return _mm256_blendv_ps(best, x, greater);
  }
  TRUSTSCORE_SIMD_INLINE static void store_int32(std::int32_t* p, V x) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm256_cvtps_epi32(x));
  }
  static constexpr bool has_transpose = false;
  static void transpose(V*) {}
  TRUSTSCORE_SIMD_INLINE static V sqrt(V a) { return _mm256_sqrt_ps(a); }
  TRUSTSCORE_SIMD_INLINE static V mul(V a, V b) { return _mm256_mul_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V div(V a, V b) { return _mm256_div_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V fmadd(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V fnmadd(V a, V b, V c) { return _mm256_fnmadd_ps(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V max(V a, V b) { return _mm256_max_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V min(V a, V b) { return _mm256_min_ps(a, b); }
};

#include "trustscore/detail/kernel_simd.inl"  // IWYU pragma: keep
#undef TRUSTSCORE_SIMD_FUNCTION
#undef TRUSTSCORE_SIMD_INLINE
#undef TRUSTSCORE_SIMD_INLINE_LAMBDA
}  // namespace avx2

namespace avx512 {
#define TRUSTSCORE_SIMD_FUNCTION __attribute__((target("avx512f,avx2,fma")))
#define TRUSTSCORE_SIMD_INLINE __attribute__((target("avx512f,avx2,fma"), always_inline)) inline
#define TRUSTSCORE_SIMD_INLINE_LAMBDA __attribute__((target("avx512f,avx2,fma"), always_inline))

template <class T>
struct Simd;

template <>
struct Simd<double> {
  using V = __m512d;
  static constexpr int K = 8;
  TRUSTSCORE_SIMD_INLINE static V load(const double* p) { return _mm512_loadu_pd(p); }
  TRUSTSCORE_SIMD_INLINE static void store(double* p, V x) { _mm512_storeu_pd(p, x); }
  TRUSTSCORE_SIMD_INLINE static V set1(double x) { return _mm512_set1_pd(x); }
  TRUSTSCORE_SIMD_INLINE static V add(V a, V b) { return _mm512_add_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V sub(V a, V b) { return _mm512_sub_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V keep_greater(V x, V best, V index, V& best_index) {
    const __mmask8 greater = _mm512_cmp_pd_mask(x, best, _CMP_GT_OQ);
    best_index = _mm512_mask_blend_pd(greater, best_index, index);
    return _mm512_mask_blend_pd(greater, best, x);
  }
  TRUSTSCORE_SIMD_INLINE static void store_int32(std::int32_t* p, V x) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_maskz_cvtpd_epi32(0xff, x));
  }
  // r[j] lane f becomes r[f] lane j (an 8 x 8 transpose: pairs, then 128-bit
  // lanes twice).
  static constexpr bool has_transpose = true;
  TRUSTSCORE_SIMD_INLINE static void transpose(V* r) {
    V t[8], u[8];
    for (int k = 0; k < 8; k += 2) {
      t[k] = _mm512_maskz_unpacklo_pd(0xff, r[k], r[k + 1]);
      t[k + 1] = _mm512_maskz_unpackhi_pd(0xff, r[k], r[k + 1]);
    }
    for (int k = 0; k < 2; ++k) {  // k = 0: even lanes of the pairs, 1: odd
      u[k] = _mm512_maskz_shuffle_f64x2(0xff, t[k], t[k + 2], 0x88);
      u[k + 2] = _mm512_maskz_shuffle_f64x2(0xff, t[k], t[k + 2], 0xdd);
      u[k + 4] = _mm512_maskz_shuffle_f64x2(0xff, t[k + 4], t[k + 6], 0x88);
      u[k + 6] = _mm512_maskz_shuffle_f64x2(0xff, t[k + 4], t[k + 6], 0xdd);
    }
    for (int k = 0; k < 2; ++k) {
      r[k] = _mm512_maskz_shuffle_f64x2(0xff, u[k], u[k + 4], 0x88);
      r[k + 4] = _mm512_maskz_shuffle_f64x2(0xff, u[k], u[k + 4], 0xdd);
      r[k + 2] = _mm512_maskz_shuffle_f64x2(0xff, u[k + 2], u[k + 6], 0x88);
      r[k + 6] = _mm512_maskz_shuffle_f64x2(0xff, u[k + 2], u[k + 6], 0xdd);
    }
  }
  TRUSTSCORE_SIMD_INLINE static V sqrt(V a) { return _mm512_maskz_sqrt_pd(0xff, a); }
  TRUSTSCORE_SIMD_INLINE static V mul(V a, V b) { return _mm512_mul_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V div(V a, V b) { return _mm512_div_pd(a, b); }
  TRUSTSCORE_SIMD_INLINE static V fmadd(V a, V b, V c) { return _mm512_fmadd_pd(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_pd(a, b, c); }
  // The zero-masked forms with a full mask (sqrt, max, min, the conversion and
  // the shuffles of transpose): the plain ones trip GCC 12's
  // -Wmaybe-uninitialized inside avx512fintrin.h.
  TRUSTSCORE_SIMD_INLINE static V max(V a, V b) { return _mm512_maskz_max_pd(0xff, a, b); }
  TRUSTSCORE_SIMD_INLINE static V min(V a, V b) { return _mm512_maskz_min_pd(0xff, a, b); }
};

template <>
struct Simd<float> {
  using V = __m512;
  static constexpr int K = 16;
  TRUSTSCORE_SIMD_INLINE static V load(const float* p) { return _mm512_loadu_ps(p); }
  TRUSTSCORE_SIMD_INLINE static void store(float* p, V x) { _mm512_storeu_ps(p, x); }
  TRUSTSCORE_SIMD_INLINE static V set1(float x) { return _mm512_set1_ps(x); }
  TRUSTSCORE_SIMD_INLINE static V add(V a, V b) { return _mm512_add_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V sub(V a, V b) { return _mm512_sub_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V keep_greater(V x, V best, V index, V& best_index) {
    const __mmask16 greater = _mm512_cmp_ps_mask(x, best, _CMP_GT_OQ);
    best_index = _mm512_mask_blend_ps(greater, best_index, index);
    return _mm512_mask_blend_ps(greater, best, x);
  }
  TRUSTSCORE_SIMD_INLINE static void store_int32(std::int32_t* p, V x) {
    _mm512_storeu_si512(p, _mm512_maskz_cvtps_epi32(0xffff, x));
  }
  static constexpr bool has_transpose = false;
  static void transpose(V*) {}
  TRUSTSCORE_SIMD_INLINE static V sqrt(V a) { return _mm512_maskz_sqrt_ps(0xffff, a); }
  TRUSTSCORE_SIMD_INLINE static V mul(V a, V b) { return _mm512_mul_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V div(V a, V b) { return _mm512_div_ps(a, b); }
  TRUSTSCORE_SIMD_INLINE static V fmadd(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V fnmadd(V a, V b, V c) { return _mm512_fnmadd_ps(a, b, c); }
  TRUSTSCORE_SIMD_INLINE static V max(V a, V b) { return _mm512_maskz_max_ps(0xffff, a, b); }
  TRUSTSCORE_SIMD_INLINE static V min(V a, V b) { return _mm512_maskz_min_ps(0xffff, a, b); }
};

#include "trustscore/detail/kernel_simd.inl"  // IWYU pragma: keep
#undef TRUSTSCORE_SIMD_FUNCTION
#undef TRUSTSCORE_SIMD_INLINE
#undef TRUSTSCORE_SIMD_INLINE_LAMBDA
}  // namespace avx512
#endif  // x86 paths
