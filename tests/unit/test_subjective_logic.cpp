// Subjective Logic opinions (kinds/subjective_logic.hpp) against hand-computed values and
// against the evidence view: cumulative fusion adds Beta evidence, averaging fusion averages it.
// Also the limit cases (dogmatic, vacuous), discounting, b + d + u = 1 on every result, and
// every error path.
#include <catch2/catch.hpp>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/kinds/beta.hpp"
#include "trustscore/kinds/subjective_logic.hpp"

using trustscore::Error;
using trustscore::Status;
using trustscore::subjective_logic::averaging_fusion;
using trustscore::subjective_logic::cumulative_fusion;
using trustscore::subjective_logic::discount;
using trustscore::subjective_logic::Evidence;
using trustscore::subjective_logic::from_evidence;
using trustscore::subjective_logic::to_evidence;
using trustscore::subjective_logic::vacuous;
using trustscore::subjective_logic::validate;
using Op = trustscore::subjective_logic::Opinion<double>;
using Catch::Contains;

namespace {

Approx near(double x) { return Approx(x).epsilon(0).margin(1e-12); }

void check_same(const Op& got, const Op& want) {
  CHECK(got.belief == near(want.belief));
  CHECK(got.disbelief == near(want.disbelief));
  CHECK(got.uncertainty == near(want.uncertainty));
  CHECK(got.base_rate == near(want.base_rate));
}

// A valid opinion with b + d + u = 1: a result must be usable as the next input.
void check_valid(const Op& o) {
  CHECK_NOTHROW(validate(o));
  CHECK(o.belief + o.disbelief + o.uncertainty == near(1.0));
}

}  // namespace

TEST_CASE("opinion from evidence and back", "[subjective_logic]") {
  SECTION("r = 8, s = 2, a = 0.5, W = 2") {
    // n = 8 + 2 + 2 = 12; b = 8/12, d = 2/12, u = 2/12; P = 8/12 + 0.5 * 2/12 = 9/12 = 0.75.
    const Op o = from_evidence(8.0, 2.0, 0.5, 2.0);
    check_same(o, {8.0 / 12, 2.0 / 12, 2.0 / 12, 0.5});
    CHECK(o.projected() == near(0.75));
    // r = W b / u = 2 * (8/12) / (2/12) = 8; s = 2 * (2/12) / (2/12) = 2.
    const Evidence<double> e = to_evidence(o, 2.0);
    CHECK(e.r == near(8.0));
    CHECK(e.s == near(2.0));
  }
  SECTION("no evidence is the vacuous opinion, projected = base rate") {
    check_same(from_evidence(0.0, 0.0, 0.3, 2.0), vacuous(0.3));
    CHECK(from_evidence(0.0, 0.0, 0.3, 2.0).projected() == near(0.3));
  }
  SECTION("projected probability = Beta mean (r + aW) / (r + s + W) of beta.hpp") {
    std::mt19937_64 rng(7);
    std::uniform_real_distribution<double> ev(0.0, 50.0), unit(0.0, 1.0), w(0.5, 10.0);
    for (int i = 0; i < 200; ++i) {
      const double r = ev(rng), s = ev(rng), a = unit(rng), W = w(rng);
      const Op o = from_evidence(r, s, a, W);
      CHECK(o.projected() == near(trustscore::beta::cell_trust(r, s, a, W).p));
      CHECK(o.uncertainty == near(trustscore::beta::cell_trust(r, s, a, W).u));
      const Evidence<double> e = to_evidence(o, W);
      CHECK(e.r == Approx(r).epsilon(1e-12).margin(1e-12));
      CHECK(e.s == Approx(s).epsilon(1e-12).margin(1e-12));
    }
  }
  SECTION("a dogmatic opinion stands for infinite evidence, never 0/0") {
    const double inf = std::numeric_limits<double>::infinity();
    const Evidence<double> all_pos = to_evidence(Op{1, 0, 0, 0.5}, 2.0);
    CHECK(all_pos.r == inf);
    CHECK(all_pos.s == 0.0);
    const Evidence<double> mixed = to_evidence(Op{0.3, 0.7, 0, 0.5}, 2.0);
    CHECK(mixed.r == inf);
    CHECK(mixed.s == inf);
  }
  SECTION("float works too") {
    const auto o = from_evidence(8.0f, 2.0f, 0.5f, 2.0f);
    CHECK(o.projected() == Approx(0.75f));
  }
}

