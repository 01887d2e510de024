// Ratings between nodes from CSV: `source,target,rating[,time]` per row, as
// in the SNAP signed networks (Bitcoin OTC has no header; a first row whose
// rating is not a number is taken as a header and skipped). Node ids are
// strings (integers are read as their text) mapped to dense indices in order
// of first appearance. Times are unix seconds or ISO-8601 UTC; either every
// row has one or none does. Quoting, CRLF and a byte-order mark are handled
// by the signals reader's tokenizer (csv.hpp). Any bad row is an error naming
// file, line and column; nothing is returned half read.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/csv.hpp"
#include "trustscore/error.hpp"
#include "trustscore/graph/trust_graph.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

struct RatingsTable {
  GraphNodes nodes;
  std::vector<std::int64_t> source, target;  // dense node indices, one per edge
  std::vector<double> rating;                // as written (scaling is the graph's)
  std::vector<double> time;                  // empty when the file has no time column

  std::int64_t edge_count() const noexcept { return static_cast<std::int64_t>(rating.size()); }
  // The graph of these ratings (times, when present, order duplicates for
  // DuplicateEdges::last).
  TrustGraph graph(const GraphOptions& options = {}) const {
    return TrustGraph(static_cast<std::int64_t>(nodes.size()), source.data(), target.data(),
                      rating.data(), edge_count(), options, time.empty() ? nullptr : time.data());
  }
};

inline RatingsTable read_ratings_csv_text(std::string_view text, const std::string& name) {
  RatingsTable table;
  detail::CsvTokenizer tok(text);
  std::vector<std::string> fields;
  std::size_t columns = 0;  // of the first data row: 3 or 4
  const auto bad = [&](const std::string& what) {
    fail(Status::bad_format, name + ":" + std::to_string(tok.line()) + ": " + what);
  };
  bool first = true;
  while (true) {
    try {
      if (!tok.next(fields)) break;
    } catch (const std::runtime_error& e) {
      if (dynamic_cast<const Error*>(&e)) throw;
      bad(e.what());
    }
    if (fields.size() == 1 && detail::trim(fields[0]).empty()) continue;  // blank line
    const bool header_allowed = first;
    first = false;
    if (fields.size() != 3 && fields.size() != 4)
      bad(std::to_string(fields.size()) + " columns, expected source,target,rating[,time]");
    double rating = 0;
    if (!detail::parse_double(fields[2], rating)) {
      if (header_allowed) continue;
      bad("column 3 (rating): '" + fields[2] + "' is not a number");
    }
    if (columns == 0) columns = fields.size();
    if (fields.size() != columns)
      bad(std::to_string(fields.size()) + " columns, the first row has " + std::to_string(columns));
    if (!std::isfinite(rating)) bad("column 3 (rating): not finite");
    const std::string_view source = detail::trim(fields[0]), target = detail::trim(fields[1]);
    if (source.empty()) bad("column 1 (source): empty node id");
    if (target.empty()) bad("column 2 (target): empty node id");
    if (columns == 4) {
      double t = 0;
      if (!try_parse_time(detail::trim(fields[3]), t) || !std::isfinite(t))
        bad("column 4 (time): '" + fields[3] + "' is not unix seconds or ISO-8601 UTC");
      table.time.push_back(t);
    }
    table.source.push_back(table.nodes.index(std::string(source)));
    table.target.push_back(table.nodes.index(std::string(target)));
    table.rating.push_back(rating);
  }
  return table;
}

inline RatingsTable read_ratings_csv_file(const std::string& path) {
  return read_ratings_csv_text(detail::read_text_file(path), path);
}

}  // namespace v1
}  // namespace trustscore
