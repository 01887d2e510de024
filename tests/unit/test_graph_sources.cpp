// Where trust graphs meet signals: ratings read from CSV, credibility of
// sources from EigenTrust or fairness, and signals discounted by it on ingest.
#include <catch2/catch.hpp>
#include <cmath>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/csv.hpp"
#include "trustscore/graph/credibility.hpp"
#include "trustscore/graph/ratings_csv.hpp"
#include "trustscore/model.hpp"

using namespace trustscore;
using tstest::outcome_of;

TEST_CASE("ratings CSV: ids, ratings, times, optional header", "[graph][csv]") {
  const RatingsTable t = read_ratings_csv_text(
      "\xEF\xBB\xBFsource,target,rating,time\r\n"
      "alice,bob,10,1700000000.5\r\n"
      "bob,\"carol, jr\",-3,2024-03-01T00:00:00Z\r\n"
      "\n"
      "7,alice,+2.5,1700000100\r\n",
      "r.csv");
  REQUIRE(t.edge_count() == 3);
  CHECK(t.nodes.ids() == std::vector<std::string>{"alice", "bob", "carol, jr", "7"});
  CHECK(t.source == std::vector<std::int64_t>{0, 1, 3});
  CHECK(t.target == std::vector<std::int64_t>{1, 2, 0});
  CHECK(t.rating == std::vector<double>{10, -3, 2.5});
  CHECK(t.time == std::vector<double>{1700000000.5, 1709251200, 1700000100});

  const RatingsTable plain = read_ratings_csv_text("1,2,4\n2,1,-1\n", "p.csv");  // no header
  CHECK(plain.edge_count() == 2);
  CHECK(plain.time.empty());
  const TrustGraph g = plain.graph(GraphOptions{-10, 10});
  CHECK(g.ratings().coeff(0, 1) == Approx(0.4).epsilon(1e-15));
  CHECK(g.ratings().coeff(1, 0) == Approx(-0.1).epsilon(1e-15));

  CHECK(read_ratings_csv_text("", "e.csv").edge_count() == 0);
  CHECK(read_ratings_csv_text("source,target,rating\n", "h.csv").edge_count() == 0);
}

TEST_CASE("ratings CSV: with times, DuplicateEdges::last keeps the latest rating", "[graph][csv]") {
  GraphOptions last{-10, 10};
  last.duplicates = DuplicateEdges::last;
  // a rated x +10 in 2023, then -5 written earlier in the file but dated 2024, and +2 in
  // 2023 again (a tie in time with the first: the later row wins among equals).
  const RatingsTable timed = read_ratings_csv_text(
      "a,x,-5,2024-01-01\na,x,10,2023-01-01\nb,x,1,2020-01-01\na,x,2,2023-01-01\n", "t.csv");
  CHECK(timed.graph(last).ratings().coeff(0, 1) == Approx(-0.5).epsilon(1e-15));
  const RatingsTable untimed = read_ratings_csv_text("a,x,-5\na,x,10\na,x,2\n", "u.csv");
  CHECK(untimed.graph(last).ratings().coeff(0, 1) == Approx(0.2).epsilon(1e-15));
  // Other policies do not depend on order: the mean of -5, 10 and 2.
  CHECK(timed.graph(GraphOptions{-10, 10}).ratings().coeff(0, 1) ==
        Approx(7.0 / 30).epsilon(1e-15));
  // Ties in time keep the file's order: +10 then +2, both 2023-01-01, and no -5.
  const RatingsTable tie =
      read_ratings_csv_text("a,x,10,2023-01-01\na,x,2,2023-01-01\n", "tie.csv");
  CHECK(tie.graph(last).ratings().coeff(0, 1) == Approx(0.2).epsilon(1e-15));
}

TEST_CASE("ratings CSV: every bad row names file, line and problem", "[graph][csv][errors]") {
  const auto bad = [](const std::string& text, const std::string& expected) {
    const auto o = outcome_of([&] { read_ratings_csv_text(text, "r.csv"); });
    CHECK(o.status == Status::bad_format);
    CHECK(o.contains(expected));
    INFO(o.message);
  };
  bad("a,b\n", "r.csv:1: 2 columns, expected source,target,rating[,time]");
  bad("a,b,1,2,3\n", "r.csv:1: 5 columns");
  bad("a,b,1\na,b,x\n", "r.csv:2: column 3 (rating): 'x' is not a number");
  bad("a,b,1\nc,d,2,1700000000\n", "r.csv:2: 4 columns, the first row has 3");
  bad("a,b,1,1700000000\nc,d,2\n", "r.csv:2: 3 columns, the first row has 4");
  bad("a,b,1,yesterday\n", "r.csv:1: column 4 (time): 'yesterday'");
  bad("a,b,1,\n", "r.csv:1: column 4 (time)");
  bad("a,b,inf\n", "r.csv:1: column 3 (rating): not finite");
  bad("a,b,1\n ,b,1\n", "r.csv:2: column 1 (source): empty node id");
  bad("a,,1\n", "r.csv:1: column 2 (target): empty node id");
  bad("a,\"b,1\n", "never closed");
  // Only the first row may be a header.
  bad("a,b,1\nsource,target,rating\n", "r.csv:2: column 3 (rating): 'rating' is not a number");

  const auto missing =
      outcome_of([] { read_ratings_csv_file(TRUSTSCORE_TEST_DATA_DIR "/no-such.csv"); });
  CHECK(missing.status == Status::io);
  CHECK(missing.contains("no-such.csv"));
  CHECK(outcome_of([] { read_ratings_csv_file(TRUSTSCORE_TEST_DATA_DIR); }).status == Status::io);
}

