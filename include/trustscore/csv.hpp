// Signals from CSV: a header naming the columns entity, factor, value and
// optionally weight, time, source (any order), then one signal per row.
// RFC 4180 quoting ("a, b" and "say ""hi"""), LF or CRLF line ends and a
// UTF-8 byte-order mark are accepted. Every row is parsed and checked before
// the store changes: a bad row is an error naming file, line, column and the
// problem, or, with skip_bad_rows, is counted, explained and left out.
//
// This lives in a header (not in the compiled library, as DESIGN.md first
// placed it) so that C++ users of trustscore::headers can read CSV too; the
// shared library exports only the C ABI.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <functional>
#include <limits>
#include <map>
#include <sstream>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/error.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

struct CsvOptions {
  bool skip_bad_rows = false;
  double default_time = std::numeric_limits<double>::quiet_NaN();  // see IngestOptions
  // Credibility in [0, 1] of named sources; a signal's weight is scaled by it.
  std::unordered_map<std::string, double> source_credibility;
  double unknown_source_credibility = 1.0;  // for sources not in the map
  // Evidence before a cutoff (evaluation): signals at or after this time are
  // left out and counted in CsvReport::after_cutoff; a signal without a time
  // (and no default_time) is then a bad row, as it cannot be placed.
  double cutoff = std::numeric_limits<double>::infinity();
  std::size_t max_reported_problems = 20;  // examples kept in CsvReport::problems
  // Keep each signal's source in CsvSignals::sources (a journal records them,
  // for retract_source); off, the source only sets credibility.
  bool keep_sources = false;
  // Called now and then with bytes parsed and total bytes (progress bars).
  std::function<void(std::uint64_t, std::uint64_t)> progress;
};

struct CsvReport {
  std::int64_t rows = 0;          // data rows seen
  std::int64_t signals = 0;       // rows ingested
  std::int64_t skipped = 0;       // bad rows left out (skip_bad_rows only)
  std::int64_t sourced = 0;       // signals that name a source
  std::int64_t credited = 0;      // of those, signals whose source is in source_credibility
  std::int64_t after_cutoff = 0;  // rows left out by CsvOptions::cutoff
  std::map<std::string, std::int64_t> skipped_by_reason;
  std::vector<std::string> problems;  // the first few, "file:line: column c (name): ..."
};

namespace detail {

// Splits CSV text into records of fields; tracks the line each record starts on.
class CsvTokenizer {
 public:
  explicit CsvTokenizer(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  std::size_t position() const noexcept { return pos_; }
  std::int64_t line() const noexcept { return record_line_; }

  // Reads the next record into fields; false at end of input. Throws on an
  // unterminated quote or text after a closing quote.
  bool next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    record_line_ = line_;
    std::string field;
    bool quoted_field = false;
    while (true) {
      if (pos_ >= text_.size()) {
        fields.push_back(std::move(field));
        return true;
      }
      const char c = text_[pos_];
      if (c == '"' && field.empty() && !quoted_field) {
        quoted_field = true;
        read_quoted(field);
        continue;
      }
      if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        quoted_field = false;
        ++pos_;
        continue;
      }
      if (c == '\n' || c == '\r') {
        pos_ += (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ? 2 : 1;
        ++line_;
        fields.push_back(std::move(field));
        return true;
      }
      if (quoted_field)
        throw std::runtime_error("text after a closing quote in column " +
                                 std::to_string(fields.size() + 1));
      field.push_back(c);
      ++pos_;
    }
  }

 private:
  void read_quoted(std::string& field) {
    const std::int64_t start_line = line_;
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          return;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
      }
    }
    throw std::runtime_error("quote opened on line " + std::to_string(start_line) +
                             " is never closed");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1, record_line_ = 1;
};

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// A problem in one row: the reason (for counting) and the full message.
struct RowProblem {
  std::string reason, message;
};

}  // namespace detail

// Signals read from CSV and not yet added anywhere (to be retracted, say):
// columns for a SignalBatch whose entities are given by id, and the line of
// each signal in the file (for messages about signal i).
struct CsvSignals {
  std::vector<std::string> ids;
  std::vector<std::int32_t> factors;
  std::vector<double> values, weights, times, credibilities;
  std::vector<std::int64_t> lines;
  // With CsvOptions::keep_sources and a source column: each signal's source
  // ("" for none); empty otherwise.
  std::vector<std::string> sources;
  CsvReport report;  // report.signals: the rows read

