// The streaming, threaded CSV reader against the plain one it replaced
// (csv_reference.hpp): on generated files with every quirk of the format
// (quotes with commas, "" and newlines, CRLF and lone CR line ends, a
// byte-order mark, blank lines, bad rows) it reads the same signals, lines,
// counts and messages for every block size and thread count, from text and
// from a file, and a store it fills is the same bit for bit.
#include <catch2/catch.hpp>
#include <cstdint>
#include <fstream>
#include <random>
#include <string>
#include <vector>

#include "../scratch_dir.hpp"
#include "csv_reference.hpp"
#include "test_helpers.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

using trustscore::CsvOptions;
using trustscore::CsvSignals;
using trustscore::EvidenceStore;
using trustscore::Model;
using tstest::StoreSnapshot;

namespace {

struct FileShape {
  std::string newline = "\n";
  bool bom = false, bad_rows = false, quotes = true;
  unsigned seed = 1;
  int rows = 400;
};

// A signals file of random rows: columns in a shuffled order, some fields
// quoted (with commas, doubled quotes and newlines inside), some empty, unix
// and ISO times, sources, blank lines and (bad_rows) rows of every problem.
std::string generated_csv(const FileShape& shape) {
  std::mt19937 rng(shape.seed);
  const auto pick = [&](int n) { return int(rng() % unsigned(n)); };
  std::vector<std::string> columns{"entity", "factor", "value", "weight", "time", "source"};
  std::shuffle(columns.begin() + 1, columns.end(), rng);
  const std::string nl = shape.newline;
  std::string text = shape.bom ? "\xEF\xBB\xBF" : "";
  for (std::size_t c = 0; c < columns.size(); ++c) text += (c ? "," : "") + columns[c];
  text += nl;
  const char* factors[] = {"authenticity", "values", "koc_word_of_mouth", " experts "};
  for (int r = 0; r < shape.rows; ++r) {
    if (pick(40) == 0) {
      text += nl;  // a blank line
      continue;
    }
    std::vector<std::string> field;
    for (const std::string& c : columns) {
      std::string f;
      if (c == "entity") {
        f = "e" + std::to_string(pick(60));
        if (shape.quotes && pick(8) == 0) f = "\"" + f + ", \"\"the\"\"" + nl + "shop\"";
      } else if (c == "factor") {
        f = factors[pick(4)];
      } else if (c == "value") {
        f = std::to_string(pick(5) / 4.0);
        if (shape.quotes && pick(10) == 0) f = "\"" + f + "\"";
      } else if (c == "weight") {
        f = pick(5) == 0 ? "" : std::to_string(0.5 + pick(7) * 0.25);
      } else if (c == "time") {
        const int day = 1 + pick(28);
        f = pick(6) == 0   ? ""
            : pick(2) == 0 ? std::to_string(1700000000 + pick(90000000)) + ".5"
                           : "2024-02-" + std::string(day < 10 ? "0" : "") + std::to_string(day) +
                                 "T10:00:00Z";
      } else {
        f = pick(3) == 0 ? "" : "src" + std::to_string(pick(4));
      }
      field.push_back(f);
    }
    if (shape.bad_rows && pick(12) == 0) {
      const int kind = pick(6);
      std::size_t target = std::size_t(pick(int(columns.size())));
      if (kind == 0) field.push_back("extra");
      if (kind == 1) field[target] = "";
      if (kind == 2) field[target] = "nope";
      if (kind == 3) field[target] = "-1";
      if (kind == 4) field[target] = "1e999";
    }
    for (std::size_t c = 0; c < field.size(); ++c) text += (c ? "," : "") + field[c];
    if (r + 1 < shape.rows || pick(2)) text += nl;  // the last line may lack its end
  }
  return text;
}

CsvOptions options_for(bool skip, int threads, std::size_t block) {
  CsvOptions o;
  o.default_time = 1709251200;
  o.skip_bad_rows = skip;
  o.keep_sources = true;
  o.source_credibility = {{"src1", 0.5}, {"src2", 0.25}};
  o.unknown_source_credibility = 0.75;
  o.max_reported_problems = 7;
  o.threads = threads;
  o.block_bytes = block;
  return o;
}

void check_same(const CsvSignals& got, const CsvSignals& want) {
  REQUIRE(got.ids.size() == want.ids.size());
  CHECK(got.ids == want.ids);
  CHECK(got.factors == want.factors);
  CHECK(got.lines == want.lines);
  CHECK(got.sources == want.sources);
  for (std::size_t i = 0; i < got.ids.size(); ++i) {
    INFO("signal " << i << " of line " << want.lines[i]);
    REQUIRE(tstest::same_double(got.values[i], want.values[i]));
    REQUIRE(tstest::same_double(got.weights[i], want.weights[i]));
    REQUIRE(tstest::same_double(got.times[i], want.times[i]));
    REQUIRE(tstest::same_double(got.credibilities[i], want.credibilities[i]));
  }
  const auto& g = got.report;
  const auto& w = want.report;
  CHECK(g.rows == w.rows);
  CHECK(g.signals == w.signals);
  CHECK(g.skipped == w.skipped);
  CHECK(g.sourced == w.sourced);
  CHECK(g.credited == w.credited);
  CHECK(g.after_cutoff == w.after_cutoff);
  CHECK(g.skipped_by_reason == w.skipped_by_reason);
  CHECK(g.problems == w.problems);
}

std::string error_of(const std::function<void()>& f) {
  try {
    f();
  } catch (const trustscore::Error& e) {
    return e.what();
  }
  return "no error";
}

const std::size_t block_sizes[] = {1, 5, 64, 333, 4096, std::size_t(4) << 20};

}  // namespace

