// Signals from CSV: every bad-input case is an error naming file, line,
// column and problem, nothing is half-ingested, skip_bad_rows counts what it
// leaves out, and the format's edge cases (quoting, BOM, CRLF, blank lines,
// column order, time formats) are handled.
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/evidence.hpp"
#include "trustscore/model.hpp"

using trustscore::CsvOptions;
using trustscore::CsvReport;
using trustscore::EvidenceStore;
using trustscore::Model;
using trustscore::Status;
using tstest::mar_1_2024;
using tstest::outcome_of;
using tstest::StoreSnapshot;

namespace {

const std::string data_dir = TRUSTSCORE_TEST_DATA_DIR;

CsvOptions at_fixed_time() {
  CsvOptions o;
  o.default_time = mar_1_2024;  // for rows without a time: no wall clock in tests
  return o;
}

// A store that already holds evidence, so "unchanged" is a real check.
struct Seeded {
  Model model;
  EvidenceStore store{model};
  Seeded() {
    trustscore::ingest_csv_text(store,
                                "entity,factor,value,weight,time\n"
                                "pre,authenticity,0.8,2,2024-02-01\n"
                                "pre2,values,0.1,1,2024-02-02\n",
                                "seed.csv");
  }
  CsvReport ingest(const std::string& text, const CsvOptions& o = at_fixed_time()) {
    return trustscore::ingest_csv_text(store, text, "signals.csv", o);
  }
  double r(const std::string& id, const std::string& factor) const {
    return store.positive_mass(static_cast<std::size_t>(store.find_entity(id)),
                               store.factors().index_of(factor), mar_1_2024);
  }
  double s(const std::string& id, const std::string& factor) const {
    return store.negative_mass(static_cast<std::size_t>(store.find_entity(id)),
                               store.factors().index_of(factor), mar_1_2024);
  }
};

const std::string header = "entity,factor,value,weight,time,source\n";
const std::string good_rows =  // lines 2 to 5
    "acme,authenticity,1,2,2024-03-01T00:00:00Z,r1\n"
    "acme,values,0.5,1,1709251200,r2\n"
    "globex,experts,0.25,,,\n"
    "initech,data_security,1,3,2024-02-01,r1\n";

}  // namespace

TEST_CASE("a well-formed CSV adds its signals", "[csv]") {
  Seeded t;
  const CsvReport rep = t.ingest(header + good_rows);
  CHECK(rep.rows == 4);
  CHECK(rep.signals == 4);
  CHECK(rep.skipped == 0);
  CHECK(rep.skipped_by_reason.empty());
  CHECK(rep.problems.empty());
  CHECK(t.store.entity_count() == 5u);
  CHECK(t.store.signal_count() == 6);
  // acme: authenticity r = 2 * 1; values r = 0.5, s = 0.5 * 2 (negativity).
  CHECK(t.r("acme", "authenticity") == Approx(2).epsilon(1e-14));
  CHECK(t.s("acme", "authenticity") == Approx(0.0).epsilon(1e-14));
  CHECK(t.r("acme", "values") == Approx(0.5).epsilon(1e-14));
  CHECK(t.s("acme", "values") == Approx(1.0).epsilon(1e-14));
  // globex: empty weight -> 1, empty time -> default time: r = 0.25, s = 0.75 * 2.
  CHECK(t.r("globex", "experts") == Approx(0.25).epsilon(1e-14));
  CHECK(t.s("globex", "experts") == Approx(1.5).epsilon(1e-14));
  // initech: 29 days before 2024-03-01 with a 730-day half-life.
  CHECK(t.r("initech", "data_security") == Approx(3 * std::exp2(-29.0 / 730)).epsilon(1e-14));
  CHECK(t.store.latest_time() == mar_1_2024);
}

