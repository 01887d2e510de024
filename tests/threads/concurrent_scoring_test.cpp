// Scoring one model and one store from 8 threads at once through the C ABI
// gives exactly the serial results; failures on one thread leave the other
// threads' last-error messages alone. Then writers add and retract signals of
// new entities while readers score the old ones (chosen and whole store):
// the old entities' rows stay exactly the serial ones. Run under
// ThreadSanitizer by the tsan preset (scripts/test), and in the release and
// asan builds.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "trustscore/trustscore.h"

namespace {

int failures = 0;

void check(bool ok, const char* what) {
  if (!ok) {
    std::fprintf(stderr, "check failed: %s\n", what);
    ++failures;
  }
}

struct Outputs {
  std::vector<double> score, lower, upper, contributions, gains;
  std::vector<std::int32_t> best;
  Outputs(std::int64_t n, std::int64_t f)
      : score(n), lower(n), upper(n), contributions(n * f), gains(n * f), best(n) {}
  bool operator==(const Outputs& o) const {
    return score == o.score && lower == o.lower && upper == o.upper &&
           contributions == o.contributions && gains == o.gains && best == o.best;
  }
};

int score_all(const trustscore_model* model, const trustscore_store* store, const char* profile,
              int threads, Outputs& out) {
  trustscore_score_options options;
  trustscore_score_options_init(&options);
  options.profile = profile;
  options.threads = threads;
  const auto n = static_cast<std::int64_t>(out.score.size());
  const auto nf = static_cast<std::int64_t>(out.gains.size());
  return trustscore_score(model, store, &options, out.score.data(), n, out.lower.data(), n,
                          out.upper.data(), n, out.contributions.data(), nf, out.gains.data(), nf,
                          out.best.data(), n, nullptr);
}

// Two writers add signals of entities of their own ("w<t>-<k>") and retract
// half of them again, while four readers score the first n entities, which no
// writer touches: by id (trustscore_score_entities) and now and then the whole
// store (trustscore_score_into, sized by a count read before the call, so it
// may find the store grown and must ask again). Every row read is `serial`'s.
void score_while_writing(const trustscore_model* model, trustscore_store* store,
                         const std::vector<std::string>& ids, const Outputs& serial,
                         std::int64_t factors) {  // ids: the first n entities' ids, by index
  const auto n = static_cast<std::int64_t>(serial.score.size());
  trustscore_score_options options;
  trustscore_score_options_init_version(&options, TRUSTSCORE_SCORE_OPTIONS_VERSION);
  options.threads = 1;
  options.profile = "decision";
  options.as_of = 1.7e9 + 5e7;  // writers' signals are older: no rebase, no later newest time
  std::vector<int> bad(6, 0), calls(6, 0);
  std::vector<std::thread> pool;
  for (int t = 0; t < 2; ++t)
    pool.emplace_back([&, t] {
      std::mt19937_64 rng(t);
      for (int round = 0; round < 200; ++round) {
        std::vector<std::string> mine(64);
        std::vector<const char*> entity(64);
        std::vector<std::int32_t> factor(64);
        std::vector<double> value(64), time(64);
        for (int i = 0; i < 64; ++i) {
          mine[i] = "w" + std::to_string(t) + "-" + std::to_string(rng() % 500);
          entity[i] = mine[i].c_str();
          factor[i] = static_cast<std::int32_t>(rng() % factors);
          value[i] = (rng() % 5) / 4.0;
          time[i] = 1.7e9 + double(rng() % 40000000);
        }
        bad[t] += trustscore_store_add_signals(store, 64, entity.data(), nullptr, factor.data(),
                                               value.data(), nullptr, time.data(), nullptr,
                                               NAN) != TRUSTSCORE_OK;
        bad[t] += trustscore_store_retract_signals(store, 32, entity.data(), nullptr, factor.data(),
                                                   value.data(), nullptr, time.data(), nullptr,
                                                   NAN) != TRUSTSCORE_OK;
        ++calls[t];
      }
    });
  for (int t = 2; t < 6; ++t)
    pool.emplace_back([&, t] {
      std::mt19937_64 rng(t);
      Outputs chosen(3, factors);
      trustscore_score_outputs out;
      for (int round = 0; round < 300; ++round) {
        const std::int64_t e[3] = {std::int64_t(rng() % n), std::int64_t(rng() % n), 0};
        const char* names[3] = {ids[e[0]].c_str(), ids[e[1]].c_str(), ids[e[2]].c_str()};
        trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION);
        out.capacity = 3;
        out.score = chosen.score.data(), out.lower = chosen.lower.data();
        out.upper = chosen.upper.data(), out.contributions = chosen.contributions.data();
        out.gains = chosen.gains.data(), out.best_lever = chosen.best.data();
        std::int64_t index[3], unknown = -1;
        bad[t] += trustscore_score_entities(model, store, &options, 3, names, nullptr, index,
                                            &unknown, &out) != TRUSTSCORE_OK;
        for (int i = 0; i < 3; ++i) {
          bad[t] += index[i] != e[i] || chosen.score[i] != serial.score[e[i]] ||
                    chosen.upper[i] != serial.upper[e[i]] ||
                    chosen.gains[i * factors + 1] != serial.gains[e[i] * factors + 1];
        }
        if (round % 50 == 0) {  // the whole store, asked again while it grows
          int status = TRUSTSCORE_E_BUFFER_TOO_SMALL;
          std::vector<double> score;
          while (status == TRUSTSCORE_E_BUFFER_TOO_SMALL) {
            std::int64_t now = 0;
            trustscore_store_entity_count(store, &now);
            score.assign(static_cast<std::size_t>(now), -1.0);
            trustscore_score_outputs_init_version(&out, TRUSTSCORE_SCORE_OUTPUTS_VERSION);
            out.capacity = now;
            out.score = score.data();
            status = trustscore_score_into(model, store, &options, &out);
          }
          bad[t] += status != TRUSTSCORE_OK ||
                    !std::equal(serial.score.begin(), serial.score.end(), score.begin());
        }
        ++calls[t];
      }
    });
  for (auto& th : pool) th.join();
  for (int t = 0; t < 6; ++t) {
    check(calls[t] > 0, "a thread made no call");
    check(bad[t] == 0, "a call failed, or a row of an untouched entity changed");
  }
}

}  // namespace

