// Letter grades and "not rated".
#include <catch2/catch.hpp>
#include <limits>

#include "trustscore/grades.hpp"

using Catch::Contains;
using trustscore::GradeScale;

TEST_CASE("default letter grades follow the BBB's bands", "[grades]") {
  const GradeScale g = GradeScale::letters();
  REQUIRE_NOTHROW(g.validate());
  CHECK(g.label(g.grade(1.0)) == "A+");
  CHECK(g.label(g.grade(0.97)) == "A+");  // a cut point belongs to the band above
  CHECK(g.label(g.grade(0.9699)) == "A");
  CHECK(g.label(g.grade(0.85)) == "B");
  CHECK(g.label(g.grade(0.60)) == "D-");
  CHECK(g.label(g.grade(0.5999)) == "F");
  CHECK(g.label(g.grade(0.0)) == "F");
  CHECK(g.grade(0.0) == 12);
}

TEST_CASE("not rated: too uncertain, too little evidence or no score", "[grades]") {
  GradeScale g = GradeScale::letters();
  g.max_interval_width = 0.2;
  g.min_evidence = 5;
  CHECK(g.label(g.grade(0.9, 0.85, 0.95, 10)) == "A-");
  CHECK(g.grade(0.9, 0.7, 0.95, 10) == -1);  // interval 0.25 wide
  CHECK(g.label(g.grade(0.9, 0.85, 0.95, 4)) == "NR");
  CHECK(g.grade(std::numeric_limits<double>::quiet_NaN()) == -1);
}

TEST_CASE("custom cut points", "[grades]") {
  GradeScale g{{"trusted", "neutral", "risky"}, {0.8, 0.5}, 1, 0};
  REQUIRE_NOTHROW(g.validate());
  CHECK(g.label(g.grade(0.8)) == "trusted");
  CHECK(g.label(g.grade(0.79)) == "neutral");
  CHECK(g.label(g.grade(0.1)) == "risky");
}

TEST_CASE("bad grade scales are refused", "[grades][errors]") {
  CHECK_THROWS_WITH((GradeScale{{"a", "b"}, {0.5, 0.4}, 1, 0}.validate()),
                    Contains("one label more"));
  CHECK_THROWS_WITH((GradeScale{{"a", "b", "c"}, {0.4, 0.5}, 1, 0}.validate()),
                    Contains("strictly decreasing"));
  CHECK_THROWS_WITH((GradeScale{{"a", "b"}, {1.5}, 1, 0}.validate()), Contains("[0, 1]"));
  CHECK_THROWS_WITH((GradeScale{{"a", "NR"}, {0.5}, 1, 0}.validate()), Contains("NR"));
  CHECK_THROWS_WITH((GradeScale{{"a", "b"}, {0.5}, 2, 0}.validate()),
                    Contains("max_interval_width"));
  CHECK_THROWS_WITH((GradeScale{{"a", "b"}, {}, 1, 0}.validate()), Contains("at least one"));
  CHECK_THROWS_WITH(GradeScale::letters().label(13), Contains("no such band"));
}
