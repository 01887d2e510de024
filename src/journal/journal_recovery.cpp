// Opening a journaled store: the newest checkpoint, then the journals after
// it replayed in order; a torn tail of the last journal cut off and
// reported; any other damage an Error naming the file and offset.
#include <unistd.h>

#include <chrono>
#include <cmath>
#include <cstdio>

#include "../persist/envelope.hpp"
#include "journal_format.hpp"
#include "journal_state.hpp"
#include "trustscore/error.hpp"
#include "trustscore/persist.hpp"

namespace trustscore {
inline namespace v1 {
namespace journal {

double wall_clock() {
  using namespace std::chrono;
  return duration<double>(system_clock::now().time_since_epoch()).count();
}

void apply_record(EvidenceStore& store, const Record& r) {
  const IngestOptions options{r.default_time};
  switch (r.type) {
    case RecordType::add:
      store.add(r.ids.data(), r.batch(), options);
      break;
    case RecordType::retract:
      store.retract(r.ids.data(), r.batch(), options);
      break;
    case RecordType::remove_entity:
      store.remove_entity(r.ids.at(0));
      break;
  }
}

namespace {

void check_options(const JournalOptions& o) {
  require(o.durability == Durability::sync || o.durability == Durability::interval ||
              o.durability == Durability::none,
          "durability must be sync, interval or none");
  require(std::isfinite(o.interval_ms) && o.interval_ms > 0,
          "interval_ms must be positive and finite");
}

void check_same_factors(const EvidenceStore& store, const Model& model,
                        const std::string& directory) {
  const FactorCatalog& have = store.factors();
  const FactorCatalog& want = model.factors();
  bool same = have.size() == want.size();
  for (std::size_t f = 0; same && f < have.size(); ++f) same = have[f].id == want[f].id;
  if (!same)
    fail(Status::invalid_argument,
         "the store in '" + directory + "' has other factors than the model (" +
             std::to_string(have.size()) + " against " + std::to_string(want.size()) + ")");
}

// A new store: checkpoint 0 of the model's empty store, then journal 0.
std::unique_ptr<JournaledStore::State> create_store(const std::string& directory,
                                                    const Model& model,
                                                    const JournalOptions& options) {
  auto state = std::make_unique<JournaledStore::State>(directory, options, EvidenceStore(model));
  save_store_file(state->store, checkpoint_path(directory, 0));
  state->file.reset(JournalFile::create(journal_path(directory, 0), 0, 1));
  state->recovery.checkpoint = checkpoint_path(directory, 0);
  return state;
}

// Replays journal `number` into the state's store. Returns its scan, with
// valid_end before a last record that failed to apply (see below).
Scan replay(JournaledStore::State& state, std::uint64_t number, bool last) {
  const std::string path = journal_path(state.directory, number);
  const persist::MappedFile file(path);
  const FileHeader header = read_file_header(file.data(), file.size(), path);
  if (header.number != number)
    fail(Status::bad_format, path + ": the header says journal " + std::to_string(header.number));
  if (header.first_sequence != state.next_sequence && state.recovery.journals > 0)
    fail(Status::bad_format, path + ": its records start at " +
                                 std::to_string(header.first_sequence) + ", the journal before" +
                                 " ends at " + std::to_string(state.next_sequence - 1));
  state.next_sequence = header.first_sequence;
  // A record that fails to apply was refused when it was written too (the
  // store is the same): its call failed, but the process died before it cut
  // the record back. Only the last record can be such; elsewhere it is damage.
  std::string failed;
  std::size_t failed_at = 0;
  const Scan scan =
      scan_records(file.data(), file.size(), path, header.first_sequence,
                   [&](const Record& record, std::size_t offset) {
                     if (!failed.empty())
                       fail(Status::bad_format, path + ": offset " + std::to_string(failed_at) +
                                                    ": a record that does not apply: " + failed);
                     try {
                       apply_record(state.store, record);
                     } catch (const Error& e) {
                       failed = e.what(), failed_at = offset;
                       return;
                     }
                     ++state.next_sequence;
                     ++state.recovery.records;
                     state.recovery.signals += record.size();
                   });
  if (!scan.damage.empty()) fail(Status::bad_format, scan.damage);
  Scan result = scan;
  if (!failed.empty()) {
    if (!last)
      fail(Status::bad_format, path + ": offset " + std::to_string(failed_at) +
                                   ": a record that does not apply: " + failed);
    result.valid_end = failed_at, result.torn = true, result.records -= 1;
  }
  if (result.torn) {
    if (!last)
      fail(Status::bad_format, path + ": offset " + std::to_string(result.valid_end) +
                                   ": a torn record in a journal that is not the last");
    RecoveryReport& r = state.recovery;
    r.cut_file = path, r.cut_offset = result.valid_end;
    r.cut_bytes = file.size() - result.valid_end;
    r.cut_records = scan.records - result.records + (scan.torn ? 1 : 0);
  }
  ++state.recovery.journals;
  return result;
}

std::unique_ptr<JournaledStore::State> open_existing(const std::string& directory,
                                                     const Listing& listing, const Model* model,
                                                     const JournalOptions& options) {
  if (listing.checkpoints.empty())
    fail(Status::bad_format, "'" + directory + "' holds journals but no checkpoint");
  const std::uint64_t n = listing.checkpoints.back();
  const std::string checkpoint = checkpoint_path(directory, n);
  auto state =
      std::make_unique<JournaledStore::State>(directory, options, load_store_file(checkpoint));
  if (model) check_same_factors(state->store, *model, directory);
  state->recovery.checkpoint = checkpoint;
  state->checkpoint_number = n;
  std::vector<std::uint64_t> after;
  for (std::uint64_t j : listing.journals)
    if (j >= n) after.push_back(j);
  // A journal made by a checkpoint that died before its header was whole
  // holds no record: it goes. So does journal 0 of a new store that died so
  // (it is made after checkpoint 0), which is then made again.
  if (after.size() > 1 || (after.size() == 1 && after.back() == 0)) {
    const std::string newest = journal_path(directory, after.back());
    if (persist::MappedFile(newest).size() < kFileHeaderSize) {
      ::unlink(newest.c_str());
      after.pop_back();
    }
  }
  if (after.empty() || after.front() != n) {
    if (n != 0 || !after.empty())  // checkpoint N is written after journal N is made
      fail(Status::bad_format, journal_path(directory, n) + " is missing (checkpoint " +
                                   std::to_string(n) + " needs it)");
    state->file.reset(JournalFile::create(journal_path(directory, 0), 0, 1));
    return state;
  }
  for (std::size_t i = 0; i < after.size(); ++i)
    if (after[i] != n + i) fail(Status::bad_format, journal_path(directory, n + i) + " is missing");
  Scan last{};
  for (std::size_t i = 0; i < after.size(); ++i)
    last = replay(*state, after[i], i + 1 == after.size());
  state->file_number = after.back();
  state->file.reset(JournalFile::reopen(journal_path(directory, after.back()), last.valid_end));
  return state;
}

}  // namespace

std::unique_ptr<JournaledStore::State> recover(const std::string& directory, const Model* model,
                                               const JournalOptions& options) {
  check_options(options);
  if (model)
    make_directory(directory);
  else if (::access(directory.c_str(), F_OK) != 0)
    fail(Status::io, "no journaled store in '" + directory + "': no such directory");
  auto lock = std::make_unique<DirectoryLock>(directory);
  const Listing listing = list_directory(directory);
  for (const std::string& leftover : listing.leftovers) ::unlink(leftover.c_str());
  std::unique_ptr<JournaledStore::State> state;
  if (listing.empty()) {
    if (!model) fail(Status::invalid_argument, "'" + directory + "' holds no journaled store");
    state = create_store(directory, *model, options);
  } else {
    state = open_existing(directory, listing, model, options);
    // Checkpoints older than the newest are left by a crash in a checkpoint.
    for (std::uint64_t c : listing.checkpoints)
      if (c < state->checkpoint_number) ::unlink(checkpoint_path(directory, c).c_str());
  }
  sync_directory(directory);
  state->lock = std::move(lock);
  return state;
}

}  // namespace journal
}  // namespace v1
}  // namespace trustscore
