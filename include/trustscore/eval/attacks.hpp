// Attack scenarios, as in trust-model testbeds: signals an attacker injects
// into a copy of a data set, to measure how far each model lets the attacked
// entities' scores and ranks move, and how fast it recovers.
//
//  - sybil: a burst of `fake_signals` five-star word-of-mouth reviews from as
//    many brand-new sources, over two days, for each target (mid-ranked
//    entities: the ones a boost helps most).
//  - collusion: a ring of `ring` new sources (the targets' owners) endorsing
//    every target (third_party_endorsement 1, weight 1.5, as a review site's
//    endorsement) and each other's targets, repeatedly over two weeks.
//  - smear: a burst of fake one-star reviews (value 0) from new sources
//    against the top-ranked entities.
//  - sleeper: new entities that earn trust for 180 days (good reviews and
//    service ratings every few days) and then turn bad for 30 days (one-star
//    reviews, failed service); the "attack" is the turn.
//
// Everything is drawn from a seeded std::mt19937_64 and written as CSV rows
// (entity,factor,value,weight,time,source) to append to the clean data, so
// every model faces the same attack. Times start at the newest clean signal.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <random>
#include <string>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

enum class Attack { sybil, collusion, smear, sleeper };

inline constexpr Attack all_attacks[] = {Attack::sybil, Attack::collusion, Attack::smear,
                                         Attack::sleeper};

inline const char* attack_name(Attack a) noexcept {
  switch (a) {
    case Attack::sybil:
      return "sybil";
    case Attack::collusion:
      return "collusion";
    case Attack::smear:
      return "smear";
    case Attack::sleeper:
      return "sleeper";
  }
  return "?";
}

inline Attack attack_from_name(const std::string& name) {
  for (Attack a : all_attacks)
    if (name == attack_name(a)) return a;
  fail(Status::invalid_argument,
       "unknown attack '" + name + "' (known: sybil, collusion, smear, sleeper)");
}

struct AttackOptions {
  std::int64_t targets = 5;        // entities attacked (sleepers created)
  std::int64_t fake_signals = 50;  // per target: sybil and smear reviews
  std::int64_t ring = 8;           // collusion: colluding sources
  std::uint64_t seed = 1;
};

struct AttackPlan {
  Attack attack = Attack::sybil;
  std::vector<std::string> targets;
  // CSV rows without a header. The baseline is the clean data plus `setup`
  // (a sleeper's good months; empty otherwise), the attacked data the
  // baseline plus `rows`; both are scored as of `end` and later.
  std::string setup, rows;
  double start = 0;  // first attack signal (for sleepers: the turn)
  double end = 0;    // last attack signal
};

namespace detail {

inline std::string attack_row(const std::string& entity, const char* factor, double value,
                              double weight, double time, const std::string& source) {
  char buf[96];
  std::snprintf(buf, sizeof buf, ",%s,%.17g,%.17g,%.17g,", factor, value, weight, time);
  return entity + buf + source + "\n";
}

}  // namespace detail

// The attack on a data set whose newest signal is at `now`, with entities
// `ranked` best first (ids as in the data; targets are taken from it).
inline AttackPlan plan_attack(Attack attack, const std::vector<std::string>& ranked, double now,
                              const AttackOptions& o = {}) {
  require(o.targets >= 1 && o.fake_signals >= 1 && o.ring >= 2,
          "attack: targets and fake_signals must be >= 1 and ring >= 2");
  require(std::isfinite(now), "attack: the data has no signal time to start from");
  const auto n = static_cast<std::int64_t>(ranked.size());
  if (attack != Attack::sleeper)
    require(n >= o.targets, "attack: " + std::to_string(o.targets) + " targets but only " +
                                std::to_string(n) + " entities");
  constexpr double day = 86400;
  std::mt19937_64 rng(o.seed);
  std::uniform_real_distribution<double> unit(0, 1);
  AttackPlan plan;
  plan.attack = attack;
  plan.start = now + day;
  const auto take = [&](std::int64_t first) {
    for (std::int64_t i = 0; i < o.targets; ++i)
      plan.targets.push_back(ranked[static_cast<std::size_t>(first + i)]);
  };
  const auto fake_source = [&](const char* kind, std::int64_t i) {
    char buf[48];
    std::snprintf(buf, sizeof buf, "%s:attack-%llu-%lld", kind,
                  static_cast<unsigned long long>(o.seed), static_cast<long long>(i));
    return std::string(buf);
  };
  double last = plan.start;
  std::string* into = &plan.rows;
  const auto emit = [&](const std::string& entity, const char* factor, double value, double weight,
                        double t, const std::string& source) {
    *into += detail::attack_row(entity, factor, value, weight, t, source);
    last = std::max(last, t);
  };
  std::int64_t next_source = 0;
  switch (attack) {
    case Attack::sybil:
    case Attack::smear: {
      take(attack == Attack::sybil ? (n - o.targets) / 2 : 0);  // the middle, or the top
      const double value = attack == Attack::sybil ? 1.0 : 0.0;
      for (const std::string& target : plan.targets)
        for (std::int64_t k = 0; k < o.fake_signals; ++k)
          emit(target, "koc_word_of_mouth", value, 1, plan.start + 2 * day * unit(rng),
               fake_source("koc", next_source++));
      break;
    }
    case Attack::collusion: {
      take((n - o.targets) / 2);
      for (int round = 0; round < 7; ++round)  // every other day for two weeks
        for (std::int64_t s = 0; s < o.ring; ++s)
          for (const std::string& target : plan.targets)
            emit(target, "third_party_endorsement", 1.0, 1.5,
                 plan.start + (2 * round + unit(rng)) * day, fake_source("site", s));
      break;
    }
    case Attack::sleeper: {
      for (std::int64_t i = 0; i < o.targets; ++i) {
        char id[48];
        std::snprintf(id, sizeof id, "sleeper-%llu-%lld", static_cast<unsigned long long>(o.seed),
                      static_cast<long long>(i));
        plan.targets.emplace_back(id);
      }
      // 180 days of good behaviour before the turn, 30 days of bad after it.
      const double turn = plan.start + 180 * day;
      for (const std::string& target : plan.targets) {
        into = &plan.setup;
        for (double t = plan.start; t < turn; t += (2 + 4 * unit(rng)) * day) {
          emit(target, "koc_word_of_mouth", unit(rng) < 0.8 ? 1.0 : 0.75, 1, t,
               fake_source("koc", next_source++));
          emit(target, "service_details", 1.0, 1, t + 3600, "platform:order-telemetry");
        }
        into = &plan.rows;
        for (double t = turn; t < turn + 30 * day; t += (1 + 2 * unit(rng)) * day) {
          emit(target, "koc_word_of_mouth", 0.0, 1, t, fake_source("koc", next_source++));
          emit(target, "service_details", 0.0, 1, t + 3600, "platform:order-telemetry");
        }
      }
      plan.start = turn;
      break;
    }
  }
  plan.end = last;
  return plan;
}

}  // namespace v1
}  // namespace trustscore