  // The columns as a batch (entity ids: ids.data()); valid while this lives.
  SignalBatch batch() const {
    SignalBatch b;
    b.size = static_cast<std::int64_t>(ids.size());
    b.factor = factors.data();
    b.value = values.data();
    b.weight = weights.data();
    b.time = times.data();
    b.credibility = credibilities.data();
    return b;
  }
};

// Parses CSV text (name is used in messages) into signals of the factors
// `catalog` names, checking every row as ingest_csv_text does.
inline CsvSignals read_csv_signals_text(const FactorCatalog& catalog, std::string_view text,
                                        const std::string& name, const CsvOptions& options = {}) {
  enum Column { entity, factor, value, weight, time, source, column_kinds };
  static const char* const column_names[] = {"entity", "factor", "value",
                                             "weight", "time",   "source"};
  for (const auto& [src, c] : options.source_credibility)
    require(std::isfinite(c) && c >= 0 && c <= 1,
            "credibility of source '" + src + "' must be in [0, 1]");
  require(std::isfinite(options.unknown_source_credibility) &&
              options.unknown_source_credibility >= 0 && options.unknown_source_credibility <= 1,
          "unknown-source credibility must be in [0, 1]");

  detail::CsvTokenizer tok(text);
  std::vector<std::string> fields;
  const auto bad = [&](std::int64_t line, const std::string& what) {
    fail(Status::bad_format, name + ":" + std::to_string(line) + ": " + what);
  };
  try {
    if (!tok.next(fields))
      bad(1, "empty file: expected a header entity,factor,value[,weight,time,source]");
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const Error*>(&e)) throw;
    bad(tok.line(), e.what());
  }
  int where[column_kinds] = {-1, -1, -1, -1, -1, -1};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view h = detail::trim(fields[i]);
    int kind = -1;
    for (int k = 0; k < column_kinds; ++k)
      if (h == column_names[k]) kind = k;
    if (kind < 0)
      bad(1, "column " + std::to_string(i + 1) + ": unknown header '" + std::string(h) +
                 "' (expected entity, factor, value, weight, time, source)");
    if (where[kind] >= 0)
      bad(1, "column " + std::to_string(i + 1) + ": duplicate header '" + std::string(h) + "'");
    where[kind] = static_cast<int>(i);
  }
  for (int k : {entity, factor, value})
    if (where[k] < 0)
      bad(1, std::string("header lacks the required column '") + column_names[k] + "'");
  const std::size_t columns_expected = fields.size();

  CsvSignals read;
  CsvReport& report = read.report;
  const auto total = static_cast<std::uint64_t>(text.size());
  std::int64_t since_progress = 0;

  while (true) {
    try {
      if (!tok.next(fields)) break;
    } catch (const std::runtime_error& e) {
      bad(tok.line(), e.what());  // quoting errors lose the record boundary: always fatal
    }
    const std::int64_t line = tok.line();
    if (fields.size() == 1 && detail::trim(fields[0]).empty()) continue;  // blank line
    ++report.rows;
    if (options.progress && ++since_progress == 65536) {
      since_progress = 0;
      options.progress(tok.position(), total);
    }
    detail::RowProblem problem;
    const auto column_problem = [&](int kind, std::string reason, const std::string& what) {
      problem.reason = std::move(reason);
      problem.message = name + ":" + std::to_string(line) + ": column " +
                        std::to_string(where[kind] + 1) + " (" + column_names[kind] + "): " + what;
    };
    std::int32_t f = -1;
    double v = 0, w = 1, t = std::numeric_limits<double>::quiet_NaN(), cred = 1;
    if (fields.size() != columns_expected) {
      problem.reason = "wrong column count";
      problem.message = name + ":" + std::to_string(line) + ": " + std::to_string(fields.size()) +
                        " columns, the header has " + std::to_string(columns_expected);
    } else if (detail::trim(fields[where[entity]]).empty()) {
      column_problem(entity, "empty entity", "entity id is empty");
    } else if ((f = static_cast<std::int32_t>(catalog.find(detail::trim(fields[where[factor]])))) <
               0) {
      column_problem(factor, "unknown factor",
                     "unknown factor '" + std::string(detail::trim(fields[where[factor]])) + "'");
    } else if (!detail::parse_double(fields[where[value]], v)) {
      column_problem(value, "malformed value", "'" + fields[where[value]] + "' is not a number");
    } else if (!std::isfinite(v)) {
      column_problem(value, "value not finite", "value is NaN or infinite");
    } else if (v < 0 || v > 1) {
      column_problem(
          value, "value outside [0,1]",
          "value " + std::string(detail::trim(fields[where[value]])) + " outside [0, 1]");
    } else if (where[weight] >= 0 && !detail::trim(fields[where[weight]]).empty() &&
               !detail::parse_double(fields[where[weight]], w)) {
      column_problem(weight, "malformed weight", "'" + fields[where[weight]] + "' is not a number");
    } else if (!std::isfinite(w)) {
      column_problem(weight, "weight not finite", "weight is NaN or infinite");
    } else if (w < 0) {
      column_problem(weight, "negative weight", "weight " + std::to_string(w) + " is negative");
    } else if (where[time] >= 0 && !detail::trim(fields[where[time]]).empty() &&
               !try_parse_time(detail::trim(fields[where[time]]), t)) {
      column_problem(
          time, "malformed time",
          "malformed time '" + fields[where[time]] + "' (expected unix seconds or ISO-8601 UTC)");
    }
    const bool cut = std::isfinite(options.cutoff);
    if (problem.reason.empty() && cut && std::isnan(t) && std::isnan(options.default_time)) {
      problem.reason = "no time before a cutoff";
      problem.message = name + ":" + std::to_string(line) +
                        ": the signal has no time, so it cannot be placed before the cutoff";
    }
    if (problem.reason.empty() && cut &&
        (std::isnan(t) ? options.default_time : t) >= options.cutoff) {
      ++report.after_cutoff;
      continue;
    }
    if (problem.reason.empty()) {
      if (where[source] >= 0) {
        const std::string src(detail::trim(fields[where[source]]));
        if (!src.empty()) {
          const auto it = options.source_credibility.find(src);
          const bool known = it != options.source_credibility.end();
          cred = known ? it->second : options.unknown_source_credibility;
          ++report.sourced;
          report.credited += known;
        }
      }
      if (options.keep_sources && where[source] >= 0)
        read.sources.emplace_back(detail::trim(fields[where[source]]));
      read.ids.emplace_back(detail::trim(fields[where[entity]]));
      read.factors.push_back(f);
      read.values.push_back(v);
      read.weights.push_back(w);
      read.times.push_back(t);
      read.credibilities.push_back(cred);
      read.lines.push_back(line);
      continue;
    }
    if (!options.skip_bad_rows) fail(Status::bad_format, problem.message);
    ++report.skipped;
    ++report.skipped_by_reason[problem.reason];
    if (report.problems.size() < options.max_reported_problems)
      report.problems.push_back(problem.message);
  }
  if (options.progress) options.progress(total, total);
  report.signals = static_cast<std::int64_t>(read.ids.size());
  return read;
}

// Parses CSV text (name is used in messages) and adds its signals to store.
inline CsvReport ingest_csv_text(EvidenceStore& store, std::string_view text,
                                 const std::string& name, const CsvOptions& options = {}) {
  const CsvSignals read = read_csv_signals_text(store.factors(), text, name, options);
  store.add(read.ids.data(), read.batch(), IngestOptions{options.default_time});
  return read.report;
}

namespace detail {

// The whole file as text; io errors name the path.
inline std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(Status::io, "'" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(Status::io, "cannot open '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) fail(Status::io, "error reading '" + path + "'");
  return buffer.str();
}

}  // namespace detail

inline CsvReport ingest_csv_file(EvidenceStore& store, const std::string& path,
                                 const CsvOptions& options = {}) {
  return ingest_csv_text(store, detail::read_text_file(path), path, options);
}

inline CsvSignals read_csv_signals_file(const FactorCatalog& catalog, const std::string& path,
                                        const CsvOptions& options = {}) {
  return read_csv_signals_text(catalog, detail::read_text_file(path), path, options);
}

}  // namespace v1
}  // namespace trustscore
