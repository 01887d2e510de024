// The journaled writers: each call's record is appended before the call is
// applied to the store (both under the writer mutex, so the journal's order
// is the store's), and made durable after the mutex is released, where
// concurrent callers share one sync. Checkpoints and closing.
#include <unistd.h>

#include <chrono>
#include <cmath>

#include "journal_format.hpp"
#include "journal_state.hpp"
#include "trustscore/detail/signal_checks.hpp"
#include "trustscore/error.hpp"
#include "trustscore/persist.hpp"

namespace trustscore {
inline namespace v1 {

const char* durability_name(Durability d) noexcept {
  switch (d) {
    case Durability::store_default:
      return "store_default";
    case Durability::sync:
      return "sync";
    case Durability::interval:
      return "interval";
    case Durability::none:
      return "none";
  }
  return "unknown";
}

Durability durability_from_name(const std::string& name) {
  if (name == "sync") return Durability::sync;
  if (name == "interval") return Durability::interval;
  if (name == "none") return Durability::none;
  fail(Status::invalid_argument, "durability '" + name + "' is not one of sync, interval, none");
}

JournaledStore::State::~State() { stop_interval_sync(); }

void JournaledStore::State::check_open() const {
  if (!open) fail(Status::invalid_argument, "the journaled store '" + directory + "' is closed");
}

void JournaledStore::State::start_interval_sync() {
  std::lock_guard<std::mutex> guard(interval_mutex);
  if (interval_thread.joinable() || interval_stop) return;
  interval_thread = std::thread([this] {
    const auto period = std::chrono::duration<double, std::milli>(options.interval_ms);
    std::unique_lock<std::mutex> lock(interval_mutex);
    while (!interval_cv.wait_for(lock, period, [this] { return interval_stop; })) {
      lock.unlock();
      std::shared_ptr<journal::JournalFile> f;
      {
        std::lock_guard<std::mutex> writers(writer_mutex);
        f = file;
      }
      // A failed sync marks the journal broken: the next call reports it.
      try {
        if (f) f->sync_all();
      } catch (const Error&) {
      }
      lock.lock();
    }
  });
}

void JournaledStore::State::stop_interval_sync() {
  {
    std::lock_guard<std::mutex> guard(interval_mutex);
    interval_stop = true;
  }
  interval_cv.notify_all();
  if (interval_thread.joinable()) interval_thread.join();
}

void JournaledStore::State::make_durable(const std::shared_ptr<journal::JournalFile>& f,
                                         std::uint64_t end, Durability durability) {
  if (durability == Durability::store_default) durability = options.durability;
  if (durability == Durability::sync)
    f->sync_to(end);
  else if (durability == Durability::interval)
    start_interval_sync();
}

namespace {

void check_durability(Durability d) {
  require(d == Durability::store_default || d == Durability::sync || d == Durability::interval ||
              d == Durability::none,
          "durability must be store_default, sync, interval or none");
}

void check_ids(const std::string_view* ids, std::int64_t n) {
  require(n == 0 || ids != nullptr, "entity ids are null");
  for (std::int64_t i = 0; i < n; ++i)
    if (ids[i].empty())
      fail(Status::invalid_argument, "signal " + std::to_string(i) + ": entity id is empty");
}

// Appends one encoded record and applies it; a failure to apply cuts the
// record back, so the journal holds only what the store holds. Returns the
// journal and its end after the record, for make_durable.
template <class Apply>
std::pair<std::shared_ptr<journal::JournalFile>, std::uint64_t> append_and_apply(
    JournaledStore::State& s, const std::vector<unsigned char>& record, Apply&& apply_it) {
  const std::shared_ptr<journal::JournalFile> f = s.file;
  const std::uint64_t before = f->size();
  const std::uint64_t end = f->append(record.data(), record.size());
  try {
    apply_it();
  } catch (...) {
    f->cut_back(before);
    throw;
  }
  ++s.next_sequence;
  return {f, end};
}

// A buffer per thread keeps a record's bytes; one that a huge batch grew is
// given back rather than held for the thread's life.
thread_local std::vector<unsigned char> record_buffer;
void release_large_buffer() {
  if (record_buffer.capacity() > (std::size_t{64} << 20))
    std::vector<unsigned char>().swap(record_buffer);
}

// Journals a call of signals and applies it: encoded and appended, then
// applied, under the writers' mutex; made durable once it is released.
template <class Apply>
void journal_call(JournaledStore::State& s, journal::RecordType type, const std::string_view* ids,
                  const SignalBatch& batch, const std::string_view* sources, double default_time,
                  Durability durability, Apply&& apply) {
  std::unique_lock<std::mutex> lock(s.writer_mutex);
  s.check_open();
  record_buffer.clear();
  journal::encode_record(record_buffer, type, s.next_sequence, journal::wall_clock(), default_time,
                         batch, ids, sources);
  const auto [f, end] = append_and_apply(s, record_buffer, apply);
  lock.unlock();
  release_large_buffer();
  s.make_durable(f, end, durability);
}

// The ids of a batch's dense entities (checked), copied: the store's may
// move once its lock is released. Calls by index are journaled by id.
std::vector<std::string> ids_of(const EvidenceStore& store, const SignalBatch& batch) {
  std::vector<std::string> names(static_cast<std::size_t>(batch.size));
  const auto lock = store.read_lock();
  for (std::int64_t i = 0; i < batch.size; ++i) names[i] = store.entity_ids()[batch.entity[i]];
  return names;
}

}  // namespace

JournaledStore::JournaledStore(std::unique_ptr<State> state) : state_(std::move(state)) {}
JournaledStore::JournaledStore(JournaledStore&&) noexcept = default;
JournaledStore& JournaledStore::operator=(JournaledStore&& o) noexcept {
  if (this != &o) {
    try {
      close();
    } catch (const Error&) {
    }
    state_ = std::move(o.state_);
  }
  return *this;
}
JournaledStore::~JournaledStore() {
  try {
    close();
  } catch (const Error&) {
  }
}

JournaledStore JournaledStore::open(const std::string& directory, const Model& model,
                                    const JournalOptions& options) {
  return JournaledStore(journal::recover(directory, &model, options));
}
JournaledStore JournaledStore::open(const std::string& directory, const JournalOptions& options) {
  return JournaledStore(journal::recover(directory, nullptr, options));
}

JournaledStore::State& JournaledStore::state() const {
  if (!state_) fail(Status::invalid_argument, "the journaled store was moved from");
  return *state_;
}
const EvidenceStore& JournaledStore::store() const { return state().store; }
const std::string& JournaledStore::directory() const { return state().directory; }
const JournalOptions& JournaledStore::options() const { return state().options; }
const RecoveryReport& JournaledStore::recovery() const { return state().recovery; }
bool JournaledStore::is_open() const noexcept { return state_ && state_->open; }

void JournaledStore::add(const std::string_view* ids, const SignalBatch& batch,
                         const std::string_view* sources, const IngestOptions& options,
                         Durability durability) {
  State& s = state();
  check_durability(durability);
  detail::validate_signals(batch, options, false, 0,
                           static_cast<std::int32_t>(s.store.factor_count()));
  check_ids(ids, batch.size);
  // The record holds the time a signal without one gets, so that a replay
  // gives it the same time.
  const IngestOptions resolved{std::isnan(options.default_time) ? journal::wall_clock()
                                                                : options.default_time};
  journal_call(s, journal::RecordType::add, ids, batch, sources, resolved.default_time, durability,
               [&] { s.store.add(ids, batch, resolved); });
}

void JournaledStore::add(const SignalBatch& batch, const std::string_view* sources,
                         const IngestOptions& options, Durability durability) {
  State& s = state();
  detail::validate_signals(batch, options, true, std::int64_t(s.store.entity_count()),
                           static_cast<std::int32_t>(s.store.factor_count()));
  const std::vector<std::string> names = ids_of(s.store, batch);
  const std::vector<std::string_view> views(names.begin(), names.end());
  add(views.data(), batch, sources, options, durability);
}

void JournaledStore::retract(const std::string_view* ids, const SignalBatch& batch,
                             const IngestOptions& options, Durability durability) {
  journal::retract_signals(state(), ids, batch, nullptr, options, durability);
}

void journal::retract_signals(JournaledStore::State& s, const std::string_view* ids,
                              const SignalBatch& batch, const std::string_view* sources,
                              const IngestOptions& options, Durability durability) {
  check_durability(durability);
  detail::validate_signals(batch, options, false, 0,
                           static_cast<std::int32_t>(s.store.factor_count()));
  check_ids(ids, batch.size);
  detail::check_retraction_times(batch, options);
  journal_call(s, journal::RecordType::retract, ids, batch, sources, options.default_time,
               durability, [&] { s.store.retract(ids, batch, options); });
}

void JournaledStore::retract(const SignalBatch& batch, const IngestOptions& options,
                             Durability durability) {
  State& s = state();
  detail::validate_signals(batch, options, true, std::int64_t(s.store.entity_count()),
                           static_cast<std::int32_t>(s.store.factor_count()));
  const std::vector<std::string> names = ids_of(s.store, batch);
  const std::vector<std::string_view> views(names.begin(), names.end());
  retract(views.data(), batch, options, durability);
}

std::int64_t JournaledStore::remove_entity(std::string_view id, Durability durability) {
  State& s = state();
  check_durability(durability);
  std::unique_lock<std::mutex> lock(s.writer_mutex);
  s.check_open();
  if (s.store.find_entity(id) < 0)
    fail(Status::invalid_argument, "entity '" + std::string(id) + "' is not in the store");
  record_buffer.clear();
  journal::encode_removal(record_buffer, s.next_sequence, journal::wall_clock(), id);
  std::int64_t removed = 0;
  const auto [f, end] =
      append_and_apply(s, record_buffer, [&] { removed = s.store.remove_entity(id); });
  lock.unlock();
  release_large_buffer();
  s.make_durable(f, end, durability);
  return removed;
}

void JournaledStore::sync() {
  State& s = state();
  std::shared_ptr<journal::JournalFile> f;
  {
    std::lock_guard<std::mutex> lock(s.writer_mutex);
    s.check_open();
    f = s.file;
  }
  f->sync_all();
}

void JournaledStore::checkpoint() {
  State& s = state();
  std::lock_guard<std::mutex> lock(s.writer_mutex);
  s.check_open();
  s.file->sync_all();
  // Journal N+1 exists before checkpoint N+1 does, so a checkpoint always
  // has its journal; a crash between leaves checkpoint N and an empty N+1.
  const std::uint64_t number = s.file_number + 1;
  const std::string journal_file = journal::journal_path(s.directory, number);
  std::shared_ptr<journal::JournalFile> next(
      journal::JournalFile::create(journal_file, number, s.next_sequence));
  try {
    save_store_file(s.store, journal::checkpoint_path(s.directory, number));
  } catch (...) {
    next.reset();
    ::unlink(journal_file.c_str());
    throw;
  }
  s.file = std::move(next);
  s.file_number = s.checkpoint_number = number;
  const journal::Listing listing = journal::list_directory(s.directory);
  for (std::uint64_t c : listing.checkpoints)
    if (c < number) ::unlink(journal::checkpoint_path(s.directory, c).c_str());
  if (!s.options.keep_history)
    for (std::uint64_t j : listing.journals)
      if (j < number) ::unlink(journal::journal_path(s.directory, j).c_str());
  journal::sync_directory(s.directory);
}

void JournaledStore::close() {
  if (!state_) return;
  State& s = *state_;
  s.stop_interval_sync();
  std::lock_guard<std::mutex> lock(s.writer_mutex);
  if (!s.open) return;
  s.open = false;
  const std::shared_ptr<journal::JournalFile> f = std::move(s.file);
  try {
    if (f) f->sync_all();
  } catch (...) {
    s.lock.reset();  // released even when the last sync fails
    throw;
  }
  s.lock.reset();
}

}  // namespace v1
}  // namespace trustscore