TEST_CASE("read_csv_signals_text reads signals without a store, with their lines", "[csv]") {
  const Model model;
  // Line 3 is blank and line 5 quoted over two lines: each signal keeps the line it starts on.
  const std::string text = header +
                           "acme,authenticity,1,2,2024-03-01T00:00:00Z,r1\n\n"
                           "globex,experts,0.25,,,\n"
                           "\"multi\nline\",values,0.5,1,1709251200,\n";
  const trustscore::CsvSignals read =
      trustscore::read_csv_signals_text(model.factors(), text, "signals.csv", at_fixed_time());
  CHECK(read.report.rows == 3);
  CHECK(read.report.signals == 3);
  CHECK(read.ids == std::vector<std::string>{"acme", "globex", "multi\nline"});
  CHECK(read.lines == std::vector<std::int64_t>{2, 4, 5});
  CHECK(read.factors[1] == static_cast<std::int32_t>(model.factors().index_of("experts")));
  CHECK(read.weights[1] == 1.0);
  CHECK(std::isnan(read.times[1]));  // no time: the default is the store's to apply
  const trustscore::SignalBatch batch = read.batch();
  CHECK(batch.size == 3);
  CHECK(batch.value[1] == 0.25);
  CHECK(batch.time[0] == mar_1_2024);
  // The same rows ingested give the same evidence as the batch added by id.
  Seeded t, u;
  t.ingest(text);
  u.store.add(read.ids.data(), batch, trustscore::IngestOptions{mar_1_2024});
  CHECK(StoreSnapshot(t.store) == StoreSnapshot(u.store));
  CHECK_THROWS_WITH(
      trustscore::read_csv_signals_text(model.factors(), header + "x,nope,1,1,,\n", "r.csv"),
      Catch::Contains("r.csv:2: column 2 (factor): unknown factor 'nope'"));
}

TEST_CASE("every bad row is an error naming file, line, column and problem", "[csv][errors]") {
  struct Case {
    std::string row, where, problem;
  };
  // The bad row is line 6, after four good ones and before one more.
  const std::vector<Case> cases = {
      {"hooli,values,1.5,1,2024-03-01,r", "column 3 (value)", "value 1.5 outside [0, 1]"},
      {"hooli,values,-0.25,1,2024-03-01,r", "column 3 (value)", "outside [0, 1]"},
      {"hooli,values,nan,1,2024-03-01,r", "column 3 (value)", "NaN or infinite"},
      {"hooli,values,NaN,1,2024-03-01,r", "column 3 (value)", "NaN or infinite"},
      {"hooli,values,inf,1,2024-03-01,r", "column 3 (value)", "NaN or infinite"},
      {"hooli,values,-inf,1,2024-03-01,r", "column 3 (value)", "NaN or infinite"},
      {"hooli,values,abc,1,2024-03-01,r", "column 3 (value)", "'abc' is not a number"},
      {"hooli,values,,1,2024-03-01,r", "column 3 (value)", "is not a number"},
      {"hooli,values,0.5x,1,2024-03-01,r", "column 3 (value)", "is not a number"},
      {"hooli,values,1,-2,2024-03-01,r", "column 4 (weight)", "negative"},
      {"hooli,values,1,nan,2024-03-01,r", "column 4 (weight)", "NaN or infinite"},
      {"hooli,values,1,inf,2024-03-01,r", "column 4 (weight)", "NaN or infinite"},
      {"hooli,values,1,heavy,2024-03-01,r", "column 4 (weight)", "'heavy' is not a number"},
      {"hooli,innovation,1,1,2024-03-01,r", "column 2 (factor)", "unknown factor 'innovation'"},
      {"hooli,,1,1,2024-03-01,r", "column 2 (factor)", "unknown factor ''"},
      {"hooli,values,1,1,2024-13-01,r", "column 5 (time)", "malformed time '2024-13-01'"},
      {"hooli,values,1,1,2024-02-30T00:00:00Z,r", "column 5 (time)", "malformed time"},
      {"hooli,values,1,1,yesterday,r", "column 5 (time)", "malformed time 'yesterday'"},
      {"hooli,values,1,1,inf,r", "column 5 (time)", "malformed time"},
      {"hooli,values,1,1,2024-03-01", "5 columns", "the header has 6"},
      {"hooli,values,1,1,2024-03-01,r,extra", "7 columns", "the header has 6"},
      {"hooli", "1 columns", "the header has 6"},
      {",values,1,1,2024-03-01,r", "column 1 (entity)", "entity id is empty"},
      {"  ,values,1,1,2024-03-01,r", "column 1 (entity)", "entity id is empty"},
  };
  for (const Case& c : cases) {
    DYNAMIC_SECTION(c.row) {
      Seeded t;
      const StoreSnapshot before(t.store);
      const std::string text = header + good_rows + c.row + "\nhooli,values,1,1,2024-03-01,r\n";
      const auto o = outcome_of([&] { t.ingest(text); });
      INFO(o.message);
      CHECK(o.status == Status::bad_format);
      CHECK(o.message.rfind("signals.csv:6: ", 0) == 0);
      CHECK(o.contains(c.where));
      CHECK(o.contains(c.problem));
      CHECK(StoreSnapshot(t.store) == before);  // nothing half-ingested
      CHECK(t.store.find_entity("acme") == -1);
    }
  }
}

