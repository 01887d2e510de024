// The batch scoring kernel: the fast path against the scalar reference on
// random inputs of many sizes, with and without decay and with every subset
// of outputs; results independent of the thread count; float instantiation.
#include <catch2/catch.hpp>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/kernel.hpp"

using trustscore::EvidenceColumns;
using trustscore::KernelOptions;
using trustscore::KernelOutput;
using trustscore::KernelParams;
using trustscore::Status;
using tstest::z95;

namespace {

// Random evidence and parameters: zero, ordinary, huge and tiny masses;
// weights normalised with one factor weighing nothing.
struct Input {
  std::int64_t n = 0;
  std::size_t F = 0;
  std::vector<std::vector<double>> r, s;
  std::vector<const double*> pos, neg;
  std::vector<double> weight, base_rate, prior_weight, decay;

  Input(std::int64_t entities, std::size_t factors, std::uint64_t seed)
      : n(entities), F(factors), r(factors), s(factors) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<double> unit(0, 1);
    const auto mass = [&] {
      const double u = unit(rng);
      if (u < 0.2) return 0.0;
      if (u < 0.8) return 20 * unit(rng);
      if (u < 0.9) return 1e6 * unit(rng);
      return 1e-3 * unit(rng);
    };
    for (std::size_t f = 0; f < F; ++f) {
      for (std::int64_t e = 0; e < n; ++e) {
        r[f].push_back(mass());
        s[f].push_back(mass());
      }
      pos.push_back(r[f].data());
      neg.push_back(s[f].data());
      weight.push_back(f == 2 ? 0.0 : 0.1 + unit(rng));
      base_rate.push_back(0.01 + 0.98 * unit(rng));
      prior_weight.push_back(0.1 + 10 * unit(rng));
      decay.push_back(f == 0 ? 1.0 : 1e-3 + unit(rng));
    }
    double total = 0;
    for (double w : weight) total += w;
    for (double& w : weight) w /= total;
  }
  EvidenceColumns<double> ev() const { return {n, F, pos.data(), neg.data()}; }
  KernelParams<double> params(bool with_decay) const {
    return {weight.data(), base_rate.data(), prior_weight.data(),
            with_decay ? decay.data() : nullptr, z95};
  }
};

// The outputs a call asks for, as bits. Their names stay qualified (Want::score): the unit
// tests compile as a unity build, where a bare `score` would clash with trustscore::score.
namespace Want {
enum : unsigned {
  score = 1,
  lower = 2,
  upper = 4,
  contributions = 8,
  gains = 16,
  best_lever = 32,
  all = 63
};
}  // namespace Want

// Output arrays prefilled with sentinels; `view` points at the wanted ones.
template <class T>
struct Outputs {
  std::vector<T> score, lower, upper, contributions, gains;
  std::vector<std::int32_t> best_lever;
  Outputs(std::int64_t n, std::size_t F) {
    const auto N = static_cast<std::size_t>(n);
    const T nan = std::numeric_limits<T>::quiet_NaN();
    score.assign(N, nan);
    lower.assign(N, nan);
    upper.assign(N, nan);
    contributions.assign(N * F, nan);
    gains.assign(N * F, nan);
    best_lever.assign(N, -7);
  }
  KernelOutput<T> view(unsigned want) {
    return {want & Want::score ? score.data() : nullptr,
            want & Want::lower ? lower.data() : nullptr,
            want & Want::upper ? upper.data() : nullptr,
            want & Want::contributions ? contributions.data() : nullptr,
            want & Want::gains ? gains.data() : nullptr,
            want & Want::best_lever ? best_lever.data() : nullptr};
  }
  bool operator==(const Outputs& o) const {
    // Bit for bit (NaN sentinels included), not just numerically equal.
    const auto same = [](const auto& a, const auto& b) {
      return a.size() == b.size() &&
             (a.empty() || std::memcmp(a.data(), b.data(), a.size() * sizeof a[0]) == 0);
    };
    return same(score, o.score) && same(lower, o.lower) && same(upper, o.upper) &&
           same(contributions, o.contributions) && same(gains, o.gains) &&
           same(best_lever, o.best_lever);
  }
};

