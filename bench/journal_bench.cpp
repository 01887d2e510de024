// The journal (trustscore/journal.hpp) beside its baselines in the same run.
// Each benchmark times its sides alone, in an order that turns every
// iteration, so that both meet the same disk and the same load (the latency
// of fdatasync drifts tenfold on a shared disk):
//
// - BM_Append/batch:N, N = 1, 100, 10,000 signals by id: JournaledStore::add
//   with `sync`; the journal's append alone (record encoded, appended,
//   JournalFile::sync_to); the baseline, write + fdatasync of the same bytes
//   to a file in the same directory; EvidenceStore::add of the same batch in
//   memory (what the first does beside the second).
// - BM_GroupCommit: 8 threads adding 1-signal batches with `sync` at once,
//   beside one thread alone (batches per second of each).
// - BM_Recovery: opening a directory holding a checkpoint and 10 journaled
//   signals per entity after it (10 M by default), beside loading the same
//   checkpoint into a fresh EvidenceStore and adding the same batches by id
//   from memory; and the checkpoint's load alone.
//
//   bench_journal --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
//
// TRUSTSCORE_BENCH_ENTITIES sets the entity count (default 1 million; the
// recovery journals ten times as many signals); TRUSTSCORE_BENCH_DIR the
// directory the scratch directory goes in (default $TMPDIR, else /tmp): the
// journal's speed is the file system's, so give it the one the store lives on.
#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <stdexcept>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "../src/journal/journal_file.hpp"
#include "../src/journal/journal_format.hpp"
#include "../src/journal/journal_state.hpp"
#include "bench_size.hpp"
#include "online_store.hpp"
#include "trustscore/journal.hpp"
#include "trustscore/persist.hpp"

namespace {

namespace fs = std::filesystem;
using namespace trustscore;

constexpr std::int64_t kRecoveryBatch = 10'000;  // signals per journaled call
constexpr int kSignalsPerEntity = 10;            // journaled after the checkpoint
// A journal this large at the start of a run is checkpointed first, so that
// the disk is not filled by a long run (not timed).
constexpr std::uintmax_t kJournalLimit = std::uintmax_t{256} << 20;

std::int64_t entity_count() { return bench_entities(1'000'000); }

const fs::path& scratch() {
  static const fs::path path = [] {
    const char* dir = std::getenv("TRUSTSCORE_BENCH_DIR");
    if (!dir) dir = std::getenv("TMPDIR");
    fs::path p =
        fs::path(dir ? dir : "/tmp") / ("trustscore-bench-journal-" + std::to_string(::getpid()));
    fs::remove_all(p);
    fs::create_directories(p);
    return p;
  }();
  return path;
}

// Signals about random entities of [0, entities), by id: the columns of
// online::Signals and the ids as views into one buffer.
struct IdSignals {
  online::Signals columns;
  std::string id_bytes;
  std::vector<std::string_view> ids;

  explicit IdSignals(online::Signals signals) : columns(std::move(signals)) {
    std::vector<std::size_t> ends;
    ends.reserve(columns.entity.size());
    for (std::int64_t e : columns.entity) {
      id_bytes += online::entity_id(e);
      ends.push_back(id_bytes.size());
    }
    ids.reserve(ends.size());
    std::size_t begin = 0;
    for (std::size_t end : ends)
      ids.emplace_back(id_bytes.data() + begin, end - begin), begin = end;
  }
  std::int64_t size() const { return std::int64_t(ids.size()); }
  // Signals [begin, begin + n).
  SignalBatch batch(std::int64_t begin, std::int64_t n) const {
    const auto b = static_cast<std::size_t>(begin);
    SignalBatch out;
    out.size = n;
    out.factor = columns.factor.data() + b;
    out.value = columns.value.data() + b;
    out.weight = columns.weight.data() + b;
    out.time = columns.time.data() + b;
    return out;
  }
};

IdSignals random_signals(std::int64_t n, std::int64_t entities, std::size_t factors,
                         std::uint64_t seed) {
  online::Rng rng{seed};
  return IdSignals(online::Signals(n, entities, factors, rng));
}

// One signal for each entity of [0, entities), in order: creates them all.
IdSignals every_entity(std::int64_t entities, std::size_t factors) {
  online::Rng rng{1};
  online::Signals s(entities, entities, factors, rng);
  for (std::int64_t e = 0; e < entities; ++e) s.entity[std::size_t(e)] = e;
  return IdSignals(std::move(s));
}

void add_in_batches(JournaledStore& j, const IdSignals& s, std::int64_t batch, Durability d) {
  for (std::int64_t at = 0; at < s.size(); at += batch) {
    const std::int64_t n = std::min(batch, s.size() - at);
    j.add(s.ids.data() + at, s.batch(at, n), nullptr, {}, d);
  }
}

// The journal appended to: the highest-numbered journal-N.tsj.
fs::path current_journal(const fs::path& directory) {
  fs::path newest;
  for (const auto& entry : fs::directory_iterator(directory)) {
    const std::string name = entry.path().filename().string();
    if (name.rfind("journal-", 0) == 0 && (newest.empty() || entry.path() > newest))
      newest = entry.path();
  }
  return newest;
}

std::uintmax_t journal_bytes(const fs::path& directory) {
  return fs::file_size(current_journal(directory));
}

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// This thread's CPU time: beside the wall time, it tells the work from the
// waiting for a core on a shared machine.
double thread_cpu_seconds() {
  timespec t{};
  ::clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) + 1e-9 * double(t.tv_nsec);
}