TEST_CASE("cumulative fusion", "[subjective_logic]") {
  const Op A{0.6, 0.2, 0.2, 0.5}, B{0.3, 0.3, 0.4, 0.8};
  SECTION("hand-computed, eq. 12.18") {
    // kappa = 0.2 + 0.4 - 0.2*0.4 = 0.52
    // b = (0.6*0.4 + 0.3*0.2) / 0.52 = 0.30/0.52 = 15/26;  u = 0.08/0.52 = 4/26
    // d = 1 - 15/26 - 4/26 = 7/26  (= (0.2*0.4 + 0.3*0.2)/0.52 = 0.14/0.52)
    // a = (0.5*0.4 + 0.8*0.2 - 1.3*0.08) / (0.2 + 0.4 - 2*0.08) = 0.256/0.44 = 32/55
    // Evidence view, W = 2: A is r = 6, s = 2; B is r = 1.5, s = 1.5; sum r = 7.5, s = 3.5,
    // n = 13: b = 7.5/13 = 15/26, u = 2/13 = 4/26.
    check_same(cumulative_fusion(A, B), {15.0 / 26, 7.0 / 26, 4.0 / 26, 32.0 / 55});
    check_same(cumulative_fusion(B, A), cumulative_fusion(A, B));
  }
  SECTION("adds evidence: fuse(ev(r1, s1), ev(r2, s2)) = ev(r1 + r2, s1 + s2)") {
    std::mt19937_64 rng(11);
    std::uniform_real_distribution<double> ev(0.0, 40.0), unit(0.0, 1.0), w(0.5, 10.0);
    for (int i = 0; i < 200; ++i) {
      const double r1 = ev(rng), s1 = ev(rng), r2 = ev(rng), s2 = ev(rng), r3 = ev(rng),
                   s3 = ev(rng), a = unit(rng), W = w(rng);
      const Op o1 = from_evidence(r1, s1, a, W), o2 = from_evidence(r2, s2, a, W),
               o3 = from_evidence(r3, s3, a, W);
      check_same(cumulative_fusion(o1, o2), from_evidence(r1 + r2, s1 + s2, a, W));
      // Three sources with the n-ary version, and the fold agrees (associative here).
      const Op want3 = from_evidence(r1 + r2 + r3, s1 + s2 + s3, a, W);
      check_same(cumulative_fusion(std::vector<Op>{o1, o2, o3}), want3);
      check_same(cumulative_fusion(cumulative_fusion(o1, o2), o3), want3);
      check_same(cumulative_fusion(o1, cumulative_fusion(o2, o3)), want3);
    }
  }
  SECTION("n-ary with two sources equals the binary operator, base rate included") {
    check_same(cumulative_fusion(std::vector<Op>{A, B}), cumulative_fusion(A, B));
    const Op C{0.1, 0.5, 0.4, 0.2};
    // Different base rates: the fold is still associative (evidence-weighted base rates).
    check_same(cumulative_fusion(std::vector<Op>{A, B, C}),
               cumulative_fusion(cumulative_fusion(A, B), C));
    check_same(cumulative_fusion(std::vector<Op>{A, B, C}),
               cumulative_fusion(A, cumulative_fusion(C, B)));
    check_same(cumulative_fusion(std::vector<Op>{A}), A);
  }
  SECTION("the vacuous opinion is the neutral element") {
    check_same(cumulative_fusion(vacuous(0.5), B), B);
    check_same(cumulative_fusion(A, vacuous(0.1)), A);
    check_same(cumulative_fusion(std::vector<Op>{vacuous(0.9), A, vacuous(0.0)}), A);
    // Both vacuous: no evidence weighs the base rates, so they are averaged.
    check_same(cumulative_fusion(vacuous(0.2), vacuous(0.6)), vacuous(0.4));
    check_same(cumulative_fusion(std::vector<Op>{vacuous(0.2), vacuous(0.6), vacuous(0.7)}),
               vacuous(0.5));
  }
  SECTION("dogmatic sources") {
    const Op D1{0.9, 0.1, 0, 0.4}, D2{0.5, 0.5, 0, 0.6}, D3{0.1, 0.9, 0, 0.2};
    // Both dogmatic, gamma = 1/2: b = (0.9 + 0.5)/2 = 0.7, d = 0.3, u = 0, a = 0.5.
    check_same(cumulative_fusion(D1, D2), {0.7, 0.3, 0, 0.5});
    // One dogmatic: b = (0.9*0.4 + 0.3*0)/(0 + 0.4 - 0) = 0.9, u = 0,
    // a = (0.4*0.4 + 0.8*0 - 1.2*0)/(0.4) = 0.4: the dogmatic opinion wins.
    check_same(cumulative_fusion(D1, B), D1);
    check_same(cumulative_fusion(B, D1), D1);
    // n-ary: dogmatic sources averaged alike, the others ignored:
    // b = (0.9 + 0.5 + 0.1)/3 = 0.5, d = 0.5, a = (0.4 + 0.6 + 0.2)/3 = 0.4.
    // (The fold would give ((0.9 + 0.5)/2 + 0.1)/2 = 0.4: order-dependent.)
    check_same(cumulative_fusion(std::vector<Op>{D1, A, D2, D3}), {0.5, 0.5, 0, 0.4});
    check_same(cumulative_fusion(std::vector<Op>{D3, D2, A, D1}), {0.5, 0.5, 0, 0.4});
    check_same(cumulative_fusion(std::vector<Op>{D1, D2}), cumulative_fusion(D1, D2));
    CHECK(cumulative_fusion(cumulative_fusion(D1, D2), D3).belief == near(0.4));
  }
  SECTION("nearly dogmatic sources do not overflow or underflow") {
    std::vector<Op> tiny(300, Op{0.5, 0.5 - 1e-300, 1e-300, 0.5});
    const Op o = cumulative_fusion(tiny);
    check_valid(o);
    CHECK(o.belief == near(0.5));
    CHECK(o.uncertainty > 0.0);  // 1e-300 / 300 (about), not 0
    CHECK(o.uncertainty < 1e-302);
  }
}

