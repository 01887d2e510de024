// Signals from CSV into a journaled store (journal.hpp): the rows parsed and
// checked as ingest_csv_file does for an EvidenceStore (csv.hpp), then added
// by one journaled call with each signal's source, so that retract_source
// (history.hpp) can take them back. All or nothing, as there.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/journal.hpp"

namespace trustscore {
inline namespace v1 {

inline CsvReport ingest_csv_text(JournaledStore& journal, std::string_view text,
                                 const std::string& name, CsvOptions options = {},
                                 Durability durability = Durability::store_default) {
  options.keep_sources = true;
  const CsvSignals read = read_csv_signals_text(journal.store().factors(), text, name, options);
  const std::vector<std::string_view> ids(read.ids.begin(), read.ids.end());
  const std::vector<std::string_view> sources(read.sources.begin(), read.sources.end());
  journal.add(ids.data(), read.batch(), sources.empty() ? nullptr : sources.data(),
              IngestOptions{options.default_time}, durability);
  return read.report;
}

inline CsvReport ingest_csv_file(JournaledStore& journal, const std::string& path,
                                 const CsvOptions& options = {},
                                 Durability durability = Durability::store_default) {
  return ingest_csv_text(journal, detail::read_text_file(path), path, options, durability);
}

}  // namespace v1
}  // namespace trustscore
