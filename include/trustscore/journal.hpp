// A durable evidence store: an EvidenceStore kept in a directory, with every
// add, retraction and entity removal appended to a journal before the call
// returns (compiled into trustscore::persist; nothing of Boost here).
//
// The directory holds (docs/design/journal.md has the byte layout):
//   checkpoint-N.tss  the store saved whole (the format of save_store_file),
//                     holding every record of the journals numbered below N
//   journal-N.tsj     the records after checkpoint N, in the order applied
//   LOCK              locked while a process has the directory open
//
// Opening loads the newest checkpoint and replays the journals after it. A
// crash can leave the last journal with a torn tail (a record written in
// part, or one whose checksum fails with nothing valid after it): it is cut
// off and reported in recovery(). Damage anywhere else is an Error naming the
// file and offset, never a silently wrong store.
//
// Durability: `sync` returns once the call's records are on disk
// (fdatasync; concurrent callers share one sync), `interval` syncs at most
// interval_ms later from a background thread, `none` leaves it to the
// operating system (and to checkpoint(), sync() and close()).
//
// Thread safety: every call may run concurrently with every other, as on
// EvidenceStore; writers are applied and journaled in one order.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"
#include "trustscore/signal.hpp"

namespace trustscore {
inline namespace v1 {

namespace journal {
struct Access;  // src/journal: the history calls (trustscore/history.hpp) reach the state
}

enum class Durability : std::uint8_t {
  store_default = 0,  // per call: the store's JournalOptions::durability
  sync = 1,
  interval = 2,
  none = 3,
};
const char* durability_name(Durability d) noexcept;
// "sync", "interval" or "none"; invalid_argument otherwise.
Durability durability_from_name(const std::string& name);

struct JournalOptions {
  Durability durability = Durability::sync;
  // With `interval`: the longest an acknowledged call waits to reach the disk.
  double interval_ms = 100.0;
  // Checkpoints keep the journals they cover, so that history, scores as of
  // a past time and retraction by source (trustscore/history.hpp) work
  // after a checkpoint. Without it they are removed, and those calls fail
  // once a checkpoint has removed one.
  bool keep_history = false;
};

// What opening found and did.
struct RecoveryReport {
  std::string checkpoint;        // the checkpoint file loaded
  std::int64_t journals = 0;     // journal files replayed
  std::int64_t records = 0;      // records replayed
  std::int64_t signals = 0;      // signals in them (added, retracted, or entities removed)
  std::string cut_file;          // the journal whose torn tail was cut off (empty: none)
  std::uint64_t cut_offset = 0;  // where the cut began
  std::uint64_t cut_bytes = 0;   // bytes cut
  std::int64_t cut_records = 0;  // records cut (a partial record counts one)
  bool cut() const noexcept { return !cut_file.empty(); }
};

class JournaledStore {
 public:
  // Opens the store kept in `directory`, creating the directory (its parent
  // must exist) and an empty store of `model`'s factors when it holds none.
  // A directory holding a store of other factors is an error.
  static JournaledStore open(const std::string& directory, const Model& model,
                             const JournalOptions& options = {});
  // Opens an existing store; a directory without one is an error.
  static JournaledStore open(const std::string& directory, const JournalOptions& options = {});

  JournaledStore(JournaledStore&&) noexcept;
  JournaledStore& operator=(JournaledStore&&) noexcept;
  // Closes (see close()); an error then is swallowed: call close() to see it.
  ~JournaledStore();

  // The store, for scoring and look-ups (its writers go through this class).
  const EvidenceStore& store() const;
  const std::string& directory() const;
  const JournalOptions& options() const;
  const RecoveryReport& recovery() const;

  // EvidenceStore::add by id, journaled. sources[i] names signal i's source
  // (a reviewer, a site; empty: none) for retract_source(); null: none.
  void add(const std::string_view* ids, const SignalBatch& batch,
           const std::string_view* sources = nullptr, const IngestOptions& options = {},
           Durability durability = Durability::store_default);
  // By dense index (batch.entity); journaled with the entities' ids.
  void add(const SignalBatch& batch, const std::string_view* sources = nullptr,
           const IngestOptions& options = {}, Durability durability = Durability::store_default);
  // EvidenceStore::retract, journaled; all or nothing.
  void retract(const std::string_view* ids, const SignalBatch& batch,
               const IngestOptions& options = {},
               Durability durability = Durability::store_default);
  void retract(const SignalBatch& batch, const IngestOptions& options = {},
               Durability durability = Durability::store_default);
  // EvidenceStore::remove_entity, journaled.
  std::int64_t remove_entity(std::string_view id,
                             Durability durability = Durability::store_default);

  template <class StringLike>
  void add(const StringLike* ids, const SignalBatch& batch, const IngestOptions& options = {},
           Durability durability = Durability::store_default) {
    const std::vector<std::string_view> views = to_views(ids, batch.size);
    add(views.data(), batch, nullptr, options, durability);
  }
  template <class StringLike>
  void retract(const StringLike* ids, const SignalBatch& batch, const IngestOptions& options = {},
               Durability durability = Durability::store_default) {
    const std::vector<std::string_view> views = to_views(ids, batch.size);
    retract(views.data(), batch, options, durability);
  }

  // Every record appended so far, on disk.
  void sync();
  // Saves the store whole (atomically) and starts a new journal; the older
  // checkpoint goes, and the journals it covered unless keep_history.
  void checkpoint();
  // Syncs, stops the background sync and releases the directory. Later
  // calls are errors; closing twice is not.
  void close();
  bool is_open() const noexcept;

  struct State;  // src/journal

 private:
  friend struct journal::Access;
  explicit JournaledStore(std::unique_ptr<State> state);
  State& state() const;
  template <class StringLike>
  static std::vector<std::string_view> to_views(const StringLike* ids, std::int64_t n) {
    std::vector<std::string_view> views;
    if (ids == nullptr || n <= 0) return views;
    views.reserve(static_cast<std::size_t>(n));
    for (std::int64_t i = 0; i < n; ++i) views.emplace_back(ids[i]);
    return views;
  }
  std::unique_ptr<State> state_;
};

}  // namespace v1
}  // namespace trustscore