TEST_CASE("averaging fusion", "[subjective_logic]") {
  const Op A{0.6, 0.2, 0.2, 0.5}, B{0.3, 0.3, 0.4, 0.8}, C{0.1, 0.5, 0.4, 0.2};
  SECTION("hand-computed") {
    // u_A + u_B = 0.6; b = (0.6*0.4 + 0.3*0.2)/0.6 = 0.30/0.6 = 1/2;
    // u = 2*0.08/0.6 = 4/15; d = 1 - 1/2 - 4/15 = 7/30 (= (0.2*0.4 + 0.3*0.2)/0.6 = 0.14/0.6);
    // a = (0.5 + 0.8)/2 = 0.65.
    // Evidence view, W = 2: mean r = (6 + 1.5)/2 = 3.75, s = (2 + 1.5)/2 = 1.75, n = 7.5:
    // b = 3.75/7.5 = 1/2, u = 2/7.5 = 4/15.
    check_same(averaging_fusion(A, B), {0.5, 7.0 / 30, 4.0 / 15, 0.65});
    check_same(averaging_fusion(B, A), averaging_fusion(A, B));
  }
  SECTION("idempotent: fusing an opinion with itself returns it") {
    check_same(averaging_fusion(A, A), A);
    check_same(averaging_fusion(std::vector<Op>{B, B, B}), B);
    check_same(averaging_fusion(vacuous(0.3), vacuous(0.3)), vacuous(0.3));
  }
  SECTION("averages evidence: fuse(ev(r1, s1), ev(r2, s2)) = ev((r1 + r2)/2, (s1 + s2)/2)") {
    // With u_i = W/n_i, b_i = r_i/n_i: b = (r1 + r2) W/(n1 n2) / (W (n1 + n2)/(n1 n2))
    // = (r1 + r2)/(n1 + n2) and u = 2W/(n1 + n2); ev((r1 + r2)/2, (s1 + s2)/2) has
    // n = (n1 + n2)/2, so the same b and u. For n sources: b = Σr/Σn, u = N W/Σn.
    std::mt19937_64 rng(13);
    std::uniform_real_distribution<double> ev(0.0, 40.0), unit(0.0, 1.0), w(0.5, 10.0);
    for (int i = 0; i < 200; ++i) {
      const double r1 = ev(rng), s1 = ev(rng), r2 = ev(rng), s2 = ev(rng), r3 = ev(rng),
                   s3 = ev(rng), a = unit(rng), W = w(rng);
      const Op o1 = from_evidence(r1, s1, a, W), o2 = from_evidence(r2, s2, a, W),
               o3 = from_evidence(r3, s3, a, W);
      check_same(averaging_fusion(o1, o2), from_evidence((r1 + r2) / 2, (s1 + s2) / 2, a, W));
      check_same(averaging_fusion(std::vector<Op>{o1, o2}), averaging_fusion(o1, o2));
      check_same(averaging_fusion(std::vector<Op>{o1, o2, o3}),
                 from_evidence((r1 + r2 + r3) / 3, (s1 + s2 + s3) / 3, a, W));
    }
  }
  SECTION("n sources: the n-source formula, not a fold") {
    // Π_{j≠i} u_j: A 0.4*0.4 = 0.16, B 0.2*0.4 = 0.08, C 0.08; Σ = 0.32; Π u = 0.032.
    // b = (0.6*0.16 + 0.3*0.08 + 0.1*0.08)/0.32 = 0.128/0.32 = 0.4; u = 3*0.032/0.32 = 0.3;
    // d = 0.3; a = (0.5 + 0.8 + 0.2)/3 = 0.5.
    const Op want{0.4, 0.3, 0.3, 0.5};
    check_same(averaging_fusion(std::vector<Op>{A, B, C}), want);
    check_same(averaging_fusion(std::vector<Op>{C, A, B}), want);
    check_same(averaging_fusion(std::vector<Op>{A, B}), averaging_fusion(A, B));
    // The fold: (1/2, 7/30, 4/15) with C: b = (0.5*0.4 + 0.1*4/15)/(4/15 + 0.4) = 0.34.
    CHECK(averaging_fusion(averaging_fusion(A, B), C).belief == near(0.34));
  }
  SECTION("dogmatic sources") {
    const Op D1{0.9, 0.1, 0, 0.4}, D2{0.5, 0.5, 0, 0.6};
    // Both dogmatic: b = 0.7, d = 0.3, u = 0, a = 0.5.
    check_same(averaging_fusion(D1, D2), {0.7, 0.3, 0, 0.5});
    // One dogmatic: b = (0.9*0.4 + 0.3*0)/(0 + 0.4) = 0.9, u = 0; a = (0.4 + 0.8)/2 = 0.6.
    check_same(averaging_fusion(D1, B), {0.9, 0.1, 0, 0.6});
    check_same(averaging_fusion(std::vector<Op>{D1, B}), averaging_fusion(D1, B));
    // n-ary: b, d from the dogmatic ones only; a = mean of all = (0.5+0.4+0.8+0.6)/4 = 0.575.
    check_same(averaging_fusion(std::vector<Op>{A, D1, B, D2}), {0.7, 0.3, 0, 0.575});
  }
}

