// Signals from CSV: a header naming the columns entity, factor, value and
// optionally weight, time, source (any order), then one signal per row.
// RFC 4180 quoting ("a, b" and "say ""hi"""), LF or CRLF line ends and a
// UTF-8 byte-order mark are accepted. Every row is parsed and checked before
// the store changes: a bad row is an error naming file, line, column and the
// problem, or, with skip_bad_rows, is counted, explained and left out.
//
// The reader streams: a file is read a block at a time (CsvOptions::
// block_bytes), each block cut at record ends into parts that threads parse
// apart (CsvOptions::threads), and the signals kept as columns whose entities
// are codes into a table of distinct ids (CsvColumns), about 50 bytes per
// signal; the store then looks each distinct id up once.
//
// This lives in a header (not in the compiled library, as DESIGN.md first
// placed it) so that C++ users of trustscore::headers can read CSV too; the
// shared library exports only the C ABI.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "trustscore/detail/csv_blocks.hpp"
#include "trustscore/detail/csv_rows.hpp"
#include "trustscore/detail/parallel.hpp"
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
  // Threads parsing each block (0: every core). Results never depend on it.
  int threads = 1;
  // Text read and parsed at a time; a record longer than this is read whole.
  std::size_t block_bytes = std::size_t(4) << 20;
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

// The signal columns of CsvSignals or CsvColumns (n signals) as a batch,
// entities left to the caller.
template <class Columns>
SignalBatch batch_of(const Columns& c, std::size_t n) {
  SignalBatch b;
  b.size = static_cast<std::int64_t>(n);
  b.factor = c.factors.data();
  b.value = c.values.data();
  b.weight = c.weights.data();
  b.time = c.times.data();
  b.credibility = c.credibilities.data();
  return b;
}

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
  SignalBatch batch() const { return detail::batch_of(*this, ids.size()); }
};

// The same signals with their entities as codes into a table of the distinct
// ids, in order of first appearance: id k is id_data[id_offsets[k],
// id_offsets[k + 1]) and signal i is about id codes[i]. What the store takes
// (EvidenceStore::add_coded looks each distinct id up once) and C and Python
// get, with no string per signal.
struct CsvColumns {
  std::string id_data;
  std::vector<std::int64_t> id_offsets{0};
  std::vector<std::int64_t> codes;
  std::vector<std::int32_t> factors;
  std::vector<double> values, weights, times, credibilities;
  std::vector<std::int64_t> lines;
  std::vector<std::string> sources;  // as CsvSignals::sources
  CsvReport report;

  std::int64_t id_count() const noexcept { return std::int64_t(id_offsets.size()) - 1; }
  std::string_view id(std::int64_t k) const {
    return std::string_view(id_data).substr(std::size_t(id_offsets[k]),
                                            std::size_t(id_offsets[k + 1] - id_offsets[k]));
  }
  std::vector<std::string_view> id_views() const {
    std::vector<std::string_view> views(static_cast<std::size_t>(id_count()));
    for (std::int64_t k = 0; k < id_count(); ++k) views[std::size_t(k)] = id(k);
    return views;
  }
  // The columns as a batch, entities left out (they are codes); valid while this lives.
  SignalBatch batch() const { return detail::batch_of(*this, codes.size()); }
};

namespace detail {

// Reads signals CSV block by block into columns (see the file comment).
class CsvReader {
 public:
  CsvReader(const FactorCatalog& catalog, std::string name, const CsvOptions& options,
            bool keep_lines)
      : name_(std::move(name)), options_(options) {
    for (const auto& [src, c] : options.source_credibility)
      require(std::isfinite(c) && c >= 0 && c <= 1,
              "credibility of source '" + src + "' must be in [0, 1]");
    require(std::isfinite(options.unknown_source_credibility) &&
                options.unknown_source_credibility >= 0 && options.unknown_source_credibility <= 1,
            "unknown-source credibility must be in [0, 1]");
    require(options.block_bytes > 0, "CSV block size must be > 0");
    layout_.catalog = &catalog;
    layout_.skip_bad_rows = options.skip_bad_rows;
    layout_.keep_sources = options.keep_sources;
    layout_.keep_lines = keep_lines;
    layout_.default_time = options.default_time;
    layout_.cutoff = options.cutoff;
    layout_.source_credibility = &options.source_credibility;
    layout_.unknown_source_credibility = options.unknown_source_credibility;
    layout_.max_reported_problems = options.max_reported_problems;
    threads_ = resolve_thread_count(options.threads);
  }

