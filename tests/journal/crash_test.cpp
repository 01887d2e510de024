// The crash test (issue #21): a child process (crash_child.cpp) ingests the
// workload with `sync` durability and acknowledges each batch; it is killed
// with SIGKILL at random moments, and after each kill the store is reopened.
// Every acknowledged batch must be there exactly once and no batch in part:
// the store equals, cell for cell (signal counts and masses, bit for bit),
// the one that batches 0..k-1 build, for k the batches acknowledged or one
// more (the batch in flight may have reached the file before the kill).
// Three runs of 20 kills each: without checkpoints, with a checkpoint every
// 5 batches, and after every 2nd batch (so that kills land inside them).
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>

#include "../../src/journal/journal_directory.hpp"
#include "crash_workload.hpp"
#include "journal_fixtures.hpp"

using namespace trustscore;
using namespace tstest::journal;
namespace crash = tstest::crash;

namespace {

// What the child said on its stdout: "open R", then "ack B" per batch.
class ChildOutput {
 public:
  explicit ChildOutput(int fd) : fd_(fd) {}
  ~ChildOutput() { ::close(fd_); }
  ChildOutput(const ChildOutput&) = delete;
  ChildOutput& operator=(const ChildOutput&) = delete;

  // Reads what the child wrote, waiting up to timeout_ms (-1: until it
  // writes or ends) for the first bytes.
  void read_some(int timeout_ms) {
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return;
    char buffer[4096];
    const ssize_t got = ::read(fd_, buffer, sizeof buffer);
    if (got <= 0) {
      ended = got == 0 || errno != EINTR;
      return;
    }
    pending_.append(buffer, static_cast<std::size_t>(got));
    for (std::size_t eol; (eol = pending_.find('\n')) != std::string::npos;) {
      const std::string line = pending_.substr(0, eol);
      pending_.erase(0, eol + 1);
      if (line.rfind("ack ", 0) == 0) last_ack = std::stoll(line.substr(4)), ++acks;
      if (line.rfind("open ", 0) == 0) opened_records = std::stoll(line.substr(5));
    }
  }

  std::int64_t last_ack = -1;        // the last batch acknowledged
  std::int64_t acks = 0;             // batches acknowledged
  std::int64_t opened_records = -1;  // records its recovery replayed (-1: not open yet)
  bool ended = false;                // its stdout closed: it died