// Compares the wanted outputs of `fast` with the full reference `ref`, to
// 1e-12 relative. Where a value comes out of a cancellation the tolerance is
// relative to the magnitude it cancels from: the score for the interval ends,
// w_f for contributions (|w_f (p - a)| <= w_f), w_f / (n_f + 1) for gains.
// Returns the number of mismatches (and reports the first few).
int compare(const Input& in, bool with_decay, const Outputs<double>& ref,
            const Outputs<double>& fast, unsigned want) {
  int bad = 0;
  const auto report = [&](const char* what, std::int64_t e, double a, double b) {
    if (++bad <= 5)
      UNSCOPED_INFO(what << " of entity " << e << ": fast " << a << ", reference " << b);
  };
  const std::size_t F = in.F;
  for (std::int64_t e = 0; e < in.n; ++e) {
    const auto E = static_cast<std::size_t>(e);
    if ((want & Want::score) && !tstest::close(fast.score[E], ref.score[E], 1e-12))
      report("score", e, fast.score[E], ref.score[E]);
    if ((want & Want::lower) && !tstest::close(fast.lower[E], ref.lower[E], 1e-12, ref.score[E]))
      report("lower", e, fast.lower[E], ref.lower[E]);
    if ((want & Want::upper) && !tstest::close(fast.upper[E], ref.upper[E], 1e-12, ref.score[E]))
      report("upper", e, fast.upper[E], ref.upper[E]);
    for (std::size_t f = 0; f < F; ++f) {
      const std::size_t i = E * F + f;
      const double w = in.weight[f];
      const double d = with_decay ? in.decay[f] : 1.0;
      const double n = (in.r[f][E] + in.s[f][E]) * d + in.prior_weight[f];
      if ((want & Want::contributions) &&
          !tstest::close(fast.contributions[i], ref.contributions[i], 1e-12, w))
        report("contribution", e, fast.contributions[i], ref.contributions[i]);
      if ((want & Want::gains) && !tstest::close(fast.gains[i], ref.gains[i], 1e-12, w / (n + 1)))
        report("gain", e, fast.gains[i], ref.gains[i]);
    }
    if ((want & Want::best_lever) && fast.best_lever[E] != ref.best_lever[E]) {
      // Allowed only for a tie within rounding between the two factors.
      const std::int32_t a = fast.best_lever[E], b = ref.best_lever[E];
      const bool tie = a >= 0 && b >= 0 &&
                       tstest::close(ref.gains[E * F + static_cast<std::size_t>(a)],
                                     ref.gains[E * F + static_cast<std::size_t>(b)], 1e-12);
      if (!tie) report("best lever", e, a, b);
    }
  }
  return bad;
}

}  // namespace

TEST_CASE("score_batch equals score_reference on random inputs", "[kernel]") {
  const std::vector<unsigned> subsets = {
      Want::all,
      0,  // nothing wanted: must not touch anything
      Want::score,
      Want::lower | Want::upper,
      Want::contributions,
      Want::gains,
      Want::best_lever,
      Want::score | Want::best_lever,
      Want::contributions | Want::best_lever,
      Want::upper | Want::gains,
  };
  for (std::int64_t n : {0, 1, 7, 511, 512, 513, 100003}) {
    // 9 factors are three groups of three in the fast path; 4, 5 and 1 leave
    // a last group of one or two; 17 is more than the row path and the
    // kernel's stack take (kRowMaxFactors = 16).
    for (std::size_t F :
         {std::size_t{9}, std::size_t{4}, std::size_t{5}, std::size_t{1}, std::size_t{17}}) {
      if (n == 100003 && F != 9) continue;  // the big size once is enough
      const Input in(n, F, static_cast<std::uint64_t>(n) * 31 + F);
      for (bool with_decay : {false, true}) {
        Outputs<double> ref(n, F);
        trustscore::score_reference(in.ev(), in.params(with_decay), ref.view(Want::all));
        for (unsigned want : subsets) {
          INFO("n = " << n << ", F = " << F << ", decay " << with_decay << ", outputs " << want);
          Outputs<double> fast(n, F);
          trustscore::score_batch(in.ev(), in.params(with_decay), fast.view(want),
                                  KernelOptions{1});
          CHECK(compare(in, with_decay, ref, fast, want) == 0);
          // Outputs not asked for are left alone.
          const Outputs<double> untouched(n, F);
          if (!(want & Want::score) && n > 0) CHECK(std::isnan(fast.score[0]));
          if (!(want & Want::contributions))
            CHECK((fast.contributions.empty() ||
                   std::memcmp(fast.contributions.data(), untouched.contributions.data(),
                               fast.contributions.size() * sizeof(double)) == 0));
          if (!(want & Want::best_lever)) CHECK(fast.best_lever == untouched.best_lever);
          if (want == Want::all) {
            // Sanity of the reference itself: bounds bracket the score in [0, 1].
            int bad = 0;
            for (std::size_t e = 0; e < static_cast<std::size_t>(n); ++e)
              if (!(0 <= ref.lower[e] && ref.lower[e] <= ref.score[e] &&
                    ref.score[e] <= ref.upper[e] && ref.upper[e] <= 1 && ref.best_lever[e] >= 0 &&
                    ref.best_lever[e] != 2))
                ++bad;
            CHECK(bad == 0);
          }
        }
      }
    }
  }
}