bool write_all(int fd, const std::vector<unsigned char>& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const ssize_t put = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (put <= 0) return false;
    done += std::size_t(put);
  }
  return true;
}

// ---- appends --------------------------------------------------------------------------

constexpr std::int64_t kPool = std::int64_t{1} << 17;  // signals the appends cycle through

// A journaled store of every entity (checkpointed), random signals about
// them, and what the appends are compared with: a journal file of its own
// (the journal's append alone), a file of raw bytes in the same directory
// (which the store ignores), and a plain store loaded from the checkpoint.
struct AppendFixture {
  Model model;
  fs::path directory = scratch() / "append";
  JournaledStore journal;
  IdSignals pool;
  EvidenceStore memory{model};
  std::unique_ptr<journal::JournalFile> bare;  // in scratch()/bare
  std::uint64_t bare_number = 0, bare_sequence = 1;
  std::vector<unsigned char> record;  // the last record appended to `bare`
  int raw_fd = -1;
  std::string raw_path = (directory / "baseline.bin").string();

  AppendFixture()
      : journal(JournaledStore::open(directory.string(), model)),
        pool(random_signals(kPool, entity_count(), journal.store().factor_count(), 2)) {
    std::fprintf(stderr, "bench_journal: a journaled store of %lld entities in %s\n",
                 static_cast<long long>(entity_count()), directory.c_str());
    add_in_batches(journal, every_entity(entity_count(), journal.store().factor_count()),
                   kRecoveryBatch, Durability::none);
    journal.checkpoint();
    for (const auto& entry : fs::directory_iterator(directory))
      if (entry.path().extension() == ".tss") memory = load_store_file(entry.path().string());
    fs::create_directories(scratch() / "bare");
    new_bare_journal();
    raw_fd = ::open(raw_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_APPEND | O_CLOEXEC, 0644);
    if (raw_fd < 0) throw std::runtime_error("cannot create " + raw_path);
  }
  void new_bare_journal() {
    bare.reset();
    if (bare_number > 0) fs::remove(scratch() / "bare" / journal_name(bare_number - 1));
    bare.reset(journal::JournalFile::create(
        (scratch() / "bare" / journal_name(bare_number)).string(), bare_number, bare_sequence));
    ++bare_number;
  }
  static std::string journal_name(std::uint64_t n) {
    return "journal-" + std::to_string(n) + ".tsj";
  }
  // Between runs (not timed): files as large as a journal gets before a
  // checkpoint start again.
  void start_again_if_large() {
    if (journal_bytes(directory) > kJournalLimit) journal.checkpoint();
    if (bare->size() > kJournalLimit) new_bare_journal();
    if (fs::file_size(raw_path) > kJournalLimit && ::ftruncate(raw_fd, 0) != 0)
      throw std::runtime_error("cannot truncate " + raw_path);
  }
  // Signals [offset, offset + size) of the pool, where offset is the i-th batch's.
  std::int64_t offset(std::int64_t i, std::int64_t size) const {
    const std::int64_t batches = kPool / size;
    return (i % batches) * size;
  }
};

AppendFixture& appends() {
  static AppendFixture* f = new AppendFixture;
  return *f;
}

