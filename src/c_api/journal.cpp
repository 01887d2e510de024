// The C ABI's journaled stores (include/trustscore/journal.h): opening,
// checkpoints, syncing, closing, the recovery report, and the adds and
// retractions that take a source column and a durability of their own.
#include "trustscore/journal.hpp"

#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "guard.hpp"
#include "store_writers.hpp"

using namespace trustscore::c_api;
using trustscore::Durability;
using trustscore::fail;
using trustscore::Status;

namespace {

static_assert(TRUSTSCORE_DURABILITY_DEFAULT == int(Durability::store_default) &&
              TRUSTSCORE_DURABILITY_SYNC == int(Durability::sync) &&
              TRUSTSCORE_DURABILITY_INTERVAL == int(Durability::interval) &&
              TRUSTSCORE_DURABILITY_NONE == int(Durability::none));

// The structs' size in each version, oldest first (guard.hpp,
// read_versioned): a new version appends fields and its size here.
constexpr std::size_t journal_options_sizes[] = {sizeof(trustscore_journal_options)};
constexpr std::size_t recovery_report_sizes[] = {sizeof(trustscore_recovery_report)};
static_assert(std::size(journal_options_sizes) == TRUSTSCORE_JOURNAL_OPTIONS_VERSION);
static_assert(std::size(recovery_report_sizes) == TRUSTSCORE_RECOVERY_REPORT_VERSION);

// The defaults, the C++ struct's (written once there), in the newest layout.
trustscore_journal_options default_journal_options() {
  const trustscore::JournalOptions defaults;
  trustscore_journal_options o{};
  o.version = TRUSTSCORE_JOURNAL_OPTIONS_VERSION;
  o.durability = static_cast<int32_t>(defaults.durability);
  o.interval_ms = defaults.interval_ms;
  o.keep_history = defaults.keep_history ? 1 : 0;
  return o;
}

// A durability argument: one of TRUSTSCORE_DURABILITY_*, DEFAULT only where
// `allow_default` (per call).
Durability durability_of(int32_t code, const char* name, bool allow_default) {
  const int32_t lowest = allow_default ? TRUSTSCORE_DURABILITY_DEFAULT : TRUSTSCORE_DURABILITY_SYNC;
  if (code < lowest || code > TRUSTSCORE_DURABILITY_NONE)
    fail(Status::invalid_argument, std::string(name) + " must be TRUSTSCORE_DURABILITY_" +
                                       (allow_default ? "DEFAULT, _SYNC" : "SYNC") +
                                       ", _INTERVAL or _NONE, not " + std::to_string(code));
  return static_cast<Durability>(code);
}

// The options of trustscore_store_open (NULL: the defaults).
trustscore::JournalOptions journal_options(const trustscore_journal_options* options) {
  trustscore::JournalOptions o;
  if (!options) return o;
  check_version(options->version, TRUSTSCORE_JOURNAL_OPTIONS_VERSION, "options",
                "trustscore_journal_options_init");
  const auto given = read_versioned(*options, default_journal_options(), journal_options_sizes);
  if (given.reserved != 0) fail(Status::invalid_argument, "options->reserved is not 0");
  o.durability = durability_of(given.durability, "options->durability", false);
  o.interval_ms = given.interval_ms;
  o.keep_history = given.keep_history != 0;
  return o;
}

// The journal of a store that must have one.
trustscore::JournaledStore& journal_of(const trustscore_store* store) {
  need(store, "store");
  if (!store->journal)
    fail(Status::invalid_argument,
         "store is not journaled (trustscore_store_open makes a journaled store)");
  return *store->journal;
}

}  // namespace

extern "C" {

int trustscore_journal_options_init(trustscore_journal_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_JOURNAL_OPTIONS_VERSION, "options",
                  "trustscore_journal_options_init");
    auto defaults = default_journal_options();
    defaults.version = version;
    write_versioned(options, defaults, version, journal_options_sizes);
  });
}

int trustscore_store_open(const char* directory, const trustscore_model* model,
                          const trustscore_journal_options* options, trustscore_store** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(directory, "directory");
    const trustscore::JournalOptions o = journal_options(options);
    auto journal = std::make_unique<trustscore::JournaledStore>(
        model ? trustscore::JournaledStore::open(directory, model->model, o)
              : trustscore::JournaledStore::open(directory, o));
    *out = new trustscore_store{std::nullopt, std::move(journal)};
  });
}

int trustscore_store_checkpoint(trustscore_store* store) {
  return guard(__func__, [&] { journal_of(store).checkpoint(); });
}

int trustscore_store_sync(trustscore_store* store) {
  return guard(__func__, [&] { journal_of(store).sync(); });
}

int trustscore_store_close(trustscore_store* store) {
  return guard(__func__, [&] { journal_of(store).close(); });
}