TEST_CASE("plain and explained scores agree to the bit", "[kernel]") {
  // Plain scores take the row path on x86, explained ones the block path:
  // the same operations in the same order, so asking for explanations never
  // changes a score, a bound or the thread-count independence.
  for (std::int64_t n : {1, 7, 8, 17, 513, 4099}) {
    for (std::size_t F : {std::size_t{9}, std::size_t{2}, std::size_t{16}, std::size_t{17}}) {
      const Input in(n, F, static_cast<std::uint64_t>(n) * 131 + F);
      INFO("n = " << n << ", F = " << F);
      Outputs<double> plain(n, F), explained(n, F);
      trustscore::score_batch(in.ev(), in.params(true),
                              plain.view(Want::score | Want::lower | Want::upper),
                              KernelOptions{1});
      trustscore::score_batch(in.ev(), in.params(true), explained.view(Want::all),
                              KernelOptions{1});
      const auto bytes = static_cast<std::size_t>(n) * sizeof(double);
      CHECK(std::memcmp(plain.score.data(), explained.score.data(), bytes) == 0);
      CHECK(std::memcmp(plain.lower.data(), explained.lower.data(), bytes) == 0);
      CHECK(std::memcmp(plain.upper.data(), explained.upper.data(), bytes) == 0);
    }
  }
}

TEST_CASE("explanations of every factor count equal the reference, alone or together", "[kernel]") {
  // On x86 the row path transposes a tile's explanations into rows K factors
  // at a time (K = 4 or 8 doubles), last group first, and keeps the best
  // lever in a register: every count up to kRowMaxFactors (16) and one past
  // it, whole and partial tiles, each output asked for alone or with the
  // others, one thread and several. The suite runs once per instruction set
  // (TRUSTSCORE_KERNEL), so each path meets these.
  const std::vector<unsigned> subsets = {Want::contributions, Want::gains, Want::best_lever,
                                         Want::score | Want::best_lever,
                                         Want::contributions | Want::gains};
  for (std::int64_t n : {5, 29, 1029}) {
    for (std::size_t F = 1; F <= 17; ++F) {
      const Input in(n, F, static_cast<std::uint64_t>(n) * 7 + F);
      INFO("n = " << n << ", F = " << F);
      Outputs<double> ref(n, F), all(n, F), threaded(n, F);
      trustscore::score_reference(in.ev(), in.params(true), ref.view(Want::all));
      trustscore::score_batch(in.ev(), in.params(true), all.view(Want::all), KernelOptions{1});
      CHECK(compare(in, true, ref, all, Want::all) == 0);
      trustscore::score_batch(in.ev(), in.params(true), threaded.view(Want::all),
                              KernelOptions{3, 1});
      CHECK(threaded == all);
      for (unsigned want : subsets) {
        INFO("outputs " << want);
        Outputs<double> part(n, F), expected(n, F);
        trustscore::score_batch(in.ev(), in.params(true), part.view(want), KernelOptions{2, 1});
        // What `all` holds of the wanted outputs, the sentinels elsewhere.
        if (want & Want::score) expected.score = all.score;
        if (want & Want::contributions) expected.contributions = all.contributions;
        if (want & Want::gains) expected.gains = all.gains;
        if (want & Want::best_lever) expected.best_lever = all.best_lever;
        CHECK(part == expected);
      }
    }
  }
}

