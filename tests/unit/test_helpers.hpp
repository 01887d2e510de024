// Helpers shared by the unit tests: catching trustscore::Error, snapshots of
// an evidence store (to prove that failed calls change nothing) and
// tolerance checks with the scale they are relative to written out.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"

namespace tstest {

// Constants of several test files, defined once: the unit tests compile as a
// unity build, where two files' file-local definitions of one name collide.
inline constexpr double day = 86400.0;  // seconds
inline const double kNaN = std::numeric_limits<double>::quiet_NaN();
inline const double kInf = std::numeric_limits<double>::infinity();
// The normal quantile of a two-sided 95% interval.
inline constexpr double z95 = 1.959963984540054;
// 2024-01-01 is 54 years after 1970 with 13 leap days (1972, 1976, ..., 2020):
// 54 * 365 + 13 = 19723 days = 1704067200 s. Adding January (31) and the
// leap February (29) gives 2024-03-01 = 19783 days = 1709251200 s.
inline constexpr double jan_1_2024 = 1704067200.0;
inline constexpr double mar_1_2024 = 1709251200.0;

// What f() threw: its Status and message, or Status::ok and "" if nothing.
struct Outcome {
  trustscore::Status status = trustscore::Status::ok;
  std::string message;
  bool contains(const std::string& s) const { return message.find(s) != std::string::npos; }
};

template <class F>
Outcome outcome_of(F&& f) {
  try {
    f();
  } catch (const trustscore::Error& e) {
    return {e.status(), e.what()};
  }
  return {};
}

inline bool same_double(double a, double b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

// Everything observable about a store; equal snapshots mean "unchanged".
struct StoreSnapshot {
  std::vector<std::string> ids;
  std::int64_t signals = 0;
  double reference_time = 0, latest_time = 0;
  std::vector<std::vector<double>> r, s, levels;
  std::vector<std::int64_t> counts;  // per cell, factor-major

  explicit StoreSnapshot(const trustscore::EvidenceStore& store)
      : ids(store.entity_ids()),
        signals(store.signal_count()),
        reference_time(store.reference_time()),
        latest_time(store.latest_time()) {
    for (std::size_t f = 0; f < store.factor_count(); ++f) {
      const double* rp = store.positive_column(f);
      const double* sp = store.negative_column(f);
      r.emplace_back(rp, rp + store.entity_count());
      s.emplace_back(sp, sp + store.entity_count());
      for (std::size_t e = 0; e < store.entity_count(); ++e)
        counts.push_back(store.cell_signal_count(e, f));
      for (std::size_t l = 0; l < store.level_utilities().size(); ++l) {
        const double* lp = store.level_column(f, l);
        levels.emplace_back(lp, lp + store.entity_count());
      }
    }
  }

  bool operator==(const StoreSnapshot& o) const {
    return ids == o.ids && signals == o.signals && same_double(reference_time, o.reference_time) &&
           same_double(latest_time, o.latest_time) && r == o.r && s == o.s && levels == o.levels &&
           counts == o.counts;
  }
};

// |a - b| <= rel * max(|a|, |b|, scale): relative to the operands, or to the
// magnitude `scale` of the terms a result was computed from where it comes
// out of a cancellation (a difference of two O(scale) numbers).
inline bool close(double a, double b, double rel, double scale = 0) {
  if (a == b) return true;
  const double m = std::max({std::abs(a), std::abs(b), std::abs(scale)});
  return std::abs(a - b) <= rel * m;
}

// n rows of f uniform features (row-major) and labels drawn from σ(b + w·x):
// data for the learned-weight and calibration tests.
struct LabelledRows {
  std::vector<double> x, y;
  std::int64_t n = 0, f = 0;
};

inline LabelledRows labelled_rows(std::uint64_t seed, std::int64_t n, const std::vector<double>& w,
                                  double b) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  LabelledRows d;
  d.n = n;
  d.f = static_cast<std::int64_t>(w.size());
  for (std::int64_t i = 0; i < n; ++i) {
    double z = b;
    for (double wj : w) {
      d.x.push_back(u(rng));
      z += wj * d.x.back();
    }
    d.y.push_back(u(rng) < 1 / (1 + std::exp(-z)) ? 1 : 0);
  }
  return d;
}

}  // namespace tstest