TEST_CASE("the streaming reader reads what the plain one reads, any block and thread count",
          "[csv][stream]") {
  Model model;
  const auto nl = GENERATE(as<std::string>{}, "\n", "\r\n", "\r");
  const bool bom = GENERATE(false, true);
  const bool bad_rows = GENERATE(false, true);
  FileShape shape;
  shape.newline = nl, shape.bom = bom, shape.bad_rows = bad_rows, shape.seed = 3 + bom;
  const std::string text = generated_csv(shape);
  const CsvSignals want =
      tstest::reference_read_csv_signals(model.factors(), text, "g.csv", options_for(true, 1, 1));
  for (const auto& [k, n] : want.report.skipped_by_reason) UNSCOPED_INFO(k << ": " << n);
  REQUIRE(want.ids.size() > 200);
  if (bad_rows) REQUIRE(want.report.skipped > 10);
  for (const int threads : {1, 2, 3})
    for (const std::size_t block : block_sizes) {
      INFO("threads " << threads << ", block " << block);
      check_same(trustscore::read_csv_signals_text(model.factors(), text, "g.csv",
                                                   options_for(true, threads, block)),
                 want);
    }
}

TEST_CASE("the first bad row is the error, with its line, whatever the threads",
          "[csv][stream][errors]") {
  Model model;
  FileShape shape;
  shape.bad_rows = true;
  shape.newline = GENERATE(as<std::string>{}, "\n", "\r\n");
  for (const unsigned seed : {1u, 2u, 3u}) {
    shape.seed = seed;
    const std::string text = generated_csv(shape);
    const std::string want = error_of([&] {
      tstest::reference_read_csv_signals(model.factors(), text, "g.csv", options_for(false, 1, 1));
    });
    REQUIRE(want.rfind("g.csv:", 0) == 0);
    for (const int threads : {1, 2, 3})
      for (const std::size_t block : block_sizes) {
        INFO("seed " << seed << ", threads " << threads << ", block " << block);
        CHECK(error_of([&] {
                trustscore::read_csv_signals_text(model.factors(), text, "g.csv",
                                                  options_for(false, threads, block));
              }) == want);
      }
  }
}

TEST_CASE("quoting errors end the read at their line, even when skipping bad rows",
          "[csv][stream][errors]") {
  Model model;
  FileShape shape;
  shape.rows = 300;
  const std::string good = generated_csv(shape);
  const std::size_t middle = good.find('\n', good.size() / 2) + 1;
  const std::string cases[] = {
      good.substr(0, middle) + "e1,\"authenticity\"x,0.5,1,,\n" + good.substr(middle),
      good.substr(0, middle) + "\"never closed,values,1,1,," + good.substr(middle),
  };
  for (const std::string& text : cases) {
    const std::string want = error_of([&] {
      tstest::reference_read_csv_signals(model.factors(), text, "q.csv", options_for(true, 1, 1));
    });
    REQUIRE(want != "no error");
    for (const int threads : {1, 2})
      for (const std::size_t block : block_sizes) {
        INFO(want << ": threads " << threads << ", block " << block);
        CHECK(error_of([&] {
                trustscore::read_csv_signals_text(model.factors(), text, "q.csv",
                                                  options_for(true, threads, block));
              }) == want);
      }
  }
}

TEST_CASE("a file reads as its text, and a store it fills is the same bit for bit",
          "[csv][stream][file]") {
  Model model;
  FileShape shape;
  shape.rows = 3000;
  shape.newline = "\r\n";
  const std::string text = generated_csv(shape);
  tstest::ScratchDir dir("csv-stream");
  const std::string path = (dir.path / "signals.csv").string();
  std::ofstream(path, std::ios::binary) << text;
  const CsvSignals want =
      tstest::reference_read_csv_signals(model.factors(), text, path, options_for(true, 1, 1));

  EvidenceStore by_ids(model);
  by_ids.add(want.ids.data(), want.batch(), trustscore::IngestOptions{1709251200});
  for (const int threads : {1, 2})
    for (const std::size_t block : {std::size_t(100), std::size_t(4) << 20}) {
      INFO("threads " << threads << ", block " << block);
      check_same(trustscore::read_csv_signals_file(model.factors(), path,
                                                   options_for(true, threads, block)),
                 want);
      EvidenceStore from_file(model);
      const auto report =
          trustscore::ingest_csv_file(from_file, path, options_for(true, threads, block));
      CHECK(report.signals == want.report.signals);
      CHECK(StoreSnapshot(from_file) == StoreSnapshot(by_ids));
    }
}

TEST_CASE("a field longer than the block is read whole", "[csv][stream]") {
  Model model;
  const std::string long_id(3 << 20, 'x');  // 3 MB, past a 1 MB block
  const std::string text = "entity,factor,value\n\"" + long_id + "\",values,1\nb,values,0\n";
  auto o = options_for(false, 1, std::size_t(1) << 20);
  const CsvSignals got = trustscore::read_csv_signals_text(model.factors(), text, "big.csv", o);
  REQUIRE(got.ids.size() == 2);
  CHECK(got.ids[0] == long_id);
  CHECK(got.lines == std::vector<std::int64_t>{2, 3});
}