TEST_CASE("results do not depend on the thread count", "[kernel][threads]") {
  // 1538 = 3 * 512 + 2: with 3 threads the last one gets a longer share.
  for (std::int64_t n : {100003, 1500, 1538}) {
    for (std::size_t F : {std::size_t{9}, std::size_t{10}}) {
      const Input in(n, F, 99 + static_cast<std::uint64_t>(n) + F);
      Outputs<double> one(n, F);
      // min_entities_per_thread small enough that every thread gets a share.
      trustscore::score_batch(in.ev(), in.params(true), one.view(Want::all), KernelOptions{1, 1});
      Outputs<double> ref(n, F);
      trustscore::score_reference(in.ev(), in.params(true), ref.view(Want::all));
      CHECK(compare(in, true, ref, one, Want::all) == 0);
      for (int threads : {2, 3, 8, 0}) {
        for (std::int64_t min_per_thread : {std::int64_t{1}, std::int64_t{1000}}) {
          INFO("n = " << n << ", F = " << F << ", threads " << threads << ", min per thread "
                      << min_per_thread);
          Outputs<double> many(n, F);
          trustscore::score_batch(in.ev(), in.params(true), many.view(Want::all),
                                  KernelOptions{threads, min_per_thread});
          CHECK(many == one);
          // Best lever without gains uses per-thread scratch memory.
          Outputs<double> lever_only(n, F);
          trustscore::score_batch(in.ev(), in.params(true),
                                  lever_only.view(Want::best_lever | Want::score),
                                  KernelOptions{threads, min_per_thread});
          CHECK(lever_only.best_lever == one.best_lever);
          CHECK(lever_only.score == one.score);
        }
      }
    }
  }
  // More threads than entities, and the default options.
  const Input small(5, 9, 3);
  Outputs<double> a(5, 9), b(5, 9), c(5, 9);
  trustscore::score_batch(small.ev(), small.params(true), a.view(Want::all), KernelOptions{1});
  trustscore::score_batch(small.ev(), small.params(true), b.view(Want::all), KernelOptions{16, 1});
  trustscore::score_batch(small.ev(), small.params(true), c.view(Want::all));
  CHECK(a == b);
  CHECK(a == c);
}

