// Reading the journals into the history index (journal_history_index.hpp):
// each record's signals filed under their entities, each retraction matched
// to the signal it took back, each removal ending the entity's signals.
#include <sys/stat.h>

#include <cmath>
#include <cstring>

#include "../persist/envelope.hpp"
#include "journal_format.hpp"
#include "journal_state.hpp"
#include "trustscore/detail/signal_checks.hpp"
#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

namespace {

using LiveAdds = std::unordered_map<std::uint64_t, std::vector<std::uint32_t>>;

// The fields a retraction must repeat to take a signal back; -0 and +0 are
// one value (they compare equal), so they hash alike.
std::uint64_t fields_hash(const HistoryEntry& e) {
  std::uint64_t h = 0x9e3779b97f4a7c15ull ^ static_cast<std::uint32_t>(e.factor);
  for (double x : {e.value, e.weight, e.time, e.credibility}) {
    x += 0.0;
    std::uint64_t bits;
    std::memcpy(&bits, &x, sizeof bits);
    h ^= bits + 0x9e3779b97f4a7c15ull + (h << 6) + (h >> 2);
  }
  return h;
}

bool same_fields(const HistoryEntry& a, const HistoryEntry& b) {
  return a.factor == b.factor && a.value == b.value && a.weight == b.weight && a.time == b.time &&
         a.credibility == b.credibility;
}

std::int32_t entry_number(std::size_t k) {
  if (k > std::size_t(INT32_MAX))
    fail(Status::invalid_argument, "an entity with more than 2^31 journaled calls has no history");
  return static_cast<std::int32_t>(k);
}

class Indexer {
 public:
  explicit Indexer(HistoryIndex& index) : index_(index) {}

  void record(const Record& r) {
    switch (r.type) {
      case RecordType::add:
        for (std::int64_t i = 0; i < r.size(); ++i) add(r, i);
        break;
      case RecordType::retract:
        for (std::int64_t i = 0; i < r.size(); ++i) retract(r, i);
        break;
      case RecordType::remove_entity:
        remove(r);
        break;
    }
  }

 private:
  EntityEntries& entity(std::string_view id) {
    // Batches often name one entity many times in a row.
    if (last_ && last_id_ == id) return *last_;
    last_ = &index_.entities[std::string(id)];
    last_id_.assign(id.data(), id.size());
    return *last_;
  }

  std::int32_t source(std::string_view name) {
    if (name.empty()) return -1;
    const auto [it, inserted] =
        index_.source_index.emplace(std::string(name), std::int32_t(index_.sources.size()));
    if (inserted) index_.sources.emplace_back(name);
    return it->second;
  }

  static HistoryEntry signal(const Record& r, std::int64_t i, EntryKind kind) {
    HistoryEntry e;
    e.kind = kind;
    e.recorded_at = r.recorded_at;
    e.factor = r.factor[i];
    e.value = r.value[i];
    e.weight = r.flags & kWeight ? r.weight[i] : 1.0;
    e.time = r.flags & kTime && !std::isnan(r.time[i]) ? r.time[i] : r.default_time;
    e.credibility = r.flags & kCredibility ? r.credibility[i] : 1.0;
    return e;
  }

  void add(const Record& r, std::int64_t i) {
    HistoryEntry e = signal(r, i, EntryKind::added);
    if (!r.sources.empty()) e.source = source(r.sources[i]);
    EntityEntries& x = entity(r.ids[i]);
    const std::int32_t k = entry_number(x.entries.size());
    if (x.live_adds) (*x.live_adds)[fields_hash(e)].push_back(std::uint32_t(k));
    x.entries.push_back(e);
  }

  // Matches the earliest live add of the same fields (and of the source the
  // retraction names, when it names one: retract_source's do).
  void retract(const Record& r, std::int64_t i) {
    HistoryEntry e = signal(r, i, EntryKind::retracted);
    const std::int32_t named = r.sources.empty() ? -1 : source(r.sources[i]);
    EntityEntries& x = entity(r.ids[i]);
    const std::int32_t k = entry_number(x.entries.size());
    if (!x.live_adds) {
      x.live_adds = std::make_unique<LiveAdds>();
      for (std::size_t a = x.live_from; a < x.entries.size(); ++a)
        if (x.entries[a].kind == EntryKind::added && x.entries[a].killer < 0)
          (*x.live_adds)[fields_hash(x.entries[a])].push_back(std::uint32_t(a));
    }
    const auto it = x.live_adds->find(fields_hash(e));
    if (it != x.live_adds->end()) {
      std::vector<std::uint32_t>& candidates = it->second;
      for (auto c = candidates.begin(); c != candidates.end(); ++c) {
        HistoryEntry& add = x.entries[*c];
        if (!same_fields(add, e) || (named >= 0 && add.source != named)) continue;
        add.killer = k;
        e.match = std::int32_t(*c);
        e.source = add.source;
        candidates.erase(c);
        if (candidates.empty()) x.live_adds->erase(it);
        break;
      }
    }
    if (e.match < 0) e.source = named;
    x.entries.push_back(e);
  }

