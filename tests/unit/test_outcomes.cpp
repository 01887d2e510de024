// Outcomes for evaluation: reading them, K folds of entities, and evidence
// before a time cutoff.
#include <catch2/catch.hpp>
#include <cmath>
#include <set>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/eval/outcomes.hpp"
#include "trustscore/model.hpp"

using namespace trustscore;
using tstest::outcome_of;

TEST_CASE("outcomes CSV: columns in any order, optional time", "[outcomes]") {
  const Outcomes o = read_outcomes_csv_text(
      "time,outcome,entity\n2026-01-01,1,acme\n,0,\"globex, inc\"\n1700000000,1,initech\n",
      "o.csv");
  CHECK(o.entity == std::vector<std::string>{"acme", "globex, inc", "initech"});
  CHECK(o.outcome == std::vector<double>{1, 0, 1});
  CHECK(o.time[0] == 1767225600);
  CHECK(std::isnan(o.time[1]));
  CHECK(o.binary());
  const Outcomes numeric = read_outcomes_csv_text("entity,outcome\na,4.5\nb,-1\n", "n.csv");
  CHECK(!numeric.binary());
  CHECK(numeric.time.size() == 2u);
  CHECK(!read_outcomes_csv_text("entity,outcome\n", "e.csv").binary());  // none: not binary
}

TEST_CASE("outcomes CSV: every problem names file and line", "[outcomes][errors]") {
  const auto bad = [](const std::string& text, const std::string& expected) {
    const auto o = outcome_of([&] { read_outcomes_csv_text(text, "o.csv"); });
    INFO(o.message);
    CHECK(o.status == Status::bad_format);
    CHECK(o.contains(expected));
  };
  bad("", "o.csv:1: empty file");
  bad("entity,score\n", "unknown header 'score'");
  bad("entity,entity,outcome\n", "duplicate header 'entity'");
  bad("entity,time\n", "needs the columns entity and outcome");
  bad("entity,outcome\na,1\na,0\n", "o.csv:3: entity 'a' has a second outcome");
  bad("entity,outcome\na,yes\n", "o.csv:2: column 2 (outcome): 'yes' is not a finite number");
  bad("entity,outcome\na,nan\n", "not a finite number");
  bad("entity,outcome\n,1\n", "empty entity id");
  bad("entity,outcome\na,1,2\n", "3 columns, the header has 2");
  bad("entity,outcome,time\na,1,soon\n", "malformed time 'soon'");
  CHECK(outcome_of([] { read_outcomes_csv_file("/no/such/outcomes.csv"); }).status == Status::io);
}

TEST_CASE("K folds: balanced, seeded, every item in one fold", "[outcomes]") {
  const auto a = kfold_assignment(103, 5, 42), b = kfold_assignment(103, 5, 42);
  const auto c = kfold_assignment(103, 5, 43);
  CHECK(a == b);
  CHECK(a != c);
  std::vector<int> size(5);
  for (auto f : a) {
    REQUIRE((f >= 0 && f < 5));
    ++size[static_cast<std::size_t>(f)];
  }
  CHECK(*std::min_element(size.begin(), size.end()) == 20);
  CHECK(*std::max_element(size.begin(), size.end()) == 21);
  CHECK(kfold_assignment(3, 1, 7) == std::vector<std::int64_t>{0, 0, 0});
  CHECK(kfold_assignment(0, 3, 7).empty());
  CHECK(outcome_of([] { kfold_assignment(3, 0, 1); }).contains("folds must be >= 1"));
  CHECK(outcome_of([] { kfold_assignment(3, 4, 1); }).contains("exceed the 3 entities"));
}

TEST_CASE("a cutoff keeps evidence before it and counts the rest", "[outcomes][csv]") {
  const Model model;
  EvidenceStore store(model);
  CsvOptions o;
  o.cutoff = 1700000000;
  const CsvReport rep = ingest_csv_text(store,
                                        "entity,factor,value,time\n"
                                        "a,experts,1,1699999999\n"
                                        "a,experts,0,1700000000\n"
                                        "b,experts,1,1800000000\n",
                                        "c.csv", o);
  CHECK(rep.signals == 1);
  CHECK(rep.after_cutoff == 2);
  CHECK(store.entity_count() == 1u);
  CHECK(store.latest_time() == 1699999999);
  // A signal without a time cannot be placed: a bad row, unless default_time places it.
  EvidenceStore s2(model);
  const auto untimed =
      outcome_of([&] { ingest_csv_text(s2, "entity,factor,value\na,experts,1\n", "u.csv", o); });
  CHECK(untimed.status == Status::bad_format);
  CHECK(untimed.contains("u.csv:2: the signal has no time"));
  o.default_time = 1600000000;
  CHECK(ingest_csv_text(s2, "entity,factor,value\na,experts,1\n", "u.csv", o).signals == 1);
  o.default_time = 1700000001;
  CHECK(ingest_csv_text(s2, "entity,factor,value\na,experts,1\n", "u.csv", o).after_cutoff == 1);
}