TEST_CASE("the float instantiation compiles and is close to double", "[kernel][float]") {
  const std::int64_t n = 2049;
  const std::size_t F = 9;
  const Input in(n, F, 77);
  // The same inputs rounded to float; the double reference runs on the
  // rounded values so that only the arithmetic differs.
  std::vector<std::vector<float>> rf(F), sf(F);
  std::vector<std::vector<double>> rd(F), sd(F);
  std::vector<const float*> posf, negf;
  std::vector<const double*> posd, negd;
  std::vector<float> wf, af, Wf, df;
  std::vector<double> wd, ad, Wd, dd;
  for (std::size_t f = 0; f < F; ++f) {
    for (std::int64_t e = 0; e < n; ++e) {
      rf[f].push_back(static_cast<float>(in.r[f][static_cast<std::size_t>(e)]));
      sf[f].push_back(static_cast<float>(in.s[f][static_cast<std::size_t>(e)]));
      rd[f].push_back(rf[f].back());
      sd[f].push_back(sf[f].back());
    }
    posf.push_back(rf[f].data());
    negf.push_back(sf[f].data());
    posd.push_back(rd[f].data());
    negd.push_back(sd[f].data());
    wf.push_back(static_cast<float>(in.weight[f]));
    af.push_back(static_cast<float>(in.base_rate[f]));
    Wf.push_back(static_cast<float>(in.prior_weight[f]));
    df.push_back(static_cast<float>(in.decay[f]));
    wd.push_back(wf.back());
    ad.push_back(af.back());
    Wd.push_back(Wf.back());
    dd.push_back(df.back());
  }
  const EvidenceColumns<float> evf{n, F, posf.data(), negf.data()};
  const KernelParams<float> pf{wf.data(), af.data(), Wf.data(), df.data(), float(z95)};
  const EvidenceColumns<double> evd{n, F, posd.data(), negd.data()};
  const KernelParams<double> pd{wd.data(), ad.data(), Wd.data(), dd.data(), double(float(z95))};

  Outputs<double> ref(n, F);
  trustscore::score_reference(evd, pd, ref.view(Want::all));
  Outputs<float> fast(n, F), scalar(n, F);
  trustscore::score_batch(evf, pf, fast.view(Want::all), KernelOptions{2, 256});
  trustscore::score_reference(evf, pf, scalar.view(Want::all));
  CHECK(trustscore::baseline(pf, F) == Approx(trustscore::baseline(pd, F)).margin(1e-6));
  int bad = 0;
  const auto near = [&](float x, double y) {
    if (!(std::abs(static_cast<double>(x) - y) <= 1e-5)) ++bad;
  };
  for (std::size_t e = 0; e < static_cast<std::size_t>(n); ++e) {
    for (const Outputs<float>* o : {&fast, &scalar}) {
      near(o->score[e], ref.score[e]);
      near(o->lower[e], ref.lower[e]);
      near(o->upper[e], ref.upper[e]);
      for (std::size_t f = 0; f < F; ++f) {
        near(o->contributions[e * F + f], ref.contributions[e * F + f]);
        near(o->gains[e * F + f], ref.gains[e * F + f]);
      }
    }
  }
  CHECK(bad == 0);
}

TEST_CASE("kernel argument errors", "[kernel][errors]") {
  const Input in(10, 3, 5);
  Outputs<double> out(10, 3);
  const auto status = [&](EvidenceColumns<double> ev, KernelParams<double> p, int threads = 1) {
    return tstest::outcome_of(
               [&] { trustscore::score_batch(ev, p, out.view(Want::all), KernelOptions{threads}); })
        .status;
  };
  const auto ref_status = [&](EvidenceColumns<double> ev, KernelParams<double> p) {
    return tstest::outcome_of([&] { trustscore::score_reference(ev, p, out.view(Want::all)); })
        .status;
  };
  auto ev = in.ev();
  auto p = in.params(true);
  CHECK(status(ev, p) == Status::ok);
  CHECK(status(ev, p, -1) == Status::invalid_argument);
  for (int k = 0; k < 7; ++k) {
    INFO("case " << k);
    auto bad_ev = ev;
    auto bad_p = p;
    switch (k) {
      case 0:
        bad_ev.entities = -1;
        break;
      case 1:
        bad_ev.factors = 0;
        break;
      case 2:
        bad_ev.positive = nullptr;
        break;
      case 3:
        bad_ev.negative = nullptr;
        break;
      case 4:
        bad_p.weight = nullptr;
        break;
      case 5:
        bad_p.base_rate = nullptr;
        break;
      case 6:
        bad_p.prior_weight = nullptr;
        break;
    }
    CHECK(status(bad_ev, bad_p) == Status::invalid_argument);
    CHECK(ref_status(bad_ev, bad_p) == Status::invalid_argument);
  }
  // No entities: null columns are fine.
  EvidenceColumns<double> empty{0, 3, nullptr, nullptr};
  CHECK(status(empty, p) == Status::ok);
  CHECK(ref_status(empty, p) == Status::ok);
}

TEST_CASE("no factor weighs: score 0 and no best lever", "[kernel]") {
  const Input in(600, 3, 8);
  const double zero_w[] = {0, 0, 0};
  KernelParams<double> p = in.params(false);
  p.weight = zero_w;
  Outputs<double> ref(600, 3), fast(600, 3);
  trustscore::score_reference(in.ev(), p, ref.view(Want::all));
  trustscore::score_batch(in.ev(), p, fast.view(Want::all));
  for (std::size_t e = 0; e < 600; ++e) {
    if (ref.best_lever[e] != -1 || fast.best_lever[e] != -1 || fast.score[e] != 0 ||
        ref.score[e] != 0)
      FAIL("entity " << e);
  }
  SUCCEED();
}

