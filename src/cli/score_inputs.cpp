#include "score_inputs.hpp"

#include <cctype>
#include <iostream>
#include <iterator>

namespace trustscore::cli {

std::vector<std::string> read_entity_ids(const std::string& path) {
  std::string text;
  if (path == "-") {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    if (std::cin.bad()) fail(Status::io, "error reading the entity ids from standard input");
  } else {
    text = detail::read_text_file(path);
  }
  std::vector<std::string> ids;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    // trim() leaves the '\r' of a CRLF line end: take it first.
    std::string_view line(text.data() + start, end - start);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    line = detail::trim(line);
    if (!line.empty()) ids.emplace_back(line);
    start = end + 1;
  }
  return ids;
}

namespace {

// The store names a failing signal "signal I" (its index in the batch):
// name its file and line instead. Other messages get the file's name.
std::string at_line(const std::string& message, const std::string& path,
                    const std::vector<std::int64_t>& lines) {
  const std::string prefix = "signal ";
  std::size_t digits = prefix.size();
  while (digits < message.size() && std::isdigit(static_cast<unsigned char>(message[digits])))
    ++digits;
  if (message.compare(0, prefix.size(), prefix) != 0 || digits == prefix.size())
    return path + ": cannot retract: " + message;
  const auto i = std::stoull(message.substr(prefix.size(), digits - prefix.size()));
  if (i >= lines.size()) return path + ": cannot retract: " + message;
  return path + ":" + std::to_string(lines[i]) + ": cannot retract the signal" +
         message.substr(digits);
}

// The signals of the CSV file at path, retracted by retract(signals), all
// or none; the store's messages about signal i name the file and line.
template <class Retract>
std::int64_t retract_csv_signals(const FactorCatalog& factors, const std::string& path,
                                 const CsvOptions& options, Retract&& retract) {
  CsvOptions strict = options;
  // A retraction that left rows out would leave their signals in the store.
  strict.skip_bad_rows = false;
  strict.progress = nullptr;
  const CsvSignals signals = read_csv_signals_file(factors, path, strict);
  try {
    retract(signals);
  } catch (const Error& e) {
    fail(e.status(), at_line(e.what(), path, signals.lines));
  }
  return signals.report.signals;
}

}  // namespace

std::int64_t retract_csv_file(EvidenceStore& store, const std::string& path,
                              const CsvOptions& options) {
  return retract_csv_signals(store.factors(), path, options, [&](const CsvSignals& signals) {
    store.retract(signals.ids.data(), signals.batch(), IngestOptions{options.default_time});
  });
}

std::int64_t retract_csv_file(JournaledStore& journal, const std::string& path,
                              const CsvOptions& options, Durability durability) {
  return retract_csv_signals(journal.store().factors(), path, options,
                             [&](const CsvSignals& signals) {
                               journal.retract(signals.ids.data(), signals.batch(),
                                               IngestOptions{options.default_time}, durability);
                             });
}

}  // namespace trustscore::cli
