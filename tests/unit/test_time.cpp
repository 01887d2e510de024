// Time stamps: unix seconds and ISO-8601 in, ISO-8601 out.
#include <catch2/catch.hpp>
#include <cmath>
#include <random>
#include <string>
#include <vector>

#include "test_helpers.hpp"
#include "trustscore/time.hpp"

using trustscore::parse_time;
using trustscore::Status;
using trustscore::try_parse_time;
using tstest::jan_1_2024;
using tstest::mar_1_2024;

TEST_CASE("unix seconds, with fractions and signs", "[time]") {
  CHECK(parse_time("0") == 0.0);
  CHECK(parse_time("1700000000") == 1700000000.0);
  CHECK(parse_time("1700000000.25") == 1700000000.25);
  CHECK(parse_time("1700000000.5") == 1700000000.5);
  CHECK(parse_time("-86400") == -86400.0);
  CHECK(parse_time("1.5e9") == 1.5e9);
  CHECK(parse_time("42") == 42.0);
}

TEST_CASE("ISO-8601 dates and times in UTC and with offsets", "[time]") {
  CHECK(parse_time("1970-01-01") == 0.0);
  CHECK(parse_time("1970-01-01T00:00:00Z") == 0.0);
  CHECK(parse_time("1970-01-02") == 86400.0);
  CHECK(parse_time("1969-12-31T23:59:59Z") == -1.0);
  CHECK(parse_time("2024-01-01") == jan_1_2024);
  CHECK(parse_time("2024-03-01") == mar_1_2024);
  CHECK(parse_time("2024-02-29") == mar_1_2024 - 86400);
  CHECK(parse_time("2000-02-29") == parse_time("2000-03-01") - 86400);  // 2000 is leap
  // 12:30 = 12 * 3600 + 30 * 60 = 45000 s.
  CHECK(parse_time("2024-03-01T12:30:00Z") == mar_1_2024 + 45000);
  CHECK(parse_time("2024-03-01T12:30Z") == mar_1_2024 + 45000);    // seconds optional
  CHECK(parse_time("2024-03-01T12:30:00") == mar_1_2024 + 45000);  // no suffix: UTC
  CHECK(parse_time("2024-03-01 12:30:00") == mar_1_2024 + 45000);  // space separator
  CHECK(parse_time("2024-03-01T12:30:07Z") == mar_1_2024 + 45007);
  // Fractions of a second.
  CHECK(parse_time("2024-03-01T12:30:00.5Z") == mar_1_2024 + 45000.5);
  CHECK(parse_time("2024-03-01T12:30:00.25Z") == mar_1_2024 + 45000.25);
  CHECK(parse_time("2024-03-01T12:30:00,75Z") == mar_1_2024 + 45000.75);
  CHECK(parse_time("2024-03-01T12:30:00.123Z") == Approx(mar_1_2024 + 45000.123).margin(1e-6));
  // Offsets: local 12:30 at +02:00 is 10:30 UTC (45000 - 7200 = 37800 s);
  // at -05:30 it is 18:00 UTC (45000 + 19800 = 64800 s).
  CHECK(parse_time("2024-03-01T12:30:00+02:00") == mar_1_2024 + 37800);
  CHECK(parse_time("2024-03-01T12:30:00.5+02:00") == mar_1_2024 + 37800.5);
  CHECK(parse_time("2024-03-01T12:30:00-05:30") == mar_1_2024 + 64800);
  CHECK(parse_time("2024-03-01T00:30:00+01:00") == mar_1_2024 - 1800);  // previous day in UTC
  // 23:59:60 is a leap second, one second after 23:59:59.
  CHECK(parse_time("2016-12-31T23:59:60Z") == parse_time("2017-01-01T00:00:00Z"));
}

TEST_CASE("malformed times are rejected", "[time]") {
  const std::vector<std::string> bad = {
      "",
      "garbage",
      "yesterday",
      "nan",
      "inf",
      "-inf",
      "1e999",  // overflows to infinity
      "1700000000x",
      "17000.000.1",
      "-",
      "2024-13-01",  // month 13
      "2024-00-10",  // month 0
      "2024-02-30",  // Feb 30
      "2023-02-29",  // not a leap year
      "1900-02-29",  // century, not a leap year
      "2024-04-31",
      "2024-01-32",
      "2024-01-00",
      "2024-3-1",
      "2024/03/01",
      "2024-03-01T",
      "2024-03-01T12",
      "2024-03-01T24:00:00Z",
      "2024-03-01T12:60:00Z",
      "2024-03-01T12:30:61Z",
      "2024-03-01T12:30:00.Z",  // empty fraction
      "2024-03-01T12:30:00ZZ",
      "2024-03-01T12:30:00+0200",  // offset without colon
      "2024-03-01T12:30:00+24:00",
      "2024-03-01T12:30:00+02:60",
      "2024-03-01T12:30:00 UTC",
      "2024-03-01x",
      "12:30:00",
  };
  for (const std::string& s : bad) {
    INFO("'" << s << "'");
    double out = 123.0;
    CHECK_FALSE(try_parse_time(s, out));
    CHECK(out == 123.0);  // left alone on failure
    const auto o = tstest::outcome_of([&] { parse_time(s); });
    CHECK(o.status == Status::invalid_argument);
    CHECK(o.contains("malformed time"));
  }
}

TEST_CASE("format_time writes whole UTC seconds", "[time]") {
  using trustscore::format_time;
  CHECK(format_time(0) == "1970-01-01T00:00:00Z");
  CHECK(format_time(-1) == "1969-12-31T23:59:59Z");
  CHECK(format_time(mar_1_2024 + 45007) == "2024-03-01T12:30:07Z");
  CHECK(format_time(mar_1_2024 + 45007.9) == "2024-03-01T12:30:07Z");  // floors
  CHECK(format_time(mar_1_2024 - 0.5) == "2024-02-29T23:59:59Z");
  CHECK(format_time(951782400) == "2000-02-29T00:00:00Z");
  CHECK(format_time(std::nan("")) == "-");
  CHECK(format_time(HUGE_VAL) == "-");
  // Finite but beyond int64 seconds: no date (and no undefined conversion).
  CHECK(format_time(1e300) == "-");
  CHECK(format_time(-1e19) == "-");
  CHECK(format_time(parse_time("1e300")) == "-");
  CHECK(format_time(1e17) != "-");
}

TEST_CASE("format_time and parse_time round-trip", "[time]") {
  using trustscore::format_time;
  // Every day from 1896 to 2104 (leap and century years both sides of 1970).
  const double first = parse_time("1896-01-01");
  for (double day = first; day < parse_time("2104-12-31"); day += 86400) {
    const std::string s = format_time(day);
    if (parse_time(s) != day) FAIL("day " << day << " formatted as " << s);
  }
  CHECK(format_time(first) == "1896-01-01T00:00:00Z");
  // Random whole seconds, negative and positive.
  std::mt19937_64 rng(12345);
  std::uniform_int_distribution<std::int64_t> dist(-4'000'000'000LL, 6'000'000'000LL);
  for (int i = 0; i < 20000; ++i) {
    const double t = static_cast<double>(dist(rng));
    const std::string s = format_time(t);
    if (parse_time(s) != t) FAIL(t << " formatted as " << s);
  }
  SUCCEED("round trips hold");
}
