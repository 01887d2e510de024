// The crash test's child (crash_test.cpp runs it and kills it): opens the
// journaled store in DIRECTORY with `sync` durability and ingests the
// workload's batches FIRST, FIRST+1, ... until it is killed, printing
// "ack B" once batch B's call has returned (so B is on disk). With
// CHECKPOINT_EVERY > 0 it checkpoints after every batch B with
// (B + 1) % CHECKPOINT_EVERY == 0, so kills land inside checkpoints too.
//
//   trustscore_journal_crash_child DIRECTORY SEED FIRST CHECKPOINT_EVERY
//
// Prints "open R" first (R: the records its recovery replayed). Exits 2 on
// an error, which the parent reports: it only ever ends by SIGKILL.
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

#include "crash_workload.hpp"
#include "trustscore/error.hpp"

namespace {

// Straight to the pipe, unbuffered: what the parent reads is what was said
// before the kill.
void say(const std::string& line) {
  const std::string text = line + "\n";
  std::size_t at = 0;
  while (at < text.size()) {
    const ssize_t put = ::write(STDOUT_FILENO, text.data() + at, text.size() - at);
    if (put <= 0) std::_Exit(3);  // the parent is gone
    at += static_cast<std::size_t>(put);
  }
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 5) {
    std::fprintf(stderr, "usage: %s DIRECTORY SEED FIRST CHECKPOINT_EVERY\n", argv[0]);
    return 2;
  }
  const std::string directory = argv[1];
  const std::uint64_t seed = std::strtoull(argv[2], nullptr, 10);
  const std::uint64_t first = std::strtoull(argv[3], nullptr, 10);
  const std::uint64_t checkpoint_every = std::strtoull(argv[4], nullptr, 10);
  try {
    trustscore::JournalOptions options;
    options.durability = trustscore::Durability::sync;
    auto store = trustscore::JournaledStore::open(directory, trustscore::Model(), options);
    say("open " + std::to_string(store.recovery().records));
    for (std::uint64_t b = first;; ++b) {
      tstest::crash::apply(store, tstest::crash::make_batch(seed, b), trustscore::Durability::sync);
      say("ack " + std::to_string(b));
      if (checkpoint_every > 0 && (b + 1) % checkpoint_every == 0) store.checkpoint();
    }
  } catch (const trustscore::Error& e) {
    std::fprintf(stderr, "crash child: %s\n", e.what());
    return 2;
  }
}
