// Helpers of the history tests: a journaled scenario of adds (with sources),
// retractions and a removal around the wall clock, and the reference every
// history row is checked against: a plain EvidenceStore holding exactly the
// signals live at the row, scored as of its time.
#pragma once

#include <chrono>
#include <cmath>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "journal_fixtures.hpp"
#include "trustscore/history.hpp"

namespace tstest::history {

using evidence::day;
using evidence::Signals;

inline double wall_clock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

// Equal, or both NaN, or within tol of each other (relative above 1).
inline bool near(double a, double b, double tol = 1e-9) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::fabs(a - b) <= tol * std::max(1.0, std::fabs(b));
}

// The calls a scenario made, for the reference: which call ended each
// signal, and the wall clock around each retraction and removal.
struct Scenario {
  Signals s;
  std::vector<std::string> source;
  std::vector<int> ended_by;  // per signal: index in `calls`, -1 live
  struct Call {
    double before = 0, after = 0;  // wall clock around it
    bool removal = false;
  };
  std::vector<Call> calls;
  double now = 0;

  // Signals [begin, end) journaled with their sources.
  void add(trustscore::JournaledStore& j, std::size_t begin, std::size_t end) {
    const auto ids = journal::views(s.ids, begin, end);
    const std::vector<std::string_view> from(source.begin() + std::ptrdiff_t(begin),
                                             source.begin() + std::ptrdiff_t(end));
    j.add(ids.data(), online::batch_of(s, begin, end), from.data());
  }
  void retract(trustscore::JournaledStore& j, const std::vector<std::size_t>& which) {
    const Signals sub = s.permuted(which);
    Call c;
    c.before = wall_clock();
    j.retract(sub.ids.data(), online::batch_of(sub, 0, sub.size()));
    c.after = wall_clock();
    for (std::size_t i : which) ended_by[i] = int(calls.size());
    calls.push_back(c);
  }
  void remove(trustscore::JournaledStore& j, const std::string& id, std::size_t journaled) {
    Call c;
    c.removal = true;
    c.before = wall_clock();
    j.remove_entity(id);
    c.after = wall_clock();
    for (std::size_t i = 0; i < journaled; ++i)
      if (s.ids[i] == id && ended_by[i] < 0) ended_by[i] = int(calls.size());
    calls.push_back(c);
  }
};

// 90 signals on e0, e1, e2 from 30 days ago to 5 days ahead (some dated
// after the calls that take them back), from alice, bob, carol or no one;
// journaled as: add 0..40, retract every 7th from 3, add 40..60, remove
// e1, add 60..90 (e1's backdated to before its removal too), retract every
// 4th from 41 still live.
inline Scenario run_scenario(trustscore::JournaledStore& j, std::uint64_t seed) {
  Scenario sc;
  sc.now = wall_clock();
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<double> u(0, 1);
  const char* sources[] = {"alice", "bob", "carol", ""};
  for (int i = 0; i < 90; ++i) {
    sc.s.push("e" + std::to_string(rng() % 3), std::int32_t(rng() % 9), double(rng() % 5) / 4.0,
              0.5 + 1.5 * u(rng), sc.now - 30 * day + 35 * day * u(rng), 0.5 + 0.5 * u(rng));
    sc.source.emplace_back(sources[rng() % 4]);
  }
  sc.ended_by.assign(sc.s.size(), -1);
  // Every `step`-th signal of [begin, end) still live.
  const auto live = [&](std::size_t begin, std::size_t end, std::size_t step) {
    std::vector<std::size_t> chosen;
    for (std::size_t i = begin; i < end; i += step)
      if (sc.ended_by[i] < 0) chosen.push_back(i);
    return chosen;
  };
  sc.add(j, 0, 40);
  sc.retract(j, live(3, 40, 7));
  sc.add(j, 40, 60);
  sc.remove(j, "e1", 60);
  sc.add(j, 60, 90);
  sc.retract(j, live(41, 90, 4));
  return sc;
}

// Whether history row r holds signal i of the scenario.
inline bool row_holds(const trustscore::EntityHistory& h, std::size_t r, const Signals& s,
                      std::size_t i) {
  return h.factor[r] == s.factor[i] && h.value[r] == s.value[i] && h.weight[r] == s.weight[i] &&
         h.signal_time[r] == s.time[i] && h.credibility[r] == s.credibility[i];
}

// Per signal of the entity: the row that added it and the row that ended it
// (rows.size(): none). Checks each is there once, at the time it must be.
struct SignalRows {
  std::vector<std::size_t> signal, added, ended;
};
inline SignalRows signal_rows(const trustscore::EntityHistory& h, const Scenario& sc) {
  using trustscore::HistoryEvent;
  SignalRows out;
  const std::size_t none = h.rows();
  for (std::size_t i = 0; i < sc.s.size(); ++i) {
    if (sc.s.ids[i] != h.entity) continue;
    std::size_t added = none, ended = none;
    for (std::size_t r = 0; r < h.rows(); ++r) {
      if (h.event[r] == HistoryEvent::added && row_holds(h, r, sc.s, i)) {
        REQUIRE(added == none);
        added = r;
        CHECK(h.time[r] == sc.s.time[i]);
        CHECK(h.source[r] == sc.source[i]);
      }
      const int by = sc.ended_by[i];
      if (by < 0) continue;
      const bool removal = sc.calls[std::size_t(by)].removal;
      if ((removal && h.event[r] == HistoryEvent::removed) ||
          (!removal && h.event[r] == HistoryEvent::retracted && row_holds(h, r, sc.s, i))) {
        REQUIRE((ended == none || removal));
        ended = r;
        CHECK(h.time[r] >= sc.calls[std::size_t(by)].before);
        CHECK(h.time[r] <= sc.calls[std::size_t(by)].after);
      }
    }
    REQUIRE(added != none);
    REQUIRE((sc.ended_by[i] < 0) == (ended == none));
    out.signal.push_back(i), out.added.push_back(added), out.ended.push_back(ended);
  }
  return out;
}

// Scores of a plain store holding `id` and signals `live` of s, as of t.
inline trustscore::Scores reference(const trustscore::Model& model, const Signals& s,
                                    const std::vector<std::size_t>& live, const std::string& id,
                                    double t, bool explain = true) {
  trustscore::EvidenceStore store(model);
  store.add_entity(id);
  const Signals chosen = s.permuted(live);
  if (chosen.size()) chosen.add_to(store);
  trustscore::ScoreOptions o;
  o.as_of = t;
  o.explain = explain;
  return trustscore::score(model, store, o);
}

// The signals of the entity live as of t by the rule of history.hpp, with
// each ending call's time read from the row that shows it.
inline std::vector<std::size_t> live_at(const trustscore::EntityHistory& h, const SignalRows& rows,
                                        double t) {
  std::vector<std::size_t> live;
  for (std::size_t k = 0; k < rows.signal.size(); ++k) {
    const bool ended = rows.ended[k] < h.rows() && h.time[rows.ended[k]] <= t;
    if (h.time[rows.added[k]] <= t && !ended) live.push_back(rows.signal[k]);
  }
  return live;
}

}  // namespace tstest::history