// One batch of signals four ways, each timed alone, in an order that turns
// each iteration, so that all four meet the same disk (its latency drifts
// with whatever else writes to it):
//   add     JournaledStore::add with `sync`: the journal's append, applying
//           the batch to the store, fdatasync (the benchmark's time);
//   append  the journal's append alone: the record encoded (checksummed) and
//           appended to a journal file, then JournalFile::sync_to;
//   raw     the baseline: the same record's bytes with write + fdatasync;
//   memory  EvidenceStore::add by id of the same batch, in memory.
void BM_Append(benchmark::State& state) {
  const std::int64_t size = state.range(0);
  AppendFixture& f = appends();
  f.start_again_if_large();
  double seconds[4] = {0, 0, 0, 0};
  std::uint64_t bytes = 0;
  std::int64_t i = 0;
  bool failed = false;
  for (auto _ : state) {
    const std::int64_t at = f.offset(i, size);
    const std::string_view* ids = f.pool.ids.data() + at;
    const SignalBatch batch = f.pool.batch(at, size);
    for (int k = 0; k < 4; ++k) {
      const int part = int((i + k) % 4);
      const auto start = std::chrono::steady_clock::now();
      switch (part) {
        case 0:
          f.journal.add(ids, batch, nullptr, {}, Durability::sync);
          break;
        case 1:
          f.record.clear();
          journal::encode_record(f.record, journal::RecordType::add, f.bare_sequence++,
                                 journal::wall_clock(), journal::wall_clock(), batch, ids, nullptr);
          f.bare->sync_to(f.bare->append(f.record.data(), f.record.size()));
          break;
        case 2:
          failed = failed || !write_all(f.raw_fd, f.record) || ::fdatasync(f.raw_fd) != 0;
          break;
        case 3:
          f.memory.add(ids, batch);
          break;
      }
      const double took = seconds_since(start);
      seconds[part] += took;
      if (part == 0) state.SetIterationTime(took);
    }
    bytes += f.record.size();
    ++i;
  }
  if (failed) state.SkipWithError("cannot write the baseline's file");
  state.SetItemsProcessed(i);  // items: batches (calls)
  state.SetBytesProcessed(static_cast<std::int64_t>(bytes));
  const char* names[4] = {"add", "append", "raw", "memory"};
  for (int part = 0; part < 4; ++part) {
    state.counters[std::string(names[part]) + "_seconds_per_batch"] = seconds[part] / double(i);
    state.counters[std::string(names[part]) + "_bytes_per_second"] = double(bytes) / seconds[part];
  }
  state.counters["bytes_per_batch"] = double(bytes) / double(i);
}

// Group commit: rounds of one writer adding kRoundBatches 1-signal batches
// with `sync`, then kWriters threads adding as many each at once (they
// share fdatasyncs); each side's batches per second over the rounds. The
// time is the writers'.
constexpr int kWriters = 8;
constexpr std::int64_t kRoundBatches = 32;

void BM_GroupCommit(benchmark::State& state) {
  AppendFixture& f = appends();
  const std::int64_t stride = kPool / (kWriters + 1);
  std::int64_t round = 0;
  const auto write = [&](int writer) {
    for (std::int64_t b = 0; b < kRoundBatches; ++b) {
      const std::int64_t at = writer * stride + (round * kRoundBatches + b) % stride;
      f.journal.add(f.pool.ids.data() + at, f.pool.batch(at, 1), nullptr, {}, Durability::sync);
    }
  };
  double one = 0, many = 0;
  for (auto _ : state) {
    auto start = std::chrono::steady_clock::now();
    write(kWriters);
    one += seconds_since(start);
    start = std::chrono::steady_clock::now();
    std::vector<std::thread> writers;
    for (int w = 0; w < kWriters; ++w) writers.emplace_back(write, w);
    for (auto& t : writers) t.join();
    const double took = seconds_since(start);
    many += took;
    state.SetIterationTime(took);
    ++round;
  }
  state.SetItemsProcessed(round * kRoundBatches * kWriters);  // batches of the 8
  state.counters["writers"] = kWriters;
  state.counters["one_writer_batches_per_second"] = double(round * kRoundBatches) / one;
  state.counters["writers_batches_per_second"] = double(round * kRoundBatches * kWriters) / many;
}

// ---- recovery -------------------------------------------------------------------------

// A directory holding a checkpoint of every entity (one signal each) and a
// journal of kSignalsPerEntity signals per entity after it, in calls of
// kRecoveryBatch signals; and the same signals in memory.
struct RecoveryFixture {
  Model model;
  fs::path directory = scratch() / "recovery";
  std::string checkpoint;
  std::unique_ptr<IdSignals> journaled;
  std::uintmax_t bytes = 0;  // of the journal

