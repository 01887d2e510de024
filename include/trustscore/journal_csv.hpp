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

namespace detail {

inline CsvReport add_journaled(JournaledStore& journal, const CsvColumns& read,
                               const CsvOptions& options, Durability durability) {
  std::vector<std::string_view> ids(read.codes.size());
  for (std::size_t i = 0; i < ids.size(); ++i) ids[i] = read.id(read.codes[i]);
  const std::vector<std::string_view> sources(read.sources.begin(), read.sources.end());
  journal.add(ids.data(), read.batch(), sources.empty() ? nullptr : sources.data(),
              IngestOptions{options.default_time}, durability);
  return read.report;
}

}  // namespace detail

inline CsvReport ingest_csv_text(JournaledStore& journal, std::string_view text,
                                 const std::string& name, CsvOptions options = {},
                                 Durability durability = Durability::store_default) {
  options.keep_sources = true;
  const CsvColumns read = read_csv_columns_text(journal.store().factors(), text, name, options);
  return detail::add_journaled(journal, read, options, durability);
}

// The file is streamed as ingest_csv_file(EvidenceStore&, ...) streams it.
inline CsvReport ingest_csv_file(JournaledStore& journal, const std::string& path,
                                 CsvOptions options = {},
                                 Durability durability = Durability::store_default) {
  options.keep_sources = true;
  const CsvColumns read = read_csv_columns_file(journal.store().factors(), path, options);
  return detail::add_journaled(journal, read, options, durability);
}

}  // namespace v1
}  // namespace trustscore