TEST_CASE("a bad row late in a long file leaves the store unchanged", "[csv][errors]") {
  Seeded t;
  std::string text = header;
  for (int i = 0; i < 5000; ++i)
    text += "e" + std::to_string(i % 97) + ",koc_word_of_mouth,0.8,1," +
            std::to_string(1700000000 + i) + ",\n";
  text += "late,koc_word_of_mouth,1,-1,1700000000,\n";  // line 5002
  const StoreSnapshot before(t.store);
  const auto o = outcome_of([&] { t.ingest(text); });
  CHECK(o.status == Status::bad_format);
  CHECK(o.contains("signals.csv:5002: column 4 (weight)"));
  CHECK(StoreSnapshot(t.store) == before);
  CHECK(t.store.entity_count() == 2u);
}

TEST_CASE("skip_bad_rows leaves bad rows out and counts them by reason", "[csv]") {
  const std::string text = header +
                           "a,values,1,1,2024-03-01,\n"      // 2 ok
                           "b,values,1.5,1,2024-03-01,\n"    // 3 value outside
                           "c,values,1,-1,2024-03-01,\n"     // 4 negative weight
                           "d,innovation,1,1,2024-03-01,\n"  // 5 unknown factor
                           "e,values,1,1,noon,\n"            // 6 malformed time
                           "f,values,1,1\n"                  // 7 wrong column count
                           "g,values,0.5,2,2024-03-01,\n"    // 8 ok
                           "h,values,nan,1,2024-03-01,\n"    // 9 value not finite
                           "\n"                              // 10 blank: not a row
                           "i,values,2,1,2024-03-01,\n"      // 11 value outside
                           "a,experts,0,1,2024-03-01,\n";    // 12 ok
  Seeded t;
  CsvOptions o = at_fixed_time();
  o.skip_bad_rows = true;
  const CsvReport rep = t.ingest(text, o);
  CHECK(rep.rows == 10);  // the blank line is not a row
  CHECK(rep.signals == 3);
  CHECK(rep.skipped == 7);
  const std::map<std::string, std::int64_t> expected = {
      {"value outside [0,1]", 2}, {"negative weight", 1},    {"unknown factor", 1},
      {"malformed time", 1},      {"wrong column count", 1}, {"value not finite", 1}};
  CHECK(rep.skipped_by_reason == expected);
  std::int64_t total = 0;
  for (const auto& kv : rep.skipped_by_reason) total += kv.second;
  CHECK(total == rep.skipped);
  REQUIRE(rep.problems.size() == 7u);
  CHECK(rep.problems[0].rfind("signals.csv:3: column 3 (value)", 0) == 0);
  CHECK(rep.problems[1].rfind("signals.csv:4: column 4 (weight)", 0) == 0);
  CHECK(rep.problems[2].rfind("signals.csv:5: column 2 (factor)", 0) == 0);
  CHECK(rep.problems[3].rfind("signals.csv:6: column 5 (time)", 0) == 0);
  CHECK(rep.problems[4].rfind("signals.csv:7: ", 0) == 0);
  CHECK(rep.problems[5].rfind("signals.csv:9: column 3 (value)", 0) == 0);
  CHECK(rep.problems[6].rfind("signals.csv:11: column 3 (value)", 0) == 0);
  // Exactly the good rows were ingested.
  CHECK(t.store.entity_count() == 4u);  // pre, pre2, a, g
  CHECK(t.store.find_entity("b") == -1);
  CHECK(t.store.signal_count() == 2 + 3);
  CHECK(t.r("a", "values") == Approx(1.0).epsilon(1e-14));
  CHECK(t.r("g", "values") == Approx(1.0).epsilon(1e-14));
  CHECK(t.s("g", "values") == Approx(2.0).epsilon(1e-14));
  CHECK(t.s("a", "experts") == Approx(2.0).epsilon(1e-14));

  SECTION("max_reported_problems bounds the examples, not the counts") {
    Seeded u;
    o.max_reported_problems = 2;
    const CsvReport capped = u.ingest(text, o);
    CHECK(capped.problems.size() == 2u);
    CHECK(capped.skipped == 7);
    CHECK(capped.signals == 3);
  }
}

