// Time stamps: unix seconds (with fractions) or ISO-8601, converted to unix
// seconds as double. Signals carry them; decay is computed from them.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's
// days_from_civil algorithm), exact for every representable year.
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

constexpr bool is_leap(std::int64_t y) noexcept {
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
  constexpr unsigned days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && is_leap(y) ? 29 : days[m - 1];
}

// Reads exactly n digits at s[pos]; false if any is not a digit.
inline bool read_digits(std::string_view s, std::size_t pos, std::size_t n, unsigned& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    out = out * 10 + static_cast<unsigned>(s[i] - '0');
  }
  return true;
}

// Parses a plain decimal number (what unix seconds look like), else false.
inline bool parse_number(std::string_view s, double& out) {
  if (s.empty() || s.size() > 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E'))
      return false;
  char buf[65];
  s.copy(buf, s.size());
  buf[s.size()] = '\0';
  char* end = nullptr;
  out = std::strtod(buf, &end);
  return end == buf + s.size();
}

inline bool parse_iso8601(std::string_view s, double& out) {
  unsigned y, mo, d, h = 0, mi = 0, sec = 0;
  if (!read_digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || s[7] != '-' ||
      !read_digits(s, 5, 2, mo) || !read_digits(s, 8, 2, d))
    return false;
  if (mo < 1 || mo > 12 || d < 1 || d > days_in_month(y, mo)) return false;
  std::size_t pos = 10;
  double frac = 0;
  if (pos < s.size() && (s[pos] == 'T' || s[pos] == ' ')) {
    if (!read_digits(s, pos + 1, 2, h) || pos + 3 >= s.size() || s[pos + 3] != ':' ||
        !read_digits(s, pos + 4, 2, mi))
      return false;
    pos += 6;
    if (pos < s.size() && s[pos] == ':') {
      if (!read_digits(s, pos + 1, 2, sec)) return false;
      pos += 3;
      if (pos < s.size() && (s[pos] == '.' || s[pos] == ',')) {
        double scale = 0.1;
        ++pos;
        const std::size_t start = pos;
        while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
          frac += (s[pos] - '0') * scale;
          scale /= 10;
          ++pos;
        }
        if (pos == start) return false;
      }
    }
    if (h > 23 || mi > 59 || sec > 60) return false;  // 60: a leap second
  }
  std::int64_t offset_min = 0;
  if (pos < s.size()) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      pos += 1;
    } else if ((s[pos] == '+' || s[pos] == '-') && pos + 6 == s.size() && s[pos + 3] == ':') {
      unsigned oh, om;
      if (!read_digits(s, pos + 1, 2, oh) || !read_digits(s, pos + 4, 2, om) || oh > 23 || om > 59)
        return false;
      offset_min = (s[pos] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 60 + om);
      pos += 6;
    } else {
      return false;
    }
  }
  if (pos != s.size()) return false;
  const std::int64_t days = days_from_civil(y, mo, d);
  out = static_cast<double>(days * 86400 + h * 3600 + mi * 60 + sec - offset_min * 60) + frac;
  return true;
}

}  // namespace detail

// Unix seconds from "1700000000", "1700000000.25", "2024-03-01",
// "2024-03-01T12:30:00Z", "2024-03-01T12:30:00.5+02:00" (no suffix: UTC).
// Returns false (and leaves out alone) when s is none of these.
inline bool try_parse_time(std::string_view s, double& out) {
  double t;
  if (s.size() >= 10 && s[4] == '-') {
    if (!detail::parse_iso8601(s, t)) return false;
  } else if (!detail::parse_number(s, t) || !std::isfinite(t)) {
    return false;
  }
  out = t;
  return true;
}

inline double parse_time(std::string_view s) {
  double t = 0;
  if (!try_parse_time(s, t))
    fail(Status::invalid_argument,
         "malformed time '" + std::string(s.substr(0, 40)) +
             "' (expected unix seconds or ISO-8601 such as 2024-03-01T12:00:00Z)");
  return t;
}

// "2024-03-01T12:30:00Z" (whole seconds, UTC) for reports; "-" for times
// that are not finite or lie beyond what int64 seconds can hold (~2.9e11 years).
inline std::string format_time(double unix_seconds) {
  if (!std::isfinite(unix_seconds) || std::abs(unix_seconds) >= 9.2e18) return "-";
  const std::int64_t t = static_cast<std::int64_t>(std::floor(unix_seconds));
  std::int64_t days = t / 86400, rem = t % 86400;
  if (rem < 0) rem += 86400, days -= 1;
  // civil_from_days (H. Hinnant)
  const std::int64_t z = days + 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2);
  char buf[48];
  std::snprintf(buf, sizeof buf, "%04lld-%02u-%02uT%02d:%02d:%02dZ", static_cast<long long>(y), m,
                d, static_cast<int>(rem / 3600), static_cast<int>(rem / 60 % 60),
                static_cast<int>(rem % 60));
  return buf;
}

inline constexpr double seconds_per_day = 86400.0;

}  // namespace v1
}  // namespace trustscore
