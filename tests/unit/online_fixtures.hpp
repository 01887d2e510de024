// Helpers of the online-use tests (chosen entities, retraction): a model of
// each kind with decay, random signals, and scores compared bit for bit.
#pragma once

#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "evidence_signals.hpp"
#include "trustscore/trustscore.hpp"

namespace tstest::online {

using evidence::day;
using evidence::Signals;
using evidence::T0;

// A model of `kind` with the built-in factors and their own half-lives;
// logistic gets weights of both signs.
inline trustscore::Model model_of(trustscore::ModelKind kind) {
  trustscore::Model m;
  trustscore::ModelSettings s;
  s.kind = kind;
  if (kind == trustscore::ModelKind::logistic) {
    s.logistic_weights = {1.5, -2, 0.5, 3, 0, -0.25, 1, 2, -1};
    s.logistic_bias = -0.75;
  }
  m.set_settings(s);
  return m;
}

// n random signals on `entities` entities (ids "e0", "e1", ...), over a
// year; weights 0.5..2, credibility 0.5..1, values on the rating scale.
inline Signals random_signals(std::uint64_t seed, std::size_t n, std::size_t entities,
                              std::size_t factors) {
  std::mt19937_64 rng(seed);
  std::uniform_int_distribution<std::size_t> entity(0, entities - 1);
  std::uniform_int_distribution<std::int32_t> factor(0, static_cast<std::int32_t>(factors) - 1);
  std::uniform_int_distribution<int> stars(0, 4);
  std::uniform_real_distribution<double> u(0, 1);
  Signals s;
  for (std::size_t i = 0; i < n; ++i)
    s.push("e" + std::to_string(entity(rng)), factor(rng), stars(rng) / 4.0, 0.5 + 1.5 * u(rng),
           T0 + 365 * day * u(rng), 0.5 + 0.5 * u(rng));
  return s;
}

// Signals [begin, end) of s as one batch (entities by id in s.ids).
inline trustscore::SignalBatch batch_of(const Signals& s, std::size_t begin, std::size_t end) {
  trustscore::SignalBatch b;
  b.size = static_cast<std::int64_t>(end - begin);
  b.factor = s.factor.data() + begin;
  b.value = s.value.data() + begin;
  b.weight = s.weight.data() + begin;
  b.time = s.time.data() + begin;
  b.credibility = s.credibility.data() + begin;
  return b;
}

inline void retract(trustscore::EvidenceStore& store, const Signals& s, std::size_t begin,
                    std::size_t end) {
  store.retract(s.ids.data() + begin, batch_of(s, begin, end));
}

// Every output of a score call, to compare two calls bit for bit.
inline bool same_scores(const trustscore::Scores& a, const trustscore::Scores& b) {
  const auto same = [](const std::vector<double>& x, const std::vector<double>& y) {
    if (x.size() != y.size()) return false;
    for (std::size_t i = 0; i < x.size(); ++i)
      if (!same_double(x[i], y[i])) return false;
    return true;
  };
  return same(a.score, b.score) && same(a.lower, b.lower) && same(a.upper, b.upper) &&
         same(a.contributions, b.contributions) && same(a.gains, b.gains) &&
         a.best_lever == b.best_lever && same_double(a.baseline, b.baseline);
}

// Rows `rows` of whole-store scores, as a chosen-entity call returns them.
inline trustscore::Scores rows_of(const trustscore::Scores& all,
                                  const std::vector<std::int64_t>& rows) {
  trustscore::Scores s;
  static_cast<trustscore::ScoreSummary&>(s) = all;
  s.entities = rows.size();
  s.factors = all.factors;
  for (std::int64_t e : rows) {
    const auto u = static_cast<std::size_t>(e);
    s.score.push_back(all.score[u]);
    s.lower.push_back(all.lower[u]);
    s.upper.push_back(all.upper[u]);
    if (all.best_lever.empty()) continue;
    s.best_lever.push_back(all.best_lever[u]);
    for (std::size_t f = 0; f < all.factors; ++f) {
      s.contributions.push_back(all.contributions[u * all.factors + f]);
      s.gains.push_back(all.gains[u * all.factors + f]);
    }
  }
  return s;
}

}  // namespace tstest::online
