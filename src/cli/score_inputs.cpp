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

}  // namespace

std::int64_t retract_csv_file(EvidenceStore& store, const std::string& path,
                              const CsvOptions& options) {
  CsvOptions strict = options;
  // A retraction that left rows out would leave their signals in the store.
  strict.skip_bad_rows = false;
  strict.progress = nullptr;
  const CsvSignals signals = read_csv_signals_file(store.factors(), path, strict);
  try {
    store.retract(signals.ids.data(), signals.batch(), IngestOptions{options.default_time});
  } catch (const Error& e) {
    fail(e.status(), at_line(e.what(), path, signals.lines));
  }
  return signals.report.signals;
}

}  // namespace trustscore::cli
