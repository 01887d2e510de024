// What a JournaledStore holds (include/trustscore/journal.hpp), shared by
// the files of src/journal: opening and recovery, the journaled writers and
// checkpoints, and the history read from the journals.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "journal_directory.hpp"
#include "journal_file.hpp"
#include "journal_format.hpp"
#include "journal_history_index.hpp"
#include "trustscore/journal.hpp"

namespace trustscore {
inline namespace v1 {

struct JournaledStore::State {
  State(std::string directory_, JournalOptions options_, EvidenceStore store_)
      : directory(std::move(directory_)), options(options_), store(std::move(store_)) {}
  ~State();

  std::string directory;
  JournalOptions options;
  EvidenceStore store;
  RecoveryReport recovery;
  std::unique_ptr<journal::DirectoryLock> lock;  // held from before opening to close

  // Held by every writer from applying its call through appending its
  // record, so the journal's order is the order applied; and by checkpoints.
  std::mutex writer_mutex;
  std::shared_ptr<journal::JournalFile> file;  // the journal appended to
  std::uint64_t file_number = 0;
  std::uint64_t checkpoint_number = 0;  // of the newest checkpoint
  std::uint64_t next_sequence = 1;
  bool open = true;

  // The journals decoded per entity for the history calls, built on first
  // use and extended by later ones; history_mutex guards it (taken before
  // writer_mutex when both are held).
  std::mutex history_mutex;
  journal::HistoryIndex history;

  // The background sync of `interval` durability (started on first use).
  std::thread interval_thread;
  std::mutex interval_mutex;
  std::condition_variable interval_cv;
  bool interval_stop = false;

  void start_interval_sync();
  void stop_interval_sync();
  // Waits as `durability` asks for the first `end` bytes of `f`.
  void make_durable(const std::shared_ptr<journal::JournalFile>& f, std::uint64_t end,
                    Durability durability);
  void check_open() const;
};

namespace journal {
// The history calls' way to the state of a store (JournaledStore befriends it).
struct Access {
  static JournaledStore::State& state(const JournaledStore& store) { return store.state(); }
};

// Opening: the newest checkpoint and the journals after it (journal_recovery.cpp).
std::unique_ptr<JournaledStore::State> recover(const std::string& directory, const Model* model,
                                               const JournalOptions& options);
// JournaledStore::retract by id, its record naming each signal's source
// (`sources`, null: none), so that history matches each retraction to that
// source's signal among equal ones (retract_source).
void retract_signals(JournaledStore::State& s, const std::string_view* ids,
                     const SignalBatch& batch, const std::string_view* sources,
                     const IngestOptions& options, Durability durability);
// Wall clock, unix seconds.
double wall_clock();
// Applies a record to a store as opening replays it: an Error when the
// store refuses it (journal_recovery.cpp; the fuzz target uses it too).
void apply_record(EvidenceStore& store, const Record& record);
}  // namespace journal

}  // namespace v1
}  // namespace trustscore
