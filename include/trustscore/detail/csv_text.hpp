// Internal (trustscore/detail/): not API, and may change in any release.
// CSV text, field by field: the plain tokenizer that the small readers
// (ratings, outcomes) use and that the tests hold the signals reader
// (csv.hpp) to, field trimming and number parsing, and whole-file reads.
#pragma once

#include <charconv>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Splits CSV text into records of fields; tracks the line each record starts on.
class CsvTokenizer {
 public:
  explicit CsvTokenizer(std::string_view text) : text_(text) {
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
  }
  std::size_t position() const noexcept { return pos_; }
  std::int64_t line() const noexcept { return record_line_; }
  // The line the next record starts on.
  std::int64_t next_line() const noexcept { return line_; }

  // Reads the next record into fields; false at end of input. Throws on an
  // unterminated quote or text after a closing quote.
  bool next(std::vector<std::string>& fields) {
    fields.clear();
    if (pos_ >= text_.size()) return false;
    record_line_ = line_;
    std::string field;
    bool quoted_field = false;
    while (true) {
      if (pos_ >= text_.size()) {
        fields.push_back(std::move(field));
        return true;
      }
      const char c = text_[pos_];
      if (c == '"' && field.empty() && !quoted_field) {
        quoted_field = true;
        read_quoted(field);
        continue;
      }
      if (c == ',') {
        fields.push_back(std::move(field));
        field.clear();
        quoted_field = false;
        ++pos_;
        continue;
      }
      if (c == '\n' || c == '\r') {
        pos_ += (c == '\r' && pos_ + 1 < text_.size() && text_[pos_ + 1] == '\n') ? 2 : 1;
        ++line_;
        fields.push_back(std::move(field));
        return true;
      }
      if (quoted_field)
        throw std::runtime_error("text after a closing quote in column " +
                                 std::to_string(fields.size() + 1));
      field.push_back(c);
      ++pos_;
    }
  }

 private:
  void read_quoted(std::string& field) {
    const std::int64_t start_line = line_;
    ++pos_;  // opening quote
    while (pos_ < text_.size()) {
      const char c = text_[pos_++];
      if (c == '"') {
        if (pos_ < text_.size() && text_[pos_] == '"') {
          field.push_back('"');
          ++pos_;
        } else {
          return;
        }
      } else {
        if (c == '\n') ++line_;
        field.push_back(c);
      }
    }
    throw std::runtime_error("quote opened on line " + std::to_string(start_line) +
                             " is never closed");
  }

  std::string_view text_;
  std::size_t pos_ = 0;
  std::int64_t line_ = 1, record_line_ = 1;
};

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

inline bool parse_double(std::string_view s, double& out) {
  s = trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && end == s.data() + s.size() && !s.empty();
}

// Whether s is well-formed UTF-8 (no overlong forms, surrogates or code
// points past U+10FFFF). Ids are mostly ASCII: eight bytes at a time first.
inline bool valid_utf8(std::string_view s) {
  std::size_t i = 0;
  const std::size_t n = s.size();
  for (std::uint64_t w;
       i + 8 <= n && (std::memcpy(&w, s.data() + i, 8), (w & 0x8080808080808080ull) == 0);)
    i += 8;
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) {
      ++i;
      continue;
    }
    const std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
    if (len == 0 || c > 0xF4 || c == 0xC0 || c == 0xC1 || i + len > n) return false;
    const auto b1 = static_cast<unsigned char>(s[i + 1]);
    if ((c == 0xE0 && b1 < 0xA0) || (c == 0xED && b1 > 0x9F) || (c == 0xF0 && b1 < 0x90) ||
        (c == 0xF4 && b1 > 0x8F))
      return false;  // overlong, a surrogate, or past U+10FFFF
    for (std::size_t k = 1; k < len; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += len;
  }
  return true;
}

// A problem in one row: the reason (for counting) and the full message.
struct RowProblem {
  std::string reason, message;
};

// The whole file as text; io errors name the path.
inline std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) fail(Status::io, "'" + path + "' is a directory");
  std::ifstream in(path, std::ios::binary);
  if (!in) fail(Status::io, "cannot open '" + path + "'");
  std::ostringstream buffer;
  buffer << in.rdbuf();
  if (in.bad()) fail(Status::io, "error reading '" + path + "'");
  return buffer.str();
}

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