int trustscore_store_add_journaled(trustscore_store* store, int64_t count,
                                   const char* const* entity_ids, const int64_t* entity_index,
                                   const int32_t* factor, const double* value, const double* weight,
                                   const double* time, const double* credibility,
                                   const char* const* sources, double default_time,
                                   int32_t durability) {
  return guard(__func__, [&] {
    journal_of(store);
    const trustscore::SignalBatch batch =
        signal_columns(count, entity_ids, entity_index, factor, value, weight, time, credibility);
    const Durability d = durability_of(durability, "durability", true);
    std::vector<std::string_view> source_views;
    if (sources) {
      source_views.reserve(static_cast<std::size_t>(count));
      for (int64_t i = 0; i < count; ++i)
        source_views.emplace_back(sources[i] ? std::string_view(sources[i]) : std::string_view());
    }
    add_signals(*store, entity_ids, batch, sources ? source_views.data() : nullptr,
                trustscore::IngestOptions{default_time}, d);
  });
}

int trustscore_store_retract_journaled(trustscore_store* store, int64_t count,
                                       const char* const* entity_ids, const int64_t* entity_index,
                                       const int32_t* factor, const double* value,
                                       const double* weight, const double* time,
                                       const double* credibility, double default_time,
                                       int32_t durability) {
  return guard(__func__, [&] {
    journal_of(store);
    const trustscore::SignalBatch batch =
        signal_columns(count, entity_ids, entity_index, factor, value, weight, time, credibility);
    retract_signals(*store, entity_ids, batch, trustscore::IngestOptions{default_time},
                    durability_of(durability, "durability", true));
  });
}

int trustscore_store_add_journaled_ids(trustscore_store* store, int64_t count,
                                       const trustscore_id_table* entities, const int32_t* factor,
                                       const double* value, const double* weight,
                                       const double* time, const double* credibility,
                                       const trustscore_id_table* sources, double default_time,
                                       int32_t durability) {
  return guard(__func__, [&] {
    journal_of(store);
    const trustscore::SignalBatch batch =
        signal_columns(count, factor, value, weight, time, credibility);
    const IdTable entity_table(entities, count, "entities");
    const Durability d = durability_of(durability, "durability", true);
    std::vector<std::string_view> source_views;  // an empty one: no source
    if (sources) source_views = IdTable(sources, count, "sources", "source", true).item_views();
    add_signals(*store, entity_table, batch, sources ? source_views.data() : nullptr,
                trustscore::IngestOptions{default_time}, d);
  });
}

int trustscore_store_retract_journaled_ids(trustscore_store* store, int64_t count,
                                           const trustscore_id_table* entities,
                                           const int32_t* factor, const double* value,
                                           const double* weight, const double* time,
                                           const double* credibility, double default_time,
                                           int32_t durability) {
  return guard(__func__, [&] {
    journal_of(store);
    const trustscore::SignalBatch batch =
        signal_columns(count, factor, value, weight, time, credibility);
    retract_signals(*store, IdTable(entities, count, "entities"), batch,
                    trustscore::IngestOptions{default_time},
                    durability_of(durability, "durability", true));
  });
}

int trustscore_recovery_report_init(trustscore_recovery_report* report, int32_t version) {
  return guard(__func__, [&] {
    need(report, "report");
    check_version(version, TRUSTSCORE_RECOVERY_REPORT_VERSION, "report",
                  "trustscore_recovery_report_init");
    trustscore_recovery_report empty{};
    empty.version = version;
    write_versioned(report, empty, version, recovery_report_sizes);
  });
}

int trustscore_store_recovery(const trustscore_store* store, trustscore_recovery_report* report) {
  return guard(__func__, [&] {
    const trustscore::RecoveryReport& r = journal_of(store).recovery();
    need(report, "report");
    check_version(report->version, TRUSTSCORE_RECOVERY_REPORT_VERSION, "report",
                  "trustscore_recovery_report_init");
    trustscore_recovery_report out{};
    out.version = report->version;
    out.cut = r.cut() ? 1 : 0;
    out.journals = r.journals;
    out.records = r.records;
    out.signals = r.signals;
    out.cut_offset = static_cast<int64_t>(r.cut_offset);
    out.cut_bytes = static_cast<int64_t>(r.cut_bytes);
    out.cut_records = r.cut_records;
    write_versioned(report, out, report->version, recovery_report_sizes);
  });
}

int trustscore_store_recovery_file(const trustscore_store* store, int which, char* buf,
                                   int64_t capacity, int64_t* length) {
  return guard(__func__, [&] {
    const trustscore::RecoveryReport& r = journal_of(store).recovery();
    if (which != TRUSTSCORE_RECOVERY_CHECKPOINT && which != TRUSTSCORE_RECOVERY_CUT_FILE)
      fail(Status::invalid_argument,
           "which must be TRUSTSCORE_RECOVERY_CHECKPOINT or _CUT_FILE, not " +
               std::to_string(which));
    copy_out(which == TRUSTSCORE_RECOVERY_CHECKPOINT ? r.checkpoint : r.cut_file, buf, capacity,
             length);
  });
}

}  // extern "C"