  template <class Blocks>
  CsvColumns read(Blocks& blocks) {
    const std::uint64_t header_bytes = read_header(blocks);
    std::uint64_t done = header_bytes;
    if (threads_ > 1 && blocks.size() > options_.block_bytes / 4) {
      team_ = std::make_unique<ThreadTeam>(threads_);
      parts_.resize(std::size_t(threads_));
      remaps_.resize(std::size_t(threads_));
    }
    std::size_t want = options_.block_bytes;
    while (true) {
      const std::string_view window = blocks.window(want);
      if (window.empty()) break;
      const std::size_t cut = blocks.eof() ? window.size() : last_record_end(window);
      if (cut == 0) {  // one record longer than the window: read more of it
        want = window.size() * 2;
        continue;
      }
      if (done == header_bytes) reserve_for(blocks.size() - header_bytes, window.substr(0, cut));
      parse_block(window.substr(0, cut));
      blocks.consume(cut);
      done += cut;
      if (options_.progress) options_.progress(done, blocks.size());
      want = options_.block_bytes;
    }
    if (options_.progress) options_.progress(blocks.size(), blocks.size());
    return finish();
  }

 private:
  [[noreturn]] void bad(std::int64_t line, const std::string& what) const {
    fail(Status::bad_format, name_ + ":" + std::to_string(line) + ": " + what);
  }

  // Reads the header record (more of the file while it may go on); returns
  // the bytes it took.
  template <class Blocks>
  std::uint64_t read_header(Blocks& blocks) {
    std::vector<std::string> fields;
    std::size_t want = std::min<std::size_t>(options_.block_bytes, 1 << 16);
    CsvTokenizer tok("");
    while (true) {
      const std::string_view window = blocks.window(want);
      tok = CsvTokenizer(window);
      bool found = false;
      try {
        found = tok.next(fields);
      } catch (const std::runtime_error& e) {  // an open quote: it may close further on
        if (blocks.eof()) bad(tok.line(), e.what());
      }
      if (!found && blocks.eof())
        bad(1, "empty file: expected a header entity,factor,value[,weight,time,source]");
      if (found && (tok.position() < window.size() || blocks.eof())) break;
      want = std::max(want, window.size()) * 2;
    }
    for (std::size_t i = 0; i < fields.size(); ++i) {
      const std::string_view h = trim(fields[i]);
      int kind = -1;
      for (int k = 0; k < csv_kinds; ++k)
        if (h == csv_column_names[k]) kind = k;
      if (kind < 0)
        bad(1, "column " + std::to_string(i + 1) + ": unknown header '" + std::string(h) +
                   "' (expected entity, factor, value, weight, time, source)");
      if (layout_.where[kind] >= 0)
        bad(1, "column " + std::to_string(i + 1) + ": duplicate header '" + std::string(h) + "'");
      layout_.where[kind] = static_cast<int>(i);
    }
    for (int k : {csv_entity, csv_factor, csv_value})
      if (layout_.where[k] < 0)
        bad(1, std::string("header lacks the required column '") + csv_column_names[k] + "'");
    layout_.columns = fields.size();
    all_.line = tok.next_line();
    blocks.consume(tok.position());
    return tok.position();
  }

  // Parses whole records: on this thread into all_, or in parts on the team.
  void parse_block(std::string_view text) {
    if (!team_) {
      if (!CsvRowParser(layout_, all_).parse(text)) throw_error(all_, 0);
      return;
    }
    const std::vector<std::size_t> cuts = cut_into_parts(text, team_->size());
    const std::size_t count = cuts.size() - 1;
    team_->run([&](int t) {
      const auto k = std::size_t(t);
      if (k >= count) return;
      parts_[k].clear_rows();
      parts_[k].line = 0;  // lines count from the part's start until its place is known
      CsvRowParser(layout_, parts_[k]).parse(text.substr(cuts[k], cuts[k + 1] - cuts[k]));
    });
    for (std::size_t k = 0; k < count; ++k) {
      const std::int64_t shift = all_.line;
      if (parts_[k].failed) throw_error(parts_[k], shift);
      append(parts_[k], remaps_[k], shift);
      all_.line = shift + parts_[k].line;
    }
  }

  // Before the first block, room for as many signals per byte in the whole
  // file (`total` bytes after the header) as the block has lines, and 10%
  // more: the columns then grow without copies. Room not written costs no
  // memory, only address space.
  void reserve_for(std::uint64_t total, std::string_view block) {
    const auto lines = std::count(block.begin(), block.end(), '\n') + 1;
    const double per_byte = double(lines) / double(block.size());
    all_.reserve(std::size_t(per_byte * double(std::max<std::uint64_t>(total, block.size())) * 1.1),
                 layout_.keep_lines);
  }

  [[noreturn]] void throw_error(const CsvPart& part, std::int64_t shift) const {
    bad(part.error.line + shift, part.error.message(shift));
  }