  // Ends every signal of the entity journaled before it.
  void remove(const Record& r) {
    EntityEntries& x = entity(r.ids.at(0));
    const std::int32_t k = entry_number(x.entries.size());
    for (std::size_t a = x.live_from; a < x.entries.size(); ++a)
      if (x.entries[a].is_item() && x.entries[a].killer < 0) x.entries[a].killer = k;
    HistoryEntry e;
    e.kind = EntryKind::removed;
    e.recorded_at = r.recorded_at;
    e.time = std::nan("");
    x.entries.push_back(e);
    x.live_from = x.entries.size();
    if (x.live_adds) x.live_adds->clear();
  }

  HistoryIndex& index_;
  EntityEntries* last_ = nullptr;
  std::string last_id_;
};

// What a record holds that history cannot place (a journal this library
// wrote holds none: its calls were checked before they were journaled).
std::string problem_in(const Record& r, std::size_t factors) {
  if (!std::isfinite(r.recorded_at)) return "a record without a finite time of recording";
  if (r.type == RecordType::remove_entity) return {};
  try {
    detail::validate_signals(r.batch(), IngestOptions{r.default_time}, false, 0,
                             static_cast<std::int32_t>(factors));
  } catch (const Error& e) {
    return e.what();
  }
  for (std::int64_t i = 0; i < r.size(); ++i)
    if (!(r.flags & kTime && !std::isnan(r.time[i])) && std::isnan(r.default_time))
      return "signal " + std::to_string(i) + " has no time";
  return {};
}

[[noreturn]] void missing(const std::string& path) {
  fail(Status::invalid_argument,
       "history needs every journal since the store was created, and " + path +
           " is gone: a checkpoint removed it (open the store with JournalOptions::keep_history "
           "to keep them)");
}

}  // namespace

void extend_history(JournaledStore::State& state) {
  // The records up to the current journal's size now were applied (a
  // failed call cuts its record back before it releases writer_mutex);
  // later appends do not move them.
  std::uint64_t last_journal = 0, last_end = 0;
  {
    std::lock_guard<std::mutex> lock(state.writer_mutex);
    state.check_open();
    last_journal = state.file_number;
    last_end = state.file->size();
  }
  HistoryIndex& index = state.history;
  Indexer indexer(index);
  Record record;
  std::string why;
  while (index.journal < last_journal ||
         (index.journal == last_journal && index.offset < last_end)) {
    const std::string path = journal_path(state.directory, index.journal);
    struct stat info;
    if (::stat(path.c_str(), &info) != 0) missing(path);
    const persist::MappedFile file(path);
    // Journals before the current one are whole: nothing is appended to
    // them after the checkpoint that started the next.
    const std::size_t end = index.journal == last_journal ? last_end : file.size();
    if (end > file.size())
      fail(Status::bad_format, path + ": shorter than the records journaled in it");
    if (index.offset == 0) {
      const FileHeader header = read_file_header(file.data(), end, path);
      if (header.number != index.journal || header.first_sequence != index.next_sequence)
        fail(Status::bad_format,
             path + ": its header says journal " + std::to_string(header.number) + " from record " +
                 std::to_string(header.first_sequence) + ", expected " +
                 std::to_string(index.journal) + " from " + std::to_string(index.next_sequence));
      index.offset = kFileHeaderSize;
    }
    while (index.offset < end) {
      const std::size_t size = read_record(file.data(), end, index.offset, record, why);
      if (size != 0)
        why = record.sequence != index.next_sequence
                  ? "record sequence " + std::to_string(record.sequence) + ", expected " +
                        std::to_string(index.next_sequence)
                  : problem_in(record, state.store.factor_count());
      if (size == 0 || !why.empty())
        fail(Status::bad_format, path + ": offset " + std::to_string(index.offset) + ": " + why);
      indexer.record(record);
      index.offset += size;
      ++index.next_sequence;
    }
    if (index.journal == last_journal) break;
    ++index.journal;
    index.offset = 0;
  }
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
