// Internal (trustscore/detail/): not API, and may change in any release.
// The signals CSV reader's inner loop: records of text split into fields in
// place (string views; a copy only for a quoted field with "" inside), each
// row checked and appended to columns, its entity id interned to a code.
// csv.hpp cuts the file into parts of whole records and runs this on each.
#pragma once

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <map>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/detail/csv_text.hpp"
#include "trustscore/detail/huge_pages.hpp"
#include "trustscore/detail/id_interner.hpp"
#include "trustscore/factors.hpp"
#include "trustscore/time.hpp"

namespace trustscore {
inline namespace v1 {

struct CsvOptions;

namespace detail {

enum CsvColumn { csv_entity, csv_factor, csv_value, csv_weight, csv_time, csv_source, csv_kinds };
inline constexpr const char* csv_column_names[csv_kinds] = {"entity", "factor", "value",
                                                            "weight", "time",   "source"};

// What a part needs to check a row: where the header put each column, the
// factors, and the reader's options.
struct CsvLayout {
  int where[csv_kinds] = {-1, -1, -1, -1, -1, -1};
  std::size_t columns = 0;  // fields a row must have
  const FactorCatalog* catalog = nullptr;
  bool skip_bad_rows = false, keep_sources = false, keep_lines = true;
  double default_time = std::numeric_limits<double>::quiet_NaN();
  double cutoff = std::numeric_limits<double>::infinity();
  const std::unordered_map<std::string, double>* source_credibility = nullptr;
  double unknown_source_credibility = 1.0;
  std::size_t max_reported_problems = 20;
};

// A problem at a line: `text` is what follows "file:line: " in its message.
struct CsvProblem {
  std::int64_t line = 0;
  std::string reason, text;
  std::int64_t quote_line = 0;  // an unclosed quote's: the text is made when lines are known
  std::string message(std::int64_t shift) const {
    if (reason != "unclosed quote") return text;
    return "quote opened on line " + std::to_string(quote_line + shift) + " is never closed";
  }
};

// The rows of one part of a file, in file order: signals as columns (the
// entity as a code into `ids`), the counts of a CsvReport, and problems.
// Lines count from line_base, which the caller sets before parsing.
struct CsvPart {
  IdInterner ids;
  std::vector<std::int64_t> codes, lines;
  std::vector<std::int32_t> factors;
  std::vector<double> values, weights, times, credibilities;
  std::vector<std::string> sources;  // CsvLayout::keep_sources only
  std::int64_t rows = 0, skipped = 0, sourced = 0, credited = 0, after_cutoff = 0;
  std::map<std::string, std::int64_t> skipped_by_reason;
  std::vector<CsvProblem> problems;  // the first max_reported_problems
  bool failed = false;               // `error` ended the part
  CsvProblem error;
  std::int64_t line = 1;  // the line the next record starts on

  std::size_t signals() const noexcept { return codes.size(); }
  // Room for n signals: the columns then grow without copies or fresh
  // pages faulted in twice.
  void reserve(std::size_t n, bool with_lines) {
    for (auto* column : {&codes, &lines})
      if (column != &lines || with_lines) reserve_huge(*column, n);
    for (auto* column : {&values, &weights, &times, &credibilities}) reserve_huge(*column, n);
    reserve_huge(factors, n);
  }
  // Forgets the rows (keeps the ids and the memory), for the next block.
  void clear_rows() {
    codes.clear(), lines.clear(), factors.clear(), values.clear(), weights.clear();
    times.clear(), credibilities.clear(), sources.clear();
    rows = skipped = sourced = credited = after_cutoff = 0;
    skipped_by_reason.clear(), problems.clear();
    failed = false;
  }
};

// Unix seconds as the plain number most files hold, through from_chars;
// anything else (ISO-8601, a sign, an exponent) through try_parse_time.
inline bool parse_csv_time(std::string_view s, double& out) {
  if (!s.empty() && s.size() <= 32 && s.front() >= '0' && s.front() <= '9') {
    double t;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), t);
    if (ec == std::errc() && end == s.data() + s.size() && std::isfinite(t)) {
      out = t;
      return true;
    }
  }
  return try_parse_time(s, out);
}

// Splits and checks the records of `text` (whole records: the caller cut it
// at a record's end, or it is the end of the file) into part. Returns false
// when a problem ends the read (part.error): a quoting error always, a bad
// row without skip_bad_rows.
class CsvRowParser {
 public:
  CsvRowParser(const CsvLayout& layout, CsvPart& part) : layout_(layout), part_(part) {
    index_factors();
  }

  bool parse(std::string_view text) {
    const char* p = text.data();
    const char* const end = p + text.size();
    while (p < end) {
      record_line_ = part_.line;
      if (!split_record(p, end)) return false;
      if (fields_ == 1 && trim(field_[0]).empty()) continue;  // blank line
      ++part_.rows;
      if (!take_row() && !layout_.skip_bad_rows) return false;
    }
    flush_entities();
    return true;
  }

 private:
  static constexpr std::size_t max_fields = csv_kinds;  // a row with more is wrong anyway

