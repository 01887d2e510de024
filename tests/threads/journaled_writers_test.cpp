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

using namespace trustscore;

namespace {

std::atomic<int> failures{0};

void check(bool ok, const std::string& what) {
  if (!ok && failures.fetch_add(1) < 20) std::fprintf(stderr, "check failed: %s\n", what.c_str());
}

constexpr double kStart = 1.6e9, kEnd = kStart + 400 * 86400.0;

// Negativity 1 everywhere, so a signal of value 0.5 adds the same mass to r and s.
Model balanced_model() {
  Model m;
  for (std::size_t f = 0; f < m.factor_count(); ++f) {
    FactorParams p = m.params(f);
    p.negativity = 1.0;
    m.set_params(f, p);
  }
  return m;
}

// One writer call: add a batch, or retract the batch added 2 calls before.
struct Call {
  std::vector<std::string> ids;
  std::vector<std::int32_t> factor;
  std::vector<double> value, weight, time;
  bool retract = false;
  SignalBatch batch() const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(ids.size());
    b.factor = factor.data();
    b.value = value.data();
    b.weight = weight.data();
    b.time = time.data();
    return b;
  }
  void apply(EvidenceStore& store) const {
    if (retract)
      store.retract(ids.data(), batch());
    else
      store.add(ids.data(), batch());
  }
  void apply(JournaledStore& store, Durability durability) const {
    const std::vector<std::string_view> views(ids.begin(), ids.end());
    if (retract)
      store.retract(views.data(), batch(), {}, durability);
    else
      store.add(views.data(), batch(), nullptr, {}, durability);
  }
};

// Writer w's calls: batches of 1..300 signals on its own ids "w<w>-<j>";
// every 4th call takes back the batch added two calls before.
std::vector<Call> writer_calls(int w, int count) {
  std::mt19937_64 rng(300 + w);
  std::uniform_real_distribution<double> u(0, 1);
  std::vector<Call> calls;
  for (int c = 0; c < count; ++c) {
    if (c % 4 == 3) {
      Call back = calls[c - 2];
      back.retract = true;
      calls.push_back(back);
      continue;
    }
    Call call;
    const int n = 1 + static_cast<int>(u(rng) * 300);
    for (int i = 0; i < n; ++i) {
      call.ids.push_back("w" + std::to_string(w) + "-" + std::to_string(int(u(rng) * 400)));
      call.factor.push_back(static_cast<std::int32_t>(u(rng) * 9));
      call.value.push_back(0.5);
      call.weight.push_back(0.25 + u(rng));
      call.time.push_back(kStart + (kEnd - kStart) * u(rng));
    }
    calls.push_back(std::move(call));
  }
  return calls;
}

Call seed_call() {  // fixes the reference time: no rebase later, so order across writers is moot
  Call c;
  c.ids = {"seed"}, c.factor = {0}, c.value = {0.5}, c.weight = {1}, c.time = {kEnd};
  return c;
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
  for (int w = 0; w < kWriters; ++w) calls.push_back(writer_calls(w, kCalls));
  std::vector<int> done(kWriters, 0);
  int checkpoints = 0;
  std::atomic<long> reads{0};
  const auto started = std::chrono::steady_clock::now();
  double concurrent_seconds = 0;
  EvidenceStore in_memory(model);
  try {
    auto journaled = JournaledStore::open(dir.string(), model);
    seed_call().apply(journaled, Durability::sync);
    const EvidenceStore& store = journaled.store();
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    std::atomic<int> writing{kWriters};
    std::vector<std::thread> threads;
    for (int w = 0; w < kWriters; ++w)
      threads.emplace_back([&, w] {
        for (const Call& call : calls[w]) {
          if (std::chrono::steady_clock::now() > deadline) break;
          call.apply(journaled, durability[w]);
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