TEST_CASE("trust discounting", "[subjective_logic]") {
  const Op x{0.6, 0.2, 0.2, 0.5};
  SECTION("hand-computed, c = 0.8") {
    // b = 0.8*0.6 = 0.48, d = 0.8*0.2 = 0.16, u = 1 - 0.8*(0.6 + 0.2) = 0.36, a = 0.5.
    check_same(discount(0.8, x), {0.48, 0.16, 0.36, 0.5});
    // Trust opinion (0.7, 0.1, 0.2, a = 0.5): P = 0.7 + 0.5*0.2 = 0.8, the same credibility.
    check_same(discount(Op{0.7, 0.1, 0.2, 0.5}, x), {0.48, 0.16, 0.36, 0.5});
  }
  SECTION("c = 1 keeps the opinion, c = 0 leaves the vacuous opinion") {
    check_same(discount(1.0, x), x);
    check_same(discount(1, x), x);
    check_same(discount(0.0, x), vacuous(0.5));
    check_same(discount(Op{1, 0, 0, 0.5}, x), x);             // full trust: P = 1
    check_same(discount(Op{0, 1, 0, 0.5}, x), vacuous(0.5));  // full distrust: P = 0
  }
}

TEST_CASE("every result is a valid opinion with b + d + u = 1", "[subjective_logic]") {
  std::mt19937_64 rng(17);
  std::uniform_real_distribution<double> unit(0.0, 1.0);
  const auto random_opinion = [&] {
    const double kind = unit(rng);
    if (kind < 0.1) return vacuous(unit(rng));
    const double b = unit(rng), d = (1 - b) * unit(rng);
    if (kind < 0.2) return Op{b, 1 - b, 0, unit(rng)};  // dogmatic
    return Op{b, d, 1 - b - d, unit(rng)};
  };
  for (int i = 0; i < 500; ++i) {
    const Op A = random_opinion(), B = random_opinion(), C = random_opinion();
    check_valid(cumulative_fusion(A, B));
    check_valid(averaging_fusion(A, B));
    check_valid(cumulative_fusion(std::vector<Op>{A, B, C}));
    check_valid(averaging_fusion(std::vector<Op>{A, B, C}));
    check_valid(discount(unit(rng), A));
    check_valid(discount(B, A));
  }
}