TEST_CASE("ratings CSV: the bundled Bitcoin OTC slice", "[graph][csv]") {
  const RatingsTable t =
      read_ratings_csv_file(TRUSTSCORE_TEST_DATA_DIR "/graph/bitcoin_otc_first3000.csv");
  CHECK(t.edge_count() == 3000);
  CHECK(t.nodes.size() == 687u);
  REQUIRE(t.time.size() == 3000u);
  CHECK(t.time.front() == 1289241911.72836);
  CHECK(t.nodes.ids()[0] == "6");
  CHECK(t.rating.front() == 4);
}

TEST_CASE("credibility from EigenTrust: min(1, n x trust)", "[graph][credibility]") {
  CHECK(credibility_from_trust({0.5, 0.25, 0.125, 0.125}) == std::vector<double>{1, 1, 0.5, 0.5});
  CHECK(credibility_from_trust({}).empty());

  // a -> b, b -> c, c -> b: nobody trusts a and nobody is dangling, so a keeps
  // only the seeds' share alpha / n, and its credibility is n * alpha / n = alpha.
  RatingsTable r = read_ratings_csv_text("a,b,5\nb,c,10\nc,b,10\n", "g.csv");
  const TrustGraph g = r.graph(GraphOptions{-10, 10});
  const auto trust = eigentrust(g).trust;
  const SourceCredibility c = source_credibility(g, r.nodes, CredibilityRule::eigentrust);
  REQUIRE(c.by_source.size() == 3u);
  for (std::size_t i = 0; i < 3; ++i)
    CHECK(c.by_source.at(r.nodes.ids()[i]) == Approx(std::min(1.0, 3 * trust[i])).epsilon(1e-15));
  CHECK(c.by_source.at("a") == Approx(0.15).margin(1e-6));  // to the solver's tolerance
  CHECK(c.unknown == c.by_source.at("a"));                  // the least credible node
  CHECK(c.by_source.at("b") == 1);                          // b and c share the rest: 3 * 0.425 > 1
  CHECK(c.by_source.at("c") == 1);
}

TEST_CASE("credibility from fairness, and its errors", "[graph][credibility]") {
  const RatingsTable r = read_ratings_csv_text("a,x,10\nb,x,10\nc,x,-10\n", "f.csv");
  const TrustGraph g = r.graph(GraphOptions{-10, 10});
  const auto fg = fairness_goodness(g);
  const SourceCredibility c = source_credibility(g, r.nodes, CredibilityRule::fairness);
  for (const char* id : {"a", "b", "c", "x"})
    CHECK(c.by_source.at(id) == fg.fairness[static_cast<std::size_t>(r.nodes.find(id))]);
  // c disagrees with the others about x: the least fair, and so `unknown`.
  CHECK(c.by_source.at("c") < c.by_source.at("a"));
  CHECK(c.unknown == c.by_source.at("c"));

  CHECK(credibility_rule_from_name("fairness") == CredibilityRule::fairness);
  const auto o = outcome_of([] { credibility_rule_from_name("pagerank"); });
  CHECK(o.status == Status::invalid_argument);
  CHECK(o.contains("eigentrust or fairness, not 'pagerank'"));
  GraphNodes two;
  two.index("a");
  two.index("b");
  CHECK(outcome_of([&] {
          source_credibility(g, two, CredibilityRule::fairness);
        }).contains("4 nodes but 2 names"));
}

TEST_CASE("signals are discounted by their source's credibility on ingest",
          "[graph][credibility][csv]") {
  const Model model;
  EvidenceStore plain(model), credited(model);
  const std::string csv =
      "entity,factor,value,weight,time,source\n"
      "shop,experts,1,2,1700000000,trusted\n"
      "shop,experts,1,2,1700000000,doubtful\n"
      "shop,experts,1,2,1700000000,stranger\n"
      "shop,experts,1,2,1700000000,\n";
  CsvOptions o;
  o.source_credibility = {{"trusted", 1.0}, {"doubtful", 0.25}};
  o.unknown_source_credibility = 0.5;
  const CsvReport rep = ingest_csv_text(credited, csv, "s.csv", o);
  CHECK(rep.sourced == 3);
  CHECK(rep.credited == 2);
  ingest_csv_text(plain, csv, "s.csv");
  const std::size_t f = model.factors().index_of("experts");
  // weight 2 each: 2 * (1 + 0.25 + 0.5 + 1 [no source: not discounted]) = 5.5 versus 8.
  CHECK(credited.positive_column(f)[0] == Approx(5.5).epsilon(1e-15));
  CHECK(plain.positive_column(f)[0] == Approx(8).epsilon(1e-15));
}
