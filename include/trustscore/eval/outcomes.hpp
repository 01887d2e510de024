// Outcomes: what later happened to each entity (a label such as a purchase,
// refund or fraud as 0/1, or a numeric rating), read from CSV with the
// header entity,outcome[,time], and the ways to split them for evaluation:
// K folds of entities with a fixed seed, and a time cutoff (evidence before
// it, outcomes at or after it).
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/error.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

struct Outcomes {
  std::vector<std::string> entity;
  std::vector<double> outcome;
  std::vector<double> time;  // NaN where the file gives none

  std::size_t size() const noexcept { return entity.size(); }
  // Every outcome is 0 or 1 (and there is at least one).
  bool binary() const {
    if (outcome.empty()) return false;
    for (double y : outcome)
      if (y != 0 && y != 1) return false;
    return true;
  }
};

// Reads `text` (name for messages): header entity,outcome[,time] in any
// order; one outcome per entity (a repeated entity is an error: which one
// would count?); outcomes finite; times unix seconds or ISO-8601.
inline Outcomes read_outcomes_csv_text(std::string_view text, const std::string& name) {
  detail::CsvTokenizer tok(text);
  std::vector<std::string> fields;
  const auto bad = [&](const std::string& what) {
    fail(Status::bad_format, name + ":" + std::to_string(tok.line()) + ": " + what);
  };
  const auto next = [&] {
    try {
      return tok.next(fields);
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const Error*>(&e)) throw;
      bad(e.what());
    }
    return false;  // not reached: bad() throws
  };
  if (!next()) bad("empty file: expected a header entity,outcome[,time]");
  int entity = -1, outcome = -1, time = -1;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view h = detail::trim(fields[i]);
    int* slot = h == "entity" ? &entity : h == "outcome" ? &outcome : h == "time" ? &time : nullptr;
    if (!slot)
      bad("column " + std::to_string(i + 1) + ": unknown header '" + std::string(h) +
          "' (expected entity, outcome, time)");
    if (*slot >= 0)
      bad("column " + std::to_string(i + 1) + ": duplicate header '" + std::string(h) + "'");
    *slot = static_cast<int>(i);
  }
  if (entity < 0 || outcome < 0) bad("the header needs the columns entity and outcome");
  const std::size_t columns = fields.size();
  Outcomes out;
  std::unordered_set<std::string> seen;
  while (next()) {
    if (fields.size() == 1 && detail::trim(fields[0]).empty()) continue;
    if (fields.size() != columns)
      bad(std::to_string(fields.size()) + " columns, the header has " + std::to_string(columns));
    std::string id(detail::trim(fields[static_cast<std::size_t>(entity)]));
    if (id.empty()) bad("column " + std::to_string(entity + 1) + " (entity): empty entity id");
    if (!seen.insert(id).second) bad("entity '" + id + "' has a second outcome");
    double y = 0;
    if (!detail::parse_double(fields[static_cast<std::size_t>(outcome)], y) || !std::isfinite(y))
      bad("column " + std::to_string(outcome + 1) + " (outcome): '" +
          fields[static_cast<std::size_t>(outcome)] + "' is not a finite number");
    double t = std::numeric_limits<double>::quiet_NaN();
    if (time >= 0) {
      const std::string_view text_t = detail::trim(fields[static_cast<std::size_t>(time)]);
      if (!text_t.empty() && !try_parse_time(text_t, t))
        bad("column " + std::to_string(time + 1) + " (time): malformed time '" +
            std::string(text_t) + "'");
    }
    out.entity.push_back(std::move(id));
    out.outcome.push_back(y);
    out.time.push_back(t);
  }
  return out;
}

inline Outcomes read_outcomes_csv_file(const std::string& path) {
  return read_outcomes_csv_text(detail::read_text_file(path), path);
}

namespace detail {

// 0 .. n-1 in a seeded random order: the same seed gives the same order
// everywhere (std::mt19937_64's sequence is fixed by the standard; the
// shuffle is ours, not std::shuffle, whose algorithm is not).
inline std::vector<std::size_t> seeded_permutation(std::size_t n, std::uint64_t seed) {
  std::vector<std::size_t> order(n);
  for (std::size_t i = 0; i < n; ++i) order[i] = i;
  std::mt19937_64 rng(seed);
  for (std::size_t i = n; i > 1; --i) {  // Fisher–Yates, from the top
    const std::size_t j = static_cast<std::size_t>(rng() % i);
    std::swap(order[i - 1], order[j]);
  }
  return order;
}

}  // namespace detail

// The fold (0 .. folds-1) of each of n items: a seeded shuffle dealt out in
// turn, so fold sizes differ by at most one and the same seed gives the same
// folds everywhere.
inline std::vector<std::int64_t> kfold_assignment(std::size_t n, std::int64_t folds,
                                                  std::uint64_t seed) {
  require(folds >= 1, "folds must be >= 1, not " + std::to_string(folds));
  require(static_cast<std::uint64_t>(folds) <= n || n == 0,
          "folds (" + std::to_string(folds) + ") exceed the " + std::to_string(n) +
              " entities with outcomes");
  const std::vector<std::size_t> order = detail::seeded_permutation(n, seed);
  std::vector<std::int64_t> fold(n);
  for (std::size_t k = 0; k < n; ++k)
    fold[order[k]] = static_cast<std::int64_t>(k % static_cast<std::size_t>(folds));
  return fold;
}

// Folds of n labelled rows (y 0 or 1) with both classes spread evenly: the
// seeded shuffle above, positives dealt out first and the negatives after
// them, so fold sizes and each class's count per fold differ by at most one.
// With 2 or more of each class every union of all folds but one holds both.
inline std::vector<std::int64_t> stratified_kfold_assignment(const double* y, std::size_t n,
                                                             std::int64_t folds,
                                                             std::uint64_t seed) {
  require(folds >= 1, "folds must be >= 1, not " + std::to_string(folds));
  require(static_cast<std::uint64_t>(folds) <= n || n == 0,
          "folds (" + std::to_string(folds) + ") exceed the " + std::to_string(n) + " rows");
  const std::vector<std::size_t> order = detail::seeded_permutation(n, seed);
  std::vector<std::int64_t> fold(n);
  std::size_t k = 0;
  for (const double label : {1.0, 0.0})
    for (const std::size_t i : order)
      if (y[i] == label) fold[i] = static_cast<std::int64_t>(k++ % static_cast<std::size_t>(folds));
  return fold;
}

}  // namespace v1
}  // namespace trustscore