TEST_CASE("bad input throws trustscore::Error naming the value", "[subjective_logic]") {
  const Op ok{0.6, 0.2, 0.2, 0.5};
  SECTION("opinions") {
    REQUIRE_THROWS_AS(validate(Op{1.5, 0, 0, 0.5}), Error);
    REQUIRE_THROWS_WITH(validate(Op{1.5, 0, 0, 0.5}), Contains("belief") && Contains("1.5"));
    REQUIRE_THROWS_WITH(validate(Op{0.5, -0.1, 0.6, 0.5}), Contains("disbelief"));
    REQUIRE_THROWS_WITH(validate(Op{0.5, 0.5, std::nan(""), 0.5}), Contains("uncertainty"));
    REQUIRE_THROWS_WITH(validate(Op{0.5, 0.5, 0.5, 0.5}), Contains("sum to 1"));
    REQUIRE_THROWS_WITH(validate(Op{0.5, 0.5, 1e-8, 0.5}), Contains("sum to 1"));
    REQUIRE_NOTHROW(validate(Op{0.5, 0.5, 1e-10, 0.5}));  // within 1e-9
    REQUIRE_THROWS_WITH(validate(Op{0.5, 0.5, 0, 1.2}), Contains("base rate"));
    try {
      validate(Op{2, 0, 0, 0.5});
      FAIL("no throw");
    } catch (const Error& e) {
      CHECK(e.status() == Status::invalid_argument);
    }
  }
  SECTION("evidence") {
    const double inf = std::numeric_limits<double>::infinity();
    REQUIRE_THROWS_AS(from_evidence(-1.0, 2.0, 0.5, 2.0), Error);
    REQUIRE_THROWS_WITH(from_evidence(-1.0, 2.0, 0.5, 2.0), Contains("evidence r"));
    REQUIRE_THROWS_WITH(from_evidence(1.0, inf, 0.5, 2.0), Contains("evidence s"));
    REQUIRE_THROWS_WITH(from_evidence(1.0, std::nan(""), 0.5, 2.0), Contains("evidence s"));
    REQUIRE_THROWS_WITH(from_evidence(1.0, 2.0, -0.5, 2.0), Contains("base rate"));
    REQUIRE_THROWS_WITH(from_evidence(1.0, 2.0, 0.5, 0.0), Contains("prior weight"));
    REQUIRE_THROWS_WITH(from_evidence(1.0, 2.0, 0.5, inf), Contains("prior weight"));
    REQUIRE_THROWS_WITH(to_evidence(ok, -2.0), Contains("prior weight"));
    REQUIRE_THROWS_WITH(to_evidence(Op{0.6, 0.6, 0.2, 0.5}, 2.0), Contains("sum to 1"));
  }
  SECTION("fusion") {
    const Op bad{0.5, 0.5, 0.5, 0.5};
    REQUIRE_THROWS_AS(cumulative_fusion(ok, bad), Error);
    REQUIRE_THROWS_WITH(cumulative_fusion(ok, bad), Contains("opinion B"));
    REQUIRE_THROWS_WITH(cumulative_fusion(bad, ok), Contains("opinion A"));
    REQUIRE_THROWS_WITH(averaging_fusion(ok, bad), Contains("opinion B"));
    const std::vector<Op> none;  // (a named empty vector: a `{}` temporary trips GCC 12's
                                 // -Warray-bounds at -O3 through the inlined loops)
    REQUIRE_THROWS_WITH(cumulative_fusion(none), Contains("at least one"));
    REQUIRE_THROWS_WITH(averaging_fusion(none), Contains("at least one"));
    REQUIRE_THROWS_WITH(cumulative_fusion(static_cast<const Op*>(nullptr), 2), Contains("null"));
    REQUIRE_THROWS_WITH(cumulative_fusion(std::vector<Op>{ok, bad}), Contains("opinion 1"));
    REQUIRE_THROWS_WITH(averaging_fusion(std::vector<Op>{ok, ok, bad}), Contains("opinion 2"));
  }
  SECTION("discounting") {
    REQUIRE_THROWS_AS(discount(1.5, ok), Error);
    REQUIRE_THROWS_WITH(discount(1.5, ok), Contains("credibility") && Contains("1.5"));
    REQUIRE_THROWS_WITH(discount(-0.1, ok), Contains("credibility"));
    REQUIRE_THROWS_WITH(discount(std::nan(""), ok), Contains("credibility"));
    REQUIRE_THROWS_WITH(discount(0.5, Op{0.5, 0.5, 0.5, 0.5}), Contains("opinion x"));
    REQUIRE_THROWS_WITH(discount(Op{0.5, 0.5, 0.5, 0.5}, ok), Contains("trust opinion"));
  }
}
