// The signals CSV reader as it was before it streamed: one record at a time
// through the plain tokenizer, every field a string. The tests hold the
// streaming, threaded reader (trustscore/csv.hpp) to it: the same signals,
// lines, counts and messages.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/csv.hpp"

namespace tstest {

// Parses CSV text (name is used in messages) into signals of the factors
// `catalog` names, checking every row as ingest_csv_text does.
inline trustscore::CsvSignals reference_read_csv_signals(
    const trustscore::FactorCatalog& catalog, std::string_view text, const std::string& name,
    const trustscore::CsvOptions& options = {}) {
  enum Column { entity, factor, value, weight, time, source, column_kinds };
  static const char* const column_names[] = {"entity", "factor", "value",
                                             "weight", "time",   "source"};
  for (const auto& [src, c] : options.source_credibility)
    trustscore::require(std::isfinite(c) && c >= 0 && c <= 1,
                        "credibility of source '" + src + "' must be in [0, 1]");
  trustscore::require(std::isfinite(options.unknown_source_credibility) &&
                          options.unknown_source_credibility >= 0 &&
                          options.unknown_source_credibility <= 1,
                      "unknown-source credibility must be in [0, 1]");

  trustscore::detail::CsvTokenizer tok(text);
  std::vector<std::string> fields;
  const auto bad = [&](std::int64_t line, const std::string& what) {
    trustscore::fail(trustscore::Status::bad_format,
                     name + ":" + std::to_string(line) + ": " + what);
  };
  try {
    if (!tok.next(fields))
      bad(1, "empty file: expected a header entity,factor,value[,weight,time,source]");
  } catch (const std::runtime_error& e) {
    if (dynamic_cast<const trustscore::Error*>(&e)) throw;
    bad(tok.line(), e.what());
  }
  int where[column_kinds] = {-1, -1, -1, -1, -1, -1};
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string_view h = trustscore::detail::trim(fields[i]);
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

  trustscore::CsvSignals read;
  trustscore::CsvReport& report = read.report;
  const auto total = static_cast<std::uint64_t>(text.size());
  std::int64_t since_progress = 0;

  while (true) {
    try {
      if (!tok.next(fields)) break;
    } catch (const std::runtime_error& e) {
      bad(tok.line(), e.what());  // quoting errors lose the record boundary: always fatal
    }
    const std::int64_t line = tok.line();
    if (fields.size() == 1 && trustscore::detail::trim(fields[0]).empty()) continue;  // blank line
    ++report.rows;
    if (options.progress && ++since_progress == 65536) {
      since_progress = 0;
      options.progress(tok.position(), total);
    }
    trustscore::detail::RowProblem problem;
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
    } else if (trustscore::detail::trim(fields[where[entity]]).empty()) {
      column_problem(entity, "empty entity", "entity id is empty");
    } else if (!trustscore::detail::valid_utf8(trustscore::detail::trim(fields[where[entity]]))) {
      column_problem(entity, "invalid UTF-8", "entity id is not valid UTF-8");
    } else if ((f = static_cast<std::int32_t>(
                    catalog.find(trustscore::detail::trim(fields[where[factor]])))) < 0) {
      column_problem(
          factor, "unknown factor",
          "unknown factor '" + std::string(trustscore::detail::trim(fields[where[factor]])) + "'");
    } else if (!trustscore::detail::parse_double(fields[where[value]], v)) {
      column_problem(value, "malformed value", "'" + fields[where[value]] + "' is not a number");
    } else if (!std::isfinite(v)) {
      column_problem(value, "value not finite", "value is NaN or infinite");
    } else if (v < 0 || v > 1) {
      column_problem(value, "value outside [0,1]",
                     "value " + std::string(trustscore::detail::trim(fields[where[value]])) +
                         " outside [0, 1]");
    } else if (where[weight] >= 0 && !trustscore::detail::trim(fields[where[weight]]).empty() &&
               !trustscore::detail::parse_double(fields[where[weight]], w)) {
      column_problem(weight, "malformed weight", "'" + fields[where[weight]] + "' is not a number");
    } else if (!std::isfinite(w)) {
      column_problem(weight, "weight not finite", "weight is NaN or infinite");
    } else if (w < 0) {
      column_problem(weight, "negative weight", "weight " + std::to_string(w) + " is negative");
    } else if (where[time] >= 0 && !trustscore::detail::trim(fields[where[time]]).empty() &&
               !trustscore::try_parse_time(trustscore::detail::trim(fields[where[time]]), t)) {
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
        const std::string src(trustscore::detail::trim(fields[where[source]]));
        if (!src.empty()) {
          const auto it = options.source_credibility.find(src);
          const bool known = it != options.source_credibility.end();
          cred = known ? it->second : options.unknown_source_credibility;
          ++report.sourced;
          report.credited += known;
        }
      }
      if (options.keep_sources && where[source] >= 0)
        read.sources.emplace_back(trustscore::detail::trim(fields[where[source]]));
      read.ids.emplace_back(trustscore::detail::trim(fields[where[entity]]));
      read.factors.push_back(f);
      read.values.push_back(v);
      read.weights.push_back(w);
      read.times.push_back(t);
      read.credibilities.push_back(cred);
      read.lines.push_back(line);
      continue;
    }
    if (!options.skip_bad_rows) trustscore::fail(trustscore::Status::bad_format, problem.message);
    ++report.skipped;
    ++report.skipped_by_reason[problem.reason];
    if (report.problems.size() < options.max_reported_problems)
      report.problems.push_back(problem.message);
  }
  if (options.progress) options.progress(total, total);
  report.signals = static_cast<std::int64_t>(read.ids.size());
  return read;
}

}  // namespace tstest
