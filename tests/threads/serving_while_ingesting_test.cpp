// Serving while ingesting: 2 writer threads add (and retract) signals of new
// and known entities while 6 reader threads score chosen entities, look ids
// up, read cells and score the whole store, with no lock of the test's. Then
// the store equals, bit for bit, the one the same calls build on one thread.
// Readers check the contract as they go: a cell's positive and negative mass
// move together (every signal here adds the same to both), so a reader that
// saw half a signal would see them differ. Run under ThreadSanitizer by the
// tsan preset (scripts/test), and in the release and asan builds.
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "trustscore/trustscore.hpp"
#include "writer_calls.hpp"

using namespace trustscore;
using namespace tstest::threads;

int main() {
  const char* env = std::getenv("TRUSTSCORE_STRESS_SECONDS");
  const double seconds = env ? std::atof(env) : 3.0;
  const Model model = balanced_model();
  EvidenceStore store(model);
  seed_call().apply(store);
  constexpr int kWriters = 2, kReaders = 6, kCalls = 400;
  std::vector<std::vector<Call>> calls;
  for (int w = 0; w < kWriters; ++w) calls.push_back(writer_calls(w, kCalls, 100 + w, 600, 50, 20));

  const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  std::atomic<int> writing{kWriters};
  std::vector<int> done(kWriters, 0);
  std::vector<std::thread> threads;
  for (int w = 0; w < kWriters; ++w)
    threads.emplace_back([&, w] {
      for (const Call& call : calls[w]) {
        if (std::chrono::steady_clock::now() > deadline) break;
        call.apply(store);
        ++done[w];
      }
      --writing;
    });
  std::atomic<long> reads{0};
  for (int r = 0; r < kReaders; ++r)
    threads.emplace_back([&, r] {
      std::mt19937_64 rng(200 + r);
      std::uniform_real_distribution<double> u(0, 1);
      ScoreOptions options;
      options.explain = r % 2 == 1;
      for (long i = 0; writing.load() > 0; ++i) {
        // Chosen entities by id, some not yet (or never) in the store.
        std::vector<std::string> ids;
        for (int k = 0, n = 1 + int(u(rng) * 16); k < n; ++k)
          ids.push_back("w" + std::to_string(int(u(rng) * 2)) + "-" +
                        std::to_string(int(u(rng) * 9000)));
        const Scores s = score_ids(model, store, ids, options);
        for (std::size_t k = 0; k < ids.size(); ++k)
          check(s.score[k] >= 0 && s.score[k] <= 1 && s.lower[k] <= s.score[k] &&
                    s.score[k] <= s.upper[k],
                "a chosen entity's score and interval");
        // Cells read under the read lock: r and s moved together.
        {
          const auto lock = store.read_lock();
          const std::size_t n = store.entity_count();
          for (int k = 0; k < 64; ++k) {
            const auto e = static_cast<std::size_t>(u(rng) * n);
            const auto f = static_cast<std::size_t>(u(rng) * 9);
            check(store.positive_column(f)[e] == store.negative_column(f)[e],
                  "a cell's positive and negative mass");
          }
        }
        if (i % 50 == 0) {  // the whole store now and then
          const Scores all = score(model, store);
          check(all.score.size() == all.entities, "whole-store sizes");
        }
        ++reads;
      }
    });
  for (auto& t : threads) t.join();

  // The same calls on one thread: writers touch disjoint entities, so each
  // cell sees its signals in the same order and the sums are the same bits.
  EvidenceStore serial(model);
  seed_call().apply(serial);
  for (int w = 0; w < kWriters; ++w)
    for (int c = 0; c < done[w]; ++c) calls[w][c].apply(serial);
  check(store.entity_count() == serial.entity_count(), "entity count");
  check(store.signal_count() == serial.signal_count(), "signal count");
  const std::vector<std::string> ids = serial.entity_ids();
  ScoreOptions options;
  options.explain = true;
  const Scores a = score_ids(model, store, ids, options),
               b = score_ids(model, serial, ids, options);
  check(a.unknown == 0, "every id of the serial store is in the concurrent one");
  check(a.score == b.score && a.lower == b.lower && a.upper == b.upper &&
            a.contributions == b.contributions && a.gains == b.gains &&
            a.best_lever == b.best_lever,
        "the concurrent store scores as the serial one, bit for bit");
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const auto e = static_cast<std::size_t>(store.find_entity(ids[i]));
    for (std::size_t f = 0; f < 9; ++f)
      check(store.cell_signal_count(e, f) == serial.cell_signal_count(i, f), "cell counts");
  }
  std::printf("serving while ingesting: writer calls %d + %d, %ld reader rounds, %zu entities\n",
              done[0], done[1], reads.load(), ids.size());
  check(done[0] > 0 && done[1] > 0 && reads.load() > 0, "both writers and the readers ran");
  return failures.load() == 0 ? 0 : 1;
}