int main() {
  trustscore_model* model = nullptr;
  trustscore_store* store = nullptr;
  check(trustscore_model_create(&model) == TRUSTSCORE_OK, "model_create");
  check(trustscore_store_create(model, &store) == TRUSTSCORE_OK, "store_create");
  std::int64_t factors = 0;
  trustscore_model_factor_count(model, &factors);

  // Enough entities (70000) that a call with threads = 2 really splits.
  const std::int64_t signals = 150000, entities = 70000;
  std::mt19937_64 rng(42);
  std::vector<std::string> ids(entities);
  for (std::int64_t e = 0; e < entities; ++e) ids[e] = "e" + std::to_string(e);
  std::vector<const char*> entity(signals);
  std::vector<std::int32_t> factor(signals);
  std::vector<double> value(signals), weight(signals), time(signals);
  for (std::int64_t i = 0; i < signals; ++i) {
    entity[i] = ids[rng() % entities].c_str();
    factor[i] = static_cast<std::int32_t>(rng() % factors);
    value[i] = std::uniform_real_distribution<double>(0, 1)(rng);
    weight[i] = std::uniform_real_distribution<double>(0.1, 3)(rng);
    time[i] = 1.7e9 + std::uniform_real_distribution<double>(0, 4e7)(rng);
  }
  check(trustscore_store_add_signals(store, signals, entity.data(), nullptr, factor.data(),
                                     value.data(), weight.data(), time.data(), nullptr,
                                     NAN) == TRUSTSCORE_OK,
        "add_signals");
  std::int64_t n = 0;
  trustscore_store_entity_count(store, &n);

  const char* profiles[] = {"awareness", "consideration", "decision", "nurturing"};
  std::vector<Outputs> serial;
  for (const char* p : profiles) {
    serial.emplace_back(n, factors);
    check(score_all(model, store, p, 1, serial.back()) == TRUSTSCORE_OK, "serial score");
  }

  constexpr int thread_count = 8;
  std::vector<int> mismatches(thread_count, 0), errors_kept(thread_count, 1);
  std::vector<std::thread> pool;
  for (int t = 0; t < thread_count; ++t) {
    pool.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        const int p = (t + round) % 4;
        Outputs out(n, factors);
        // Odd threads also split their own call in two (nested parallelism).
        if (score_all(model, store, profiles[p], 1 + t % 2, out) != TRUSTSCORE_OK ||
            !(out == serial[p]))
          ++mismatches[t];
        // A failure on this thread sets this thread's message only.
        Outputs small(1, factors);
        if (n > 1) {
          score_all(model, store, profiles[p], 1, small);
          const std::string mine = trustscore_last_error();
          if (mine.find("score") == std::string::npos) errors_kept[t] = 0;
        }
      }
    });
  }
  for (auto& th : pool) th.join();
  for (int t = 0; t < thread_count; ++t) {
    check(mismatches[t] == 0, "a concurrent score differs from the serial one");
    check(errors_kept[t] == 1, "a thread's last error was not its own");
  }
  check(std::strcmp(trustscore_last_error(), "") == 0, "main thread's last error untouched");

  Outputs before(n, factors);
  trustscore_score_options at;
  trustscore_score_options_init_version(&at, TRUSTSCORE_SCORE_OPTIONS_VERSION);
  at.threads = 1;
  at.profile = "decision";
  at.as_of = 1.7e9 + 5e7;
  check(trustscore_score(model, store, &at, before.score.data(), n, before.lower.data(), n,
                         before.upper.data(), n, before.contributions.data(), n * factors,
                         before.gains.data(), n * factors, before.best.data(), n,
                         nullptr) == TRUSTSCORE_OK,
        "score before writing");
  std::vector<std::string> by_index(static_cast<std::size_t>(n));
  for (std::int64_t e = 0; e < n; ++e) {
    char buf[32];
    std::int64_t length = 0;
    check(trustscore_store_entity_id(store, e, buf, sizeof buf, &length) == TRUSTSCORE_OK,
          "entity_id");
    by_index[e] = buf;
  }
  score_while_writing(model, store, by_index, before, factors);

  trustscore_store_free(store);
  trustscore_model_free(model);
  if (failures == 0)
    std::printf(
        "concurrent_scoring: %d threads x 5 rounds identical; rows unchanged beside 2 "
        "writers\n",
        thread_count);
  return failures == 0 ? 0 : 1;
}
