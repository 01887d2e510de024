// Internal (trustscore/detail/): not API, and may change in any release.
// Writing JSON text by hand where a document is small and flat (reports):
// strings quoted and escaped, doubles at full precision (they parse back to
// the same double), non-finite numbers as null.
#pragma once

#include <cmath>
#include <cstdio>
#include <string>

namespace trustscore {
inline namespace v1 {
namespace detail {

inline std::string json_number(double x) {
  if (!std::isfinite(x)) return "null";
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17g", x);
  return buf;
}

inline std::string json_quote(const std::string& s) {
  std::string out = "\"";
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out + "\"";
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
