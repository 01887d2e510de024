// Scoring one model and one store from 8 threads at once through the C ABI
// gives exactly the serial results; failures on one thread leave the other
// threads' last-error messages alone. Run under ThreadSanitizer by the tsan
// preset (scripts/test), and in the release and asan builds.
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

  trustscore_store_free(store);
  trustscore_model_free(model);
  if (failures == 0)
    std::printf("concurrent_scoring: %d threads x 5 rounds identical\n", thread_count);
  return failures == 0 ? 0 : 1;
}