 private:
  int fd_;
  std::string pending_;
};

struct Child {
  pid_t pid;
  int out;  // the read end of its stdout
};

Child spawn(const std::vector<std::string>& args) {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  std::vector<char*> argv;
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(fds[1], STDOUT_FILENO);  // the copy does not close on exec
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  ::close(fds[1]);
  return {pid, fds[0]};
}

// A checkpoint cut short: the checkpoints and journals changed since
// `before`, and are not one checkpoint with its journal (what a finished
// checkpoint leaves), or a temporary file is left.
bool interrupted_checkpoint(const journal::Listing& before, const journal::Listing& after) {
  if (!after.leftovers.empty()) return true;
  if (after.checkpoints == before.checkpoints && after.journals == before.journals) return false;
  return !(after.checkpoints.size() == 1 && after.journals == after.checkpoints);
}

struct RunStats {
  int kills = 0, while_opening = 0, in_flight_kept = 0, torn_tails = 0, mid_checkpoint = 0;
  std::uint64_t batches = 0;
};

RunStats run(std::uint64_t seed, std::uint64_t checkpoint_every, int kills) {
  ScratchDir dir("crash-" + std::to_string(checkpoint_every));
  const std::string store_dir = dir.store();
  std::mt19937_64 rng(seed);
  const Model model;
  EvidenceStore reference(model);  // batches 0..k-1
  std::uint64_t k = 0;             // batches the store holds
  RunStats stats;
  for (int round = 0; round < kills; ++round) {
    CAPTURE(seed, checkpoint_every, round, k);
    const journal::Listing files_before =
        round > 0 ? journal::list_directory(store_dir) : journal::Listing{};
    const Child child = spawn({TRUSTSCORE_CRASH_CHILD, store_dir, std::to_string(seed),
                               std::to_string(k), std::to_string(checkpoint_every)});
    ChildOutput out(child.out);
    if (round % 8 == 7) {  // while it opens: mid-recovery, mid-cut of a torn tail
      ::usleep(static_cast<useconds_t>(rng() % 20000));
    } else {  // after 1..40 acknowledged batches, and up to 3 ms more
      const std::int64_t target = 1 + static_cast<std::int64_t>(rng() % 40);
      const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
      while (out.acks < target && !out.ended && std::chrono::steady_clock::now() < give_up)
        out.read_some(100);
      ::usleep(static_cast<useconds_t>(rng() % 3000));
    }
    ::kill(child.pid, SIGKILL);
    while (!out.ended) out.read_some(-1);
    int status = 0;
    REQUIRE(::waitpid(child.pid, &status, 0) == child.pid);
    INFO("the child ended by itself (its error is on stderr) with status " << status);
    REQUIRE((WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL));
    ++stats.kills;
    stats.while_opening += out.opened_records < 0;
    // The child's recovery replayed the journal after the newest checkpoint,
    // which covers a multiple of checkpoint_every batches (or none).
    if (out.opened_records >= 0) {
      const auto covered = static_cast<std::int64_t>(k) - out.opened_records;
      CHECK(covered >= 0);
      CHECK((checkpoint_every ? covered % std::int64_t(checkpoint_every) : covered) == 0);
    }
    const std::uint64_t acknowledged =
        out.last_ack >= 0 ? static_cast<std::uint64_t>(out.last_ack) + 1 : k;
    REQUIRE(acknowledged >= k);
    stats.mid_checkpoint +=
        round > 0 && interrupted_checkpoint(files_before, journal::list_directory(store_dir));

    auto store = JournaledStore::open(store_dir, model, {Durability::none});
    for (; k < acknowledged; ++k) crash::apply(reference, crash::make_batch(seed, k));
    std::string difference = store_difference(store.store(), reference);
    if (!difference.empty()) {  // then it must hold the batch in flight, whole
      EvidenceStore with_next = reference;
      crash::apply(with_next, crash::make_batch(seed, k));
      const std::string with_next_difference = store_difference(store.store(), with_next);
      INFO("the reopened store against batches 0.." << k - 1 << ": " << difference
                                                    << "; and with batch " << k
                                                    << " too: " << with_next_difference);
      REQUIRE(with_next_difference.empty());
      reference = std::move(with_next);
      ++k, ++stats.in_flight_kept;
    }
    const RecoveryReport& r = store.recovery();
    const auto covered = static_cast<std::int64_t>(k) - r.records;
    CHECK((checkpoint_every ? covered % std::int64_t(checkpoint_every) : covered) == 0);
    if (r.cut()) {
      ++stats.torn_tails;
      CHECK(r.cut_bytes > 0);
      CHECK(r.cut_records >= 1);
    }
    store.close();
  }
  stats.batches = k;
  return stats;
}

}  // namespace

TEST_CASE("killed at random moments, the store keeps every acknowledged batch once") {
  const auto start = std::chrono::steady_clock::now();
  RunStats total;
  const std::pair<std::uint64_t, std::uint64_t> runs[] = {{11, 0}, {12, 5}, {13, 2}};
  for (const auto& [seed, every] : runs) {
    const RunStats s = run(seed, every, 20);
    // Each run got far enough to have retracted batches and, with
    // checkpoints, to have made several.
    CHECK(s.batches >= 50);
    if (every > 0) CHECK(s.mid_checkpoint > 0);
    WARN("crash run, checkpoint every "
         << every << ": " << s.kills << " kills (" << s.while_opening << " while opening), "
         << s.batches << " batches; batch in flight kept " << s.in_flight_kept
         << " times, torn tails cut " << s.torn_tails << ", kills mid-checkpoint "
         << s.mid_checkpoint);
    total.kills += s.kills;
  }
  CHECK(total.kills >= 50);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  WARN("crash test: " << total.kills << " kills in " << seconds << " s");
}
