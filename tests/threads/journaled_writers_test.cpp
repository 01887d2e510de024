// Journaled writers at once: 3 writer threads add (and retract) through one
// JournaledStore, two with `sync` durability (they share fdatasyncs: group
// commit) and one with `none`, while a thread checkpoints every 25 ms and 2
// readers score chosen entities and read cells of its store. Readers check
// that no call is seen in part (every signal adds the same mass to a cell's
// positive and negative side). Then the store equals the one the same calls
// build on one thread, and, reopened from its directory, equals itself bit
// for bit (the journal holds the calls in the order they were applied). Run
// under ThreadSanitizer by the tsan preset (scripts/test), and in the release
// and asan builds.
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "trustscore/journal.hpp"
#include "trustscore/trustscore.hpp"
#include "writer_calls.hpp"

using namespace trustscore;

namespace {

using namespace tstest::threads;

// A call through the journaled store, with the durability of its writer.
void apply(const Call& call, JournaledStore& store, Durability durability) {
  const std::vector<std::string_view> views(call.ids.begin(), call.ids.end());
  if (call.retract)
    store.retract(views.data(), call.batch(), {}, durability);
  else
    store.add(views.data(), call.batch(), nullptr, {}, durability);
}

// Every id, cell count and mass of a equal to b's, bit for bit.
bool same_cells(const EvidenceStore& a, const EvidenceStore& b) {
  if (a.entity_count() != b.entity_count() || a.signal_count() != b.signal_count()) return false;
  const auto la = a.read_lock();
  const auto lb = b.read_lock();
  if (a.entity_ids() != b.entity_ids()) return false;
  for (std::size_t f = 0; f < a.factor_count(); ++f)
    for (std::size_t e = 0; e < a.entity_count(); ++e)
      if (a.positive_column(f)[e] != b.positive_column(f)[e] ||
          a.negative_column(f)[e] != b.negative_column(f)[e])
        return false;
  return true;
}

}  // namespace

int main() {
  const char* env = std::getenv("TRUSTSCORE_STRESS_SECONDS");
  const double seconds = env ? std::atof(env) : 2.0;
  const std::filesystem::path dir = std::filesystem::temp_directory_path() /
                                    ("trustscore-journaled-writers-" + std::to_string(::getpid()));
  std::filesystem::remove_all(dir);
  const Model model = balanced_model();
  constexpr int kWriters = 3, kReaders = 2, kCalls = 400;
  const Durability durability[kWriters] = {Durability::sync, Durability::sync, Durability::none};
  std::vector<std::vector<Call>> calls;
  for (int w = 0; w < kWriters; ++w) calls.push_back(writer_calls(w, kCalls, 300 + w, 300, 400, 0));
  std::vector<int> done(kWriters, 0);
  int checkpoints = 0;
  std::atomic<long> reads{0};
  const auto started = std::chrono::steady_clock::now();
  double concurrent_seconds = 0;
  EvidenceStore in_memory(model);
  try {
    auto journaled = JournaledStore::open(dir.string(), model);
    apply(seed_call(), journaled, Durability::sync);
    const EvidenceStore& store = journaled.store();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::atomic<int> writing{kWriters};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w)
      threads.emplace_back([&, w] {
        for (const Call& call : calls[w]) {
          if (std::chrono::steady_clock::now() > deadline) break;
          apply(call, journaled, durability[w]);
          ++done[w];
        }
        --writing;
      });
    threads.emplace_back([&] {
      while (writing.load() > 0) {
        std::this_thread::sleep_for(std::chrono::milliseconds(25));
        journaled.checkpoint();
        ++checkpoints;
      }
    });
    for (int r = 0; r < kReaders; ++r)
      threads.emplace_back([&, r] {
        std::mt19937_64 rng(400 + r);
        std::uniform_real_distribution<double> u(0, 1);
        while (writing.load() > 0) {
          std::vector<std::string> ids;
          for (int k = 0, n = 1 + int(u(rng) * 16); k < n; ++k)
            ids.push_back("w" + std::to_string(int(u(rng) * kWriters)) + "-" +
                          std::to_string(int(u(rng) * 500)));
          const Scores s = score_ids(model, store, ids);
          for (std::size_t k = 0; k < ids.size(); ++k)
            check(s.score[k] >= 0 && s.score[k] <= 1 && s.lower[k] <= s.upper[k],
                  "a chosen entity's score and interval");
          const auto lock = store.read_lock();
          const std::size_t n = store.entity_count();
          for (int k = 0; k < 64; ++k) {
            const auto e = static_cast<std::size_t>(u(rng) * n);
            const auto f = static_cast<std::size_t>(u(rng) * 9);
            check(store.positive_column(f)[e] == store.negative_column(f)[e],
                  "a cell's positive and negative mass (a call seen in part)");
          }
          ++reads;
        }
      });
    for (auto& t : threads) t.join();
    concurrent_seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    in_memory = store;
    journaled.close();

    // The same calls on one thread: writers touch their own entities, so
    // each cell sees its signals in the same order and the sums are the same.
    EvidenceStore serial(model);
    seed_call().apply(serial);
    for (int w = 0; w < kWriters; ++w)
      for (int c = 0; c < done[w]; ++c) calls[w][c].apply(serial);
    check(store.signal_count() == serial.signal_count(), "signal count against one thread's");
    for (const std::string& id : serial.entity_ids()) {
      const auto a = static_cast<std::size_t>(store.find_entity(id));
      const auto b = static_cast<std::size_t>(serial.find_entity(id));
      for (std::size_t f = 0; f < 9; ++f)
        check(store.cell_signal_count(a, f) == serial.cell_signal_count(b, f) &&
                  store.positive_mass(a, f, kEnd) == serial.positive_mass(b, f, kEnd),
              "entity " + id + "'s cells against one thread's");
    }

    const auto reopened = JournaledStore::open(dir.string());
    check(same_cells(reopened.store(), in_memory), "the reopened store equals the one in memory");
    check(!reopened.recovery().cut(), "nothing to cut after close");
  } catch (const Error& e) {
    check(false, std::string("error: ") + e.what());
  }
  std::filesystem::remove_all(dir);
  const double seconds_in_all =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::printf(
      "journaled writers: calls %d + %d + %d, %d checkpoints, %ld reader rounds in %.1f s "
      "(%.1f s in all)\n",
      done[0], done[1], done[2], checkpoints, reads.load(), concurrent_seconds, seconds_in_all);
  check(done[0] > 0 && done[1] > 0 && done[2] > 0 && checkpoints > 0 && reads.load() > 0,
        "the writers, the checkpoints and the readers ran");
  return failures.load() == 0 ? 0 : 1;
}
