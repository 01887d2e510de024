// The C ABI of reading signals CSV (trustscore/csv.h): the reader's options,
// adding a file to a store with them, and columns read without a store.
#include "trustscore/csv.hpp"

#include <cmath>
#include <cstddef>
#include <iterator>
#include <limits>
#include <string>

#include "guard.hpp"
#include "trustscore/journal_csv.hpp"

struct trustscore_csv_signals {
  trustscore::CsvColumns columns;
};

using namespace trustscore;
using namespace trustscore::c_api;

namespace {

constexpr std::size_t csv_options_sizes[] = {sizeof(trustscore_csv_options)};
static_assert(std::size(csv_options_sizes) == TRUSTSCORE_CSV_OPTIONS_VERSION);

// The defaults, CsvOptions' (written once there), in the newest layout.
trustscore_csv_options default_csv_options() {
  const CsvOptions defaults;
  trustscore_csv_options o{};
  o.version = TRUSTSCORE_CSV_OPTIONS_VERSION;
  o.skip_bad_rows = defaults.skip_bad_rows;
  o.default_time = defaults.default_time;
  o.threads = defaults.threads;
  o.block_bytes = static_cast<int64_t>(defaults.block_bytes);
  return o;
}

// A CSV options struct (NULL: the defaults).
CsvOptions csv_options(const trustscore_csv_options* options) {
  if (!options) return {};
  check_version(options->version, TRUSTSCORE_CSV_OPTIONS_VERSION, "options",
                "trustscore_csv_options_init");
  const auto given = read_versioned(*options, default_csv_options(), csv_options_sizes);
  if (given.reserved != 0) fail(Status::invalid_argument, "options->reserved is not 0");
  if (given.threads < 0) fail(Status::invalid_argument, "options->threads is negative");
  if (given.block_bytes <= 0) fail(Status::invalid_argument, "options->block_bytes must be > 0");
  if (std::isinf(given.default_time))
    fail(Status::invalid_argument, "options->default_time is infinite");
  CsvOptions o;
  o.skip_bad_rows = given.skip_bad_rows != 0;
  o.default_time = given.default_time;
  o.threads = given.threads;
  o.block_bytes = static_cast<std::size_t>(given.block_bytes);
  return o;
}

void add_csv(trustscore_store* store, const char* path, const CsvOptions& options, int64_t* added,
             int64_t* skipped) {
  need(store, "store");
  need(path, "path");
  const CsvReport report = store->journal ? ingest_csv_file(*store->journal, path, options)
                                          : ingest_csv_file(*store->memory, path, options);
  if (added) *added = report.signals;
  if (skipped) *skipped = report.skipped;
}

}  // namespace

extern "C" {

int trustscore_csv_options_init(trustscore_csv_options* options, int32_t version) {
  return guard(__func__, [&] {
    need(options, "options");
    check_version(version, TRUSTSCORE_CSV_OPTIONS_VERSION, "options",
                  "trustscore_csv_options_init");
    auto defaults = default_csv_options();
    defaults.version = version;
    write_versioned(options, defaults, version, csv_options_sizes);
  });
}

int trustscore_store_add_csv(trustscore_store* store, const char* path, int skip_bad_rows,
                             double default_time, int64_t* added, int64_t* skipped) {
  return guard(__func__, [&] {
    CsvOptions options;
    options.skip_bad_rows = skip_bad_rows != 0;
    options.default_time = default_time;
    add_csv(store, path, options, added, skipped);
  });
}

int trustscore_store_add_csv_with(trustscore_store* store, const char* path,
                                  const trustscore_csv_options* options, int64_t* added,
                                  int64_t* skipped) {
  return guard(__func__, [&] { add_csv(store, path, csv_options(options), added, skipped); });
}

int trustscore_csv_read(const trustscore_model* model, const char* path, const char* text,
                        int64_t size, const char* name, const trustscore_csv_options* options,
                        trustscore_csv_signals** out) {
  return guard(__func__, [&] {
    need(out, "out");
    *out = nullptr;
    need(model, "model");
    const CsvOptions o = csv_options(options);
    auto read = std::make_unique<trustscore_csv_signals>();
    if (path) {
      read->columns = read_csv_columns_file(model->model.factors(), path, o);
    } else {
      need_non_negative(size, "size");
      need_input(text, size);
      read->columns = read_csv_columns_text(model->model.factors(),
                                            std::string_view(text, static_cast<std::size_t>(size)),
                                            name ? name : "<text>", o);
    }
    *out = read.release();
  });
}

int trustscore_csv_signals_columns(const trustscore_csv_signals* signals,
                                   trustscore_csv_columns* out) {
  return guard(__func__, [&] {
    need(signals, "signals");
    need(out, "out");
    const CsvColumns& c = signals->columns;
    trustscore_csv_columns v{};
    v.count = static_cast<int64_t>(c.codes.size());
    v.id_count = c.id_count();
    v.id_data = c.id_data.data();
    v.id_offsets = c.id_offsets.data();
    v.codes = c.codes.data();
    v.factor = c.factors.data();
    v.value = c.values.data();
    v.weight = c.weights.data();
    v.time = c.times.data();
    v.credibility = c.credibilities.data();
    v.line = c.lines.data();
    v.rows = c.report.rows;
    v.skipped = c.report.skipped;
    *out = v;
  });
}

void trustscore_csv_signals_free(trustscore_csv_signals* signals) { delete signals; }

}  // extern "C"