TEST_CASE("quoted fields: commas, doubled quotes, newlines", "[csv][quoting]") {
  const std::string text =
      "entity,factor,value,source\n"                                 // 1
      "\"Acme, Inc.\",authenticity,1,\"a \"\"quoted\"\" source\"\n"  // 2
      "\"multi\nline\",values,0.5,x\n"                               // 3-4
      "\"Joe \"\"The Shop\"\"\",experts,\"0.25\",\"\"\n"             // 5
      "\"\",values,1,x\n";                                           // 6: empty id
  SECTION("parsed values") {
    Seeded t;
    CsvOptions o = at_fixed_time();
    o.source_credibility = {{"a \"quoted\" source", 0.5}};
    o.skip_bad_rows = true;
    const CsvReport rep = t.ingest(text, o);
    CHECK(rep.signals == 3);
    CHECK(t.store.find_entity("Acme, Inc.") >= 0);
    CHECK(t.store.find_entity("multi\nline") >= 0);
    CHECK(t.store.find_entity("Joe \"The Shop\"") >= 0);
    CHECK(t.r("Acme, Inc.", "authenticity") ==
          Approx(0.5).epsilon(1e-14));  // credibility of the quoted source
    CHECK(t.r("multi\nline", "values") == Approx(0.5).epsilon(1e-14));
    CHECK(t.r("Joe \"The Shop\"", "experts") == Approx(0.25).epsilon(1e-14));
    // Line numbers after a quoted newline still count physical lines.
    REQUIRE(rep.problems.size() == 1u);
    CHECK(rep.problems[0].rfind("signals.csv:6: column 1 (entity)", 0) == 0);
  }
  SECTION("a bad row after a quoted newline is reported on its own line") {
    Seeded t;
    const auto o = outcome_of([&] { t.ingest(text); });
    CHECK(o.status == Status::bad_format);
    CHECK(o.message.rfind("signals.csv:6: ", 0) == 0);
    const auto o2 =
        outcome_of([&] { t.ingest("entity,factor,value\n\"a\nb\nc\",values,1\nd,values,7\n"); });
    CHECK(o2.message.rfind("signals.csv:5: column 3 (value)", 0) == 0);
  }
  SECTION("an unterminated quote is an error even when skipping bad rows") {
    Seeded t;
    const StoreSnapshot before(t.store);
    CsvOptions o = at_fixed_time();
    o.skip_bad_rows = true;
    const auto e = outcome_of(
        [&] { t.ingest("entity,factor,value\nx,values,1\ny,values,\"1\nz,values,1\n", o); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.message.rfind("signals.csv:3: ", 0) == 0);
    CHECK(e.contains("never closed"));
    CHECK(StoreSnapshot(t.store) == before);
    const auto in_header = outcome_of([&] { t.ingest("entity,\"factor,value\n"); });
    CHECK(in_header.status == Status::bad_format);
    CHECK(in_header.contains("never closed"));
  }
  SECTION("text after a closing quote is an error") {
    Seeded t;
    const StoreSnapshot before(t.store);
    const auto e =
        outcome_of([&] { t.ingest("entity,factor,value\nx,values,1\n\"y\"z,values,1\n"); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.message.rfind("signals.csv:3: ", 0) == 0);
    CHECK(e.contains("column 1"));
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("quoted header names") {
    Seeded t;
    CHECK(t.ingest("\"entity\",\"factor\",\"value\"\nx,values,1\n").signals == 1);
  }
}

TEST_CASE("a UTF-8 byte-order mark is skipped", "[csv]") {
  Seeded t;
  CHECK(t.ingest("\xEF\xBB\xBF"
                 "entity,factor,value\nx,values,1\n")
            .signals == 1);
  CHECK(t.r("x", "values") == Approx(1.0).epsilon(1e-14));
  const auto e = outcome_of([&] {
    t.ingest(
        "\xEF\xBB\xBF"
        "entity,factor,value\nx,values,3\n");
  });
  CHECK(e.status == Status::bad_format);
  CHECK(e.message.rfind("signals.csv:2: column 3 (value)", 0) == 0);
  // A BOM alone is an empty file.
  CHECK(outcome_of([&] { t.ingest("\xEF\xBB\xBF"); }).status == Status::bad_format);
}

TEST_CASE("CRLF line ends", "[csv]") {
  Seeded t;
  const CsvReport rep = t.ingest("entity,factor,value,weight\r\nx,values,1,2\r\ny,values,0,1\r\n");
  CHECK(rep.signals == 2);
  CHECK(t.store.find_entity("x") >= 0);
  CHECK(t.r("x", "values") == Approx(2.0).epsilon(1e-14));  // the weight is "2", not "2\r"
  CHECK(t.s("y", "values") == Approx(2.0).epsilon(1e-14));
  // Mixed line ends, and CRLF inside a quoted field.
  const auto e = outcome_of([&] {
    t.ingest("entity,factor,value\r\n\"a\r\nb\",values,1\nc,values,0\r\nd,values,-1\r\n");
  });
  CHECK(e.status == Status::bad_format);
  CHECK(e.message.rfind("signals.csv:5: column 3 (value)", 0) == 0);
}

TEST_CASE("empty file, header only, blank lines", "[csv]") {
  Seeded t;
  const StoreSnapshot before(t.store);
  SECTION("an empty file is an error") {
    const auto e = outcome_of([&] { t.ingest(""); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.message.rfind("signals.csv:1: ", 0) == 0);
    CHECK(e.contains("empty"));
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("a header alone is zero signals") {
    for (const char* text :
         {"entity,factor,value\n", "entity,factor,value",
          "entity,factor,value,weight,time,source\r\n", "entity,factor,value\n\n\n"}) {
      const CsvReport rep = t.ingest(text);
      CHECK(rep.rows == 0);
      CHECK(rep.signals == 0);
      CHECK(rep.skipped == 0);
    }
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("blank lines are skipped and still counted as lines") {
    const std::string text = "entity,factor,value\n\nx,values,1\n   \n\ny,values,1\n\n";
    const CsvReport rep = t.ingest(text);
    CHECK(rep.rows == 2);
    CHECK(rep.signals == 2);
    const auto e =
        outcome_of([&] { t.ingest("entity,factor,value\n\nx,values,1\n\n\ny,values,5\n"); });
    CHECK(e.message.rfind("signals.csv:6: ", 0) == 0);
  }
  SECTION("a row without a final newline") {
    CHECK(t.ingest("entity,factor,value\nx,values,1").signals == 1);
    CHECK(t.r("x", "values") == Approx(1.0).epsilon(1e-14));
  }
}

TEST_CASE("header variants", "[csv]") {
  Seeded t;
  const StoreSnapshot before(t.store);
  SECTION("optional columns absent: weight 1, default time, full credibility") {
    const CsvReport rep = t.ingest("entity,factor,value\nx,values,0.25\n");
    CHECK(rep.signals == 1);
    CHECK(t.r("x", "values") == Approx(0.25).epsilon(1e-14));
    CHECK(t.s("x", "values") == Approx(1.5).epsilon(1e-14));
    CHECK(t.store.latest_time() == mar_1_2024);  // CsvOptions::default_time
  }
  SECTION("columns in another order give the same evidence") {
    Seeded canonical;
    canonical.ingest(header + good_rows);
    const CsvReport rep = t.ingest(
        "time,weight,source,factor,value,entity\n"
        "2024-03-01T00:00:00Z,2,r1,authenticity,1,acme\n"
        "1709251200,1,r2,values,0.5,acme\n"
        ",,,experts,0.25,globex\n"
        "2024-02-01,3,r1,data_security,1,initech\n");
    CHECK(rep.signals == 4);
    CHECK(StoreSnapshot(t.store) == StoreSnapshot(canonical.store));
    // Errors name the column where it really is.
    const auto e = outcome_of([&] { t.ingest("value,entity,factor\n2,x,values\n"); });
    CHECK(e.message.rfind("signals.csv:2: column 1 (value)", 0) == 0);
    const auto e2 = outcome_of([&] { t.ingest("factor,weight,entity,value\nvalues,-1,x,1\n"); });
    CHECK(e2.message.rfind("signals.csv:2: column 2 (weight)", 0) == 0);
  }
  SECTION("unknown header") {
    const auto e = outcome_of([&] { t.ingest("entity,factor,value,colour\nx,values,1,red\n"); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.message.rfind("signals.csv:1: ", 0) == 0);
    CHECK(e.contains("column 4"));
    CHECK(e.contains("unknown header 'colour'"));
    CHECK(outcome_of([&] { t.ingest("Entity,factor,value\nx,values,1\n"); }).status ==
          Status::bad_format);
    CHECK(outcome_of([&] { t.ingest("entity,factor,value,\nx,values,1,\n"); }).status ==
          Status::bad_format);
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("missing required column") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"entity,value\nx,1\n", "'factor'"},
        {"factor,value\nvalues,1\n", "'entity'"},
        {"entity,factor\nx,values\n", "'value'"},
        {"weight,time\n1,2\n", "'entity'"}};
    for (const auto& c : cases) {
      const auto e = outcome_of([&] { t.ingest(c.first); });
      CHECK(e.status == Status::bad_format);
      CHECK(e.message.rfind("signals.csv:1: ", 0) == 0);
      CHECK(e.contains("required column " + c.second));
    }
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("duplicate column") {
    const auto e = outcome_of([&] { t.ingest("entity,factor,value,value\nx,values,1,1\n"); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.contains("column 4"));
    CHECK(e.contains("duplicate"));
  }
}

TEST_CASE("ISO-8601 and unix times give the same evidence", "[csv][time]") {
  Seeded iso, unix_s;
  iso.ingest(
      "entity,factor,value,time\n"
      "x,values,1,2024-03-01T00:00:00Z\n"
      "x,values,0,2024-01-01\n"
      "y,experts,1,2024-03-01T02:00:00+02:00\n"
      "y,experts,1,2024-02-10T12:00:00.5Z\n");
  unix_s.ingest(
      "entity,factor,value,time\n"
      "x,values,1,1709251200\n"
      "x,values,0,1704067200\n"
      "y,experts,1,1709251200\n"
      "y,experts,1,1707566400.5\n");
  CHECK(StoreSnapshot(iso.store) == StoreSnapshot(unix_s.store));
  // values (730 days): r = 1, s = 2 * 2^(-60/730) as of 2024-03-01.
  CHECK(iso.s("x", "values") == Approx(2 * std::exp2(-60.0 / 730)).epsilon(1e-14));
}

TEST_CASE("surrounding spaces are trimmed and a leading + is accepted", "[csv]") {
  Seeded t;
  const CsvReport rep = t.ingest("entity , factor,value ,weight\n  x , values , +0.5 , 2 \n");
  CHECK(rep.signals == 1);
  CHECK(t.store.find_entity("x") >= 0);
  CHECK(t.r("x", "values") == Approx(1.0).epsilon(1e-14));
  CHECK(t.s("x", "values") == Approx(2.0).epsilon(1e-14));
}

TEST_CASE("sources are discounted by their credibility", "[csv][credibility]") {
  Seeded t;
  CsvOptions o = at_fixed_time();
  o.source_credibility = {{"bot", 0.0}, {"expert_1", 0.8}};
  o.unknown_source_credibility = 0.5;
  t.ingest(
      "entity,factor,value,weight,source\n"
      "x,experts,1,1,expert_1\n"        // 0.8
      "x,values,1,1,stranger\n"         // 0.5
      "x,koc_word_of_mouth,1,10,bot\n"  // 0
      "x,authenticity,1,1,\n",          // no source: 1
      o);
  CHECK(t.r("x", "experts") == Approx(0.8).epsilon(1e-14));
  CHECK(t.r("x", "values") == Approx(0.5).epsilon(1e-14));
  CHECK(t.r("x", "koc_word_of_mouth") == Approx(0.0).epsilon(1e-14));
  CHECK(t.r("x", "authenticity") == Approx(1.0).epsilon(1e-14));

  const StoreSnapshot before(t.store);
  CsvOptions bad = at_fixed_time();
  bad.source_credibility = {{"bot", 1.5}};
  CHECK(outcome_of([&] { t.ingest("entity,factor,value\ny,values,1\n", bad); }).status ==
        Status::invalid_argument);
  CsvOptions bad2 = at_fixed_time();
  bad2.unknown_source_credibility = -0.1;
  CHECK(outcome_of([&] { t.ingest("entity,factor,value\ny,values,1\n", bad2); }).status ==
        Status::invalid_argument);
  CHECK(StoreSnapshot(t.store) == before);
}

TEST_CASE("custom factors can be named in CSV", "[csv]") {
  Model model;
  model.add_factor("innovation");
  EvidenceStore store(model);
  const CsvReport rep = trustscore::ingest_csv_text(store, "entity,factor,value\nx,innovation,1\n",
                                                    "c.csv", at_fixed_time());
  CHECK(rep.signals == 1);
  CHECK(store.positive_mass(0, 9, mar_1_2024) == Approx(1.0).epsilon(1e-14));
}

TEST_CASE("the progress callback ends at the total", "[csv]") {
  Seeded t;
  std::vector<std::pair<std::uint64_t, std::uint64_t>> calls;
  CsvOptions o = at_fixed_time();
  o.progress = [&](std::uint64_t done, std::uint64_t total) { calls.emplace_back(done, total); };
  const std::string text = header + good_rows;
  t.ingest(text, o);
  REQUIRE_FALSE(calls.empty());
  CHECK(calls.back().first == text.size());
  CHECK(calls.back().second == text.size());
}

TEST_CASE("ingest_csv_file reads files and names them in messages", "[csv][file]") {
  SECTION("a fixture file") {
    Seeded t;
    const CsvReport rep =
        trustscore::ingest_csv_file(t.store, data_dir + "/unit_signals.csv", at_fixed_time());
    CHECK(rep.signals == 3);
    CHECK(t.r("acme", "authenticity") == Approx(2.0).epsilon(1e-14));
    CHECK(t.r("acme", "koc_word_of_mouth") == Approx(0.75).epsilon(1e-14));
    CHECK(t.s("acme", "koc_word_of_mouth") == Approx(0.5).epsilon(1e-14));
    CHECK(t.s("Globex, Corp", "values") == Approx(1.0).epsilon(1e-14));
  }
  SECTION("a bad row in a fixture file") {
    Seeded t;
    const StoreSnapshot before(t.store);
    const std::string path = data_dir + "/unit_bad_row.csv";
    const auto e = outcome_of([&] { trustscore::ingest_csv_file(t.store, path, at_fixed_time()); });
    CHECK(e.status == Status::bad_format);
    CHECK(e.message.rfind(path + ":8: column 3 (value): value 1.2 outside [0, 1]", 0) == 0);
    CHECK(StoreSnapshot(t.store) == before);
  }
  SECTION("a temporary file with BOM and CRLF") {
    const auto path = std::filesystem::temp_directory_path() /
                      ("trustscore_unit_" + std::to_string(::getpid()) + ".csv");
    {
      std::ofstream out(path, std::ios::binary);
      out << "\xEF\xBB\xBF"
             "entity,factor,value\r\nx,values,1\r\n";
    }
    Seeded t;
    CHECK(trustscore::ingest_csv_file(t.store, path.string(), at_fixed_time()).signals == 1);
    std::filesystem::remove(path);
  }
  SECTION("a missing file is an I/O error") {
    Seeded t;
    const StoreSnapshot before(t.store);
    const std::string path = data_dir + "/no_such_file.csv";
    const auto e = outcome_of([&] { trustscore::ingest_csv_file(t.store, path); });
    CHECK(e.status == Status::io);
    CHECK(e.contains(path));
    CHECK(StoreSnapshot(t.store) == before);
  }
}