  // Appends a part's rows to all_ in file order; an entity's code in all_
  // comes from its first appearance in the file, as one thread gives it.
  void append(const CsvPart& from, std::vector<std::int64_t>& remap, std::int64_t shift) {
    remap.resize(std::size_t(from.ids.size()), -1);
    for (const std::int64_t c : from.codes) {
      std::int64_t& to = remap[std::size_t(c)];
      if (to < 0) to = all_.ids.intern(from.ids.id(c));
      all_.codes.push_back(to);
    }
    const auto extend = [](auto& to, const auto& more) {
      to.insert(to.end(), more.begin(), more.end());
    };
    extend(all_.factors, from.factors), extend(all_.values, from.values);
    extend(all_.weights, from.weights), extend(all_.times, from.times);
    extend(all_.credibilities, from.credibilities), extend(all_.sources, from.sources);
    for (const std::int64_t line : from.lines) all_.lines.push_back(line + shift);
    all_.rows += from.rows, all_.skipped += from.skipped, all_.sourced += from.sourced;
    all_.credited += from.credited, all_.after_cutoff += from.after_cutoff;
    for (const auto& [reason, n] : from.skipped_by_reason) all_.skipped_by_reason[reason] += n;
    for (const CsvProblem& p : from.problems)
      if (all_.problems.size() < layout_.max_reported_problems)
        all_.problems.push_back({p.line + shift, p.reason, p.text, 0});
  }

  CsvColumns finish() {
    CsvColumns out;
    all_.ids.release(out.id_data, out.id_offsets);
    out.codes = std::move(all_.codes), out.factors = std::move(all_.factors);
    out.values = std::move(all_.values), out.weights = std::move(all_.weights);
    out.times = std::move(all_.times), out.credibilities = std::move(all_.credibilities);
    out.lines = std::move(all_.lines), out.sources = std::move(all_.sources);
    CsvReport& r = out.report;
    r.rows = all_.rows, r.signals = std::int64_t(out.codes.size()), r.skipped = all_.skipped;
    r.sourced = all_.sourced, r.credited = all_.credited, r.after_cutoff = all_.after_cutoff;
    r.skipped_by_reason = std::move(all_.skipped_by_reason);
    for (const CsvProblem& p : all_.problems)
      r.problems.push_back(name_ + ":" + std::to_string(p.line) + ": " + p.text);
    return out;
  }

  std::string name_;
  const CsvOptions& options_;
  CsvLayout layout_;
  int threads_ = 1;
  CsvPart all_;
  std::unique_ptr<ThreadTeam> team_;
  std::vector<CsvPart> parts_;
  std::vector<std::vector<std::int64_t>> remaps_;
};

inline CsvSignals signals_of(CsvColumns&& c) {
  CsvSignals s;
  s.ids.reserve(c.codes.size());
  for (const std::int64_t k : c.codes) s.ids.emplace_back(c.id(k));
  s.factors = std::move(c.factors), s.values = std::move(c.values);
  s.weights = std::move(c.weights), s.times = std::move(c.times);
  s.credibilities = std::move(c.credibilities), s.lines = std::move(c.lines);
  s.sources = std::move(c.sources), s.report = std::move(c.report);
  return s;
}

inline void add_columns(EvidenceStore& store, const CsvColumns& c, const CsvOptions& options) {
  const std::vector<std::string_view> ids = c.id_views();
  store.add_coded(ids.data(), c.id_count(), c.codes.data(), c.batch(),
                  IngestOptions{options.default_time});
}

}  // namespace detail

// Parses CSV text (name is used in messages) into signals of the factors
// `catalog` names, checking every row as ingest_csv_text does.
inline CsvColumns read_csv_columns_text(const FactorCatalog& catalog, std::string_view text,
                                        const std::string& name, const CsvOptions& options = {}) {
  detail::TextBlocks blocks(text);
  return detail::CsvReader(catalog, name, options, /*keep_lines=*/true).read(blocks);
}
inline CsvColumns read_csv_columns_file(const FactorCatalog& catalog, const std::string& path,
                                        const CsvOptions& options = {}) {
  detail::FileBlocks blocks(path);
  return detail::CsvReader(catalog, path, options, /*keep_lines=*/true).read(blocks);
}

inline CsvSignals read_csv_signals_text(const FactorCatalog& catalog, std::string_view text,
                                        const std::string& name, const CsvOptions& options = {}) {
  return detail::signals_of(read_csv_columns_text(catalog, text, name, options));
}
inline CsvSignals read_csv_signals_file(const FactorCatalog& catalog, const std::string& path,
                                        const CsvOptions& options = {}) {
  return detail::signals_of(read_csv_columns_file(catalog, path, options));
}

// Parses CSV text (name is used in messages) and adds its signals to store.
inline CsvReport ingest_csv_text(EvidenceStore& store, std::string_view text,
                                 const std::string& name, const CsvOptions& options = {}) {
  detail::TextBlocks blocks(text);
  const CsvColumns read =
      detail::CsvReader(store.factors(), name, options, /*keep_lines=*/false).read(blocks);
  detail::add_columns(store, read, options);
  return read.report;
}

inline CsvReport ingest_csv_file(EvidenceStore& store, const std::string& path,
                                 const CsvOptions& options = {}) {
  detail::FileBlocks blocks(path);
  const CsvColumns read =
      detail::CsvReader(store.factors(), path, options, /*keep_lines=*/false).read(blocks);
  detail::add_columns(store, read, options);
  return read.report;
}

}  // namespace v1
}  // namespace trustscore