  // One record from p: fields into field_, fields_ counts them all.
  bool split_record(const char*& p, const char* end) {
    fields_ = 0;
    copied_ = 0;
    while (true) {
      std::string_view field;
      if (p < end && *p == '"') {
        if (!read_quoted(p, end, field)) return false;
        if (p < end && *p != ',' && *p != '\n' && *p != '\r')
          return fatal("text after a closing quote in column " + std::to_string(fields_ + 1));
      } else {
        const char* q = p;
        while (q < end && *q != ',' && *q != '\n' && *q != '\r') ++q;
        field = std::string_view(p, std::size_t(q - p));
        p = q;
      }
      if (fields_ < max_fields) field_[fields_] = field;
      ++fields_;
      if (p >= end) return true;
      if (*p == ',') {
        ++p;
        continue;
      }
      p += (*p == '\r' && p + 1 < end && p[1] == '\n') ? 2 : 1;
      ++part_.line;
      return true;
    }
  }

  // A quoted field from the opening quote at p; "" inside is one quote (the
  // field is then copied, unescaped, into this column's scratch string).
  bool read_quoted(const char*& p, const char* end, std::string_view& field) {
    const std::int64_t opened = part_.line;
    const char* const begin = ++p;
    bool escaped = false;
    while (true) {
      const auto* q = static_cast<const char*>(std::memchr(p, '"', std::size_t(end - p)));
      if (q == nullptr) {
        p = end;
        fatal("");
        part_.error.reason = "unclosed quote";
        part_.error.quote_line = opened;
        return false;
      }
      for (const char* n = p; (n = static_cast<const char*>(std::memchr(n, '\n', q - n)));)
        ++part_.line, ++n;
      if (q + 1 < end && q[1] == '"') {
        escaped = true;
        p = q + 2;
        continue;
      }
      field = std::string_view(begin, std::size_t(q - begin));
      p = q + 1;
      break;
    }
    if (escaped && fields_ < max_fields) {
      std::string& out = scratch_[fields_];
      out.clear();
      for (std::size_t i = 0; i < field.size(); ++i) {
        out.push_back(field[i]);
        i += field[i] == '"';  // the second quote of a pair
      }
      field = out;
      copied_ |= 1u << fields_;
    }
    return true;
  }

  bool fatal(std::string text) {
    part_.failed = true;
    part_.error = {record_line_, "quoting", std::move(text), 0};
    return false;
  }

  std::string_view column(CsvColumn c) const { return field_[layout_.where[c]]; }
  bool has(CsvColumn c) const { return layout_.where[c] >= 0; }

  // Checks the row in field_ and appends its signal, or records its problem
  // (false). The checks and messages are those of the plain reader.
  bool take_row() {
    const std::int64_t line = record_line_;
    if (fields_ != layout_.columns)
      return problem("wrong column count", std::to_string(fields_) + " columns, the header has " +
                                               std::to_string(layout_.columns));
    const std::string_view entity = trim(column(csv_entity));
    if (entity.empty()) return column_problem(csv_entity, "empty entity", "entity id is empty");
    if (!valid_utf8(entity))
      return column_problem(csv_entity, "invalid UTF-8", "entity id is not valid UTF-8");
    const std::string_view factor_id = trim(column(csv_factor));
    const std::int32_t f = factor_index(factor_id);
    if (f < 0)
      return column_problem(csv_factor, "unknown factor",
                            "unknown factor '" + std::string(factor_id) + "'");
    double v = 0, w = 1, t = std::numeric_limits<double>::quiet_NaN(), cred = 1;
    if (!parse_double(column(csv_value), v))
      return column_problem(csv_value, "malformed value",
                            "'" + std::string(column(csv_value)) + "' is not a number");
    if (!std::isfinite(v))
      return column_problem(csv_value, "value not finite", "value is NaN or infinite");
    if (v < 0 || v > 1)
      return column_problem(csv_value, "value outside [0,1]",
                            "value " + std::string(trim(column(csv_value))) + " outside [0, 1]");
    if (has(csv_weight) && !trim(column(csv_weight)).empty() &&
        !parse_double(column(csv_weight), w))
      return column_problem(csv_weight, "malformed weight",
                            "'" + std::string(column(csv_weight)) + "' is not a number");
    if (!std::isfinite(w))
      return column_problem(csv_weight, "weight not finite", "weight is NaN or infinite");
    if (w < 0)
      return column_problem(csv_weight, "negative weight",
                            "weight " + std::to_string(w) + " is negative");
    if (has(csv_time) && !trim(column(csv_time)).empty() &&
        !parse_csv_time(trim(column(csv_time)), t))
      return column_problem(csv_time, "malformed time",
                            "malformed time '" + std::string(column(csv_time)) +
                                "' (expected unix seconds or ISO-8601 UTC)");
    const bool cut = std::isfinite(layout_.cutoff);
    if (cut && std::isnan(t) && std::isnan(layout_.default_time))
      return problem("no time before a cutoff",
                     "the signal has no time, so it cannot be placed before the cutoff");
    if (cut && (std::isnan(t) ? layout_.default_time : t) >= layout_.cutoff) {
      ++part_.after_cutoff;
      return true;
    }
    if (has(csv_source)) {
      const std::string_view src = trim(column(csv_source));
      if (!src.empty()) {
        cred = source_credibility(src);
        ++part_.sourced;
      }
      if (layout_.keep_sources) part_.sources.emplace_back(src);
    }
    push_entity(entity, (copied_ >> layout_.where[csv_entity]) & 1u);
    part_.factors.push_back(f);
    part_.values.push_back(v);
    part_.weights.push_back(w);
    part_.times.push_back(t);
    part_.credibilities.push_back(cred);
    if (layout_.keep_lines) part_.lines.push_back(line);
    return true;
  }