  RecoveryFixture() {
    const std::int64_t entities = entity_count();
    JournaledStore j = JournaledStore::open(directory.string(), model);
    journaled = std::make_unique<IdSignals>(
        random_signals(entities * kSignalsPerEntity, entities, j.store().factor_count(), 3));
    std::fprintf(stderr, "bench_journal: journaling %lld signals after a checkpoint in %s\n",
                 static_cast<long long>(journaled->size()), directory.c_str());
    add_in_batches(j, every_entity(entities, j.store().factor_count()), kRecoveryBatch,
                   Durability::none);
    j.checkpoint();
    add_in_batches(j, *journaled, kRecoveryBatch, Durability::none);
    j.close();
    bytes = journal_bytes(directory);
    for (const auto& entry : fs::directory_iterator(directory))
      if (entry.path().extension() == ".tss") checkpoint = entry.path().string();
  }
};

RecoveryFixture& recovery() {
  static RecoveryFixture* f = new RecoveryFixture;
  return *f;
}

// Three ways to the same store, each timed alone, in an order that turns
// each iteration:
//   recover     JournaledStore::open: the checkpoint loaded, the journal
//               replayed (the benchmark's time);
//   memory      the baseline: the checkpoint loaded into a fresh store and
//               the same batches added by id from memory;
//   checkpoint  the checkpoint's load alone (what both begin with).
void BM_Recovery(benchmark::State& state) {
  RecoveryFixture& f = recovery();
  const IdSignals& s = *f.journaled;
  double seconds[3] = {0, 0, 0}, cpu[3] = {0, 0, 0};
  std::int64_t runs = 0;
  // One iteration per repetition (each takes seconds): the order turns
  // across repetitions too.
  static int turn = 0;
  for (auto _ : state) {
    ++turn;
    for (int k = 0; k < 3; ++k) {
      const int part = (turn + k) % 3;
      const double cpu_start = thread_cpu_seconds();
      auto start = std::chrono::steady_clock::now();
      if (part == 0) {
        JournaledStore j = JournaledStore::open(f.directory.string());
        const double took = seconds_since(start);
        cpu[0] += thread_cpu_seconds() - cpu_start;
        seconds[0] += took;
        state.SetIterationTime(took);
        if (j.recovery().signals != s.size()) {
          state.SkipWithError("the recovery replayed another number of signals");
          return;
        }
      } else {
        EvidenceStore store = load_store_file(f.checkpoint);
        if (part == 1)
          for (std::int64_t at = 0; at < s.size(); at += kRecoveryBatch)
            store.add(s.ids.data() + at, s.batch(at, std::min(kRecoveryBatch, s.size() - at)));
        seconds[part] += seconds_since(start);
        cpu[part] += thread_cpu_seconds() - cpu_start;
        benchmark::DoNotOptimize(store.signal_count());
      }
    }
    ++runs;
  }
  state.SetItemsProcessed(runs * s.size());  // items: journaled signals
  state.SetBytesProcessed(runs * static_cast<std::int64_t>(f.bytes));
  state.counters["recover_seconds"] = seconds[0] / double(runs);
  state.counters["memory_seconds"] = seconds[1] / double(runs);
  state.counters["checkpoint_seconds"] = seconds[2] / double(runs);
  state.counters["recover_cpu_seconds"] = cpu[0] / double(runs);
  state.counters["memory_cpu_seconds"] = cpu[1] / double(runs);
}

}  // namespace

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  for (std::int64_t size : {1, 100, 10'000})
    benchmark::RegisterBenchmark("BM_Append", BM_Append)
        ->ArgName("batch")
        ->Arg(size)
        ->UseManualTime()
        ->Unit(benchmark::kMicrosecond);
  benchmark::RegisterBenchmark("BM_GroupCommit", BM_GroupCommit)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  benchmark::RegisterBenchmark("BM_Recovery", BM_Recovery)
      ->UseManualTime()
      ->Unit(benchmark::kMillisecond);
  // Built before the runs, so that no run's time holds them.
  appends();
  recovery();
  benchmark::AddCustomContext("entities", std::to_string(entity_count()));
  benchmark::AddCustomContext("journaled_signals", std::to_string(recovery().journaled->size()));
  benchmark::AddCustomContext("journal_bytes", std::to_string(recovery().bytes));
  benchmark::AddCustomContext("recovery_batch", std::to_string(kRecoveryBatch));
  benchmark::AddCustomContext("directory", std::getenv("TRUSTSCORE_BENCH_DIR")
                                               ? "TRUSTSCORE_BENCH_DIR"
                                           : std::getenv("TMPDIR") ? "TMPDIR"
                                                                   : "/tmp");
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  appends().journal.close();
  std::error_code ignored;
  fs::remove_all(scratch(), ignored);
  return 0;
}