TEST_CASE("extreme evidence takes the exact path and still equals the reference",
          "[kernel][guard]") {
  // The fast path multiplies the n (n + 1) of a group of factors; a guard
  // sends blocks whose products near overflow or underflow to the exact path.
  // Blocks here mix ordinary entities with huge masses (up to 1e300), and
  // parameters include tiny prior weights, so both paths and the switch
  // between them run; the results must match the reference everywhere.
  const std::int64_t n = 4 * 512 + 37;
  for (int variant = 0; variant < 4; ++variant) {
    for (std::size_t F : {std::size_t{9}, std::size_t{5}}) {
      Input in(n, F, 1234 + static_cast<std::uint64_t>(variant) * 7 + F);
      std::mt19937_64 rng(static_cast<std::uint64_t>(variant) + F);
      std::uniform_real_distribution<double> unit(0, 1);
      for (std::size_t f = 0; f < F; ++f)
        for (std::int64_t e = 0; e < n; ++e) {
          const auto E = static_cast<std::size_t>(e);
          const bool block1 = e / 512 == 1, block3 = e / 512 == 3;
          if ((variant == 0 && block1 && unit(rng) < 0.02) || (variant == 1 && block3))
            in.r[f][E] = std::pow(10.0, 100 + 200 * unit(rng));  // 1e100 .. 1e300
          if (variant == 1 && block3 && unit(rng) < 0.5) in.s[f][E] = 1e300 * unit(rng);
        }
      if (variant == 2)  // tiny prior weights: products underflow, no fast path at all
        for (std::size_t f = 0; f < F; ++f) in.prior_weight[f] = f % 2 ? 1e-120 : 1e-3;
      if (variant == 3)  // tiny decay on one factor, huge prior weight on another
        in.decay[1] = 1e-300, in.prior_weight[F - 1] = 1e40;
      for (bool with_decay : {false, true}) {
        INFO("variant " << variant << ", F = " << F << ", decay " << with_decay);
        Outputs<double> ref(n, F), fast(n, F), threaded(n, F);
        trustscore::score_reference(in.ev(), in.params(with_decay), ref.view(Want::all));
        trustscore::score_batch(in.ev(), in.params(with_decay), fast.view(Want::all),
                                KernelOptions{1});
        CHECK(compare(in, with_decay, ref, fast, Want::all) == 0);
        trustscore::score_batch(in.ev(), in.params(with_decay), threaded.view(Want::all),
                                KernelOptions{3, 1});
        CHECK(threaded == fast);
        int not_finite = 0;
        for (std::size_t e = 0; e < static_cast<std::size_t>(n); ++e)
          if (!std::isfinite(fast.score[e]) || !std::isfinite(fast.lower[e]) ||
              !std::isfinite(fast.upper[e]))
            ++not_finite;
        CHECK(not_finite == 0);
      }
    }
  }
}

TEST_CASE("the kernel picks its instruction set from the CPU and TRUSTSCORE_KERNEL", "[kernel]") {
  // The suite runs once more with TRUSTSCORE_KERNEL=portable and once with
  // avx2, to cover those paths on a machine that has AVX-512 (the choice is
  // made once per process). The variable caps the choice; it never picks a
  // path the CPU lacks.
  using trustscore::detail::Isa;
  const char* forced = std::getenv("TRUSTSCORE_KERNEL");
  const std::string cap = forced ? forced : "";
  const auto isa = trustscore::detail::kernel_isa();
  CHECK(isa == trustscore::detail::kernel_isa());  // stable within the process
  Isa best = Isa::portable;
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
  if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
    best = __builtin_cpu_supports("avx512f") ? Isa::avx512 : Isa::avx2;
#endif
  if (cap == "portable")
    CHECK(isa == Isa::portable);
  else if (cap == "avx2")
    CHECK(isa == (best == Isa::portable ? Isa::portable : Isa::avx2));
  else
    CHECK(isa == best);
  CHECK(std::string(trustscore::detail::isa_name(isa)) == (isa == Isa::avx512 ? "avx512"
                                                           : isa == Isa::avx2 ? "avx2"
                                                                              : "portable"));
}