  // Entity ids are interned some rows after their row is read, their slot
  // asked for first (IdInterner::prefetch), in row order (first appearance
  // still sets the codes). An id copied out of a quoted field lives only
  // while its row does: it is interned at once, after the ones waiting.
  void push_entity(std::string_view id, bool copied) {
    if (copied) {
      flush_entities();
      part_.codes.push_back(part_.ids.intern(id));
      return;
    }
    if (pending_count_ == lookahead) resolve_oldest();
    const std::uint64_t h = IdInterner::hash(id);
    part_.ids.prefetch(h);
    pending_[(pending_first_ + pending_count_++) % lookahead] = {id, h, part_.codes.size()};
    part_.codes.push_back(-1);
  }
  void resolve_oldest() {
    const PendingId& p = pending_[pending_first_];
    part_.codes[p.row] = part_.ids.intern(p.id, p.hash);
    pending_first_ = (pending_first_ + 1) % lookahead;
    --pending_count_;
  }
  void flush_entities() {
    while (pending_count_ > 0) resolve_oldest();
  }

  // A factor id's index: through a small open-addressing table keyed by its
  // length and end bytes (rows in random factor order found theirs after
  // comparing half the catalog), or the catalog itself when it is large.
  static std::size_t factor_slot(std::string_view id) {
    const auto end = [](char c) { return std::size_t(static_cast<unsigned char>(c)); };
    return id.empty() ? 0 : (id.size() * 31 + end(id.front()) * 7 + end(id.back()) * 3) & 63;
  }
  void index_factors() {
    const FactorCatalog& catalog = *layout_.catalog;
    for (std::int32_t& slot : factor_slots_) slot = -1;
    if (catalog.size() > 32) return;
    for (std::size_t f = 0; f < catalog.size(); ++f) {
      std::size_t s = factor_slot(catalog[f].id);
      while (factor_slots_[s] >= 0) s = (s + 1) & 63;
      factor_slots_[s] = std::int32_t(f);
    }
  }
  std::int32_t factor_index(std::string_view id) const {
    const FactorCatalog& catalog = *layout_.catalog;
    if (catalog.size() > 32) return std::int32_t(catalog.find(id));
    for (std::size_t s = factor_slot(id); factor_slots_[s] >= 0; s = (s + 1) & 63)
      if (catalog[std::size_t(factor_slots_[s])].id == id) return factor_slots_[s];
    return -1;
  }

  double source_credibility(std::string_view src) {
    const auto* known = layout_.source_credibility;
    if (known == nullptr || known->empty()) return layout_.unknown_source_credibility;
    if (src != last_source_) {
      last_source_.assign(src);
      const auto it = known->find(last_source_);
      last_source_known_ = it != known->end();
      last_source_credibility_ =
          last_source_known_ ? it->second : layout_.unknown_source_credibility;
    }
    part_.credited += last_source_known_;
    return last_source_credibility_;
  }

  bool problem(const char* reason, std::string text) {
    if (!layout_.skip_bad_rows) {
      part_.failed = true;
      part_.error = {record_line_, reason, std::move(text), 0};
      return false;
    }
    ++part_.skipped;
    ++part_.skipped_by_reason[reason];
    if (part_.problems.size() < layout_.max_reported_problems)
      part_.problems.push_back({record_line_, reason, std::move(text), 0});
    return false;
  }
  bool column_problem(CsvColumn c, const char* reason, const std::string& what) {
    return problem(reason, "column " + std::to_string(layout_.where[c] + 1) + " (" +
                               csv_column_names[c] + "): " + what);
  }

  const CsvLayout& layout_;
  CsvPart& part_;
  std::string_view field_[max_fields];
  std::string scratch_[max_fields];
  std::size_t fields_ = 0;
  unsigned copied_ = 0;  // bit k: field k was unescaped into scratch_[k]
  static constexpr std::size_t lookahead = 16;
  struct PendingId {
    std::string_view id;
    std::uint64_t hash;
    std::size_t row;
  };
  PendingId pending_[lookahead];
  std::size_t pending_first_ = 0, pending_count_ = 0;
  std::int64_t record_line_ = 0;
  std::string last_source_;
  std::int32_t factor_slots_[64];
  bool last_source_known_ = false;
  double last_source_credibility_ = 1;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
