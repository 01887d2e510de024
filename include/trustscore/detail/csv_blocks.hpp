// Internal (trustscore/detail/): not API, and may change in any release.
// Where CSV text may be cut between records (a newline outside quotes), so
// that blocks of a file and parts of a block parse apart, and the file read a
// block at a time: the text a reader holds stays near the block size.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "trustscore/error.hpp"

namespace trustscore {
inline namespace v1 {
namespace detail {

// Calls on_end(p) after each record end in text (p: where the next record
// starts) until it returns false. text starts at a record's start. Quotes
// open only at a field's start and "" inside them is a quote, as the row
// parser reads them. A '\r' that ends text is no end: a '\n' may follow it.
template <class OnEnd>
void for_each_record_end(std::string_view text, OnEnd&& on_end) {
  const std::size_t n = text.size();
  bool quoted = false, field_start = true;
  for (std::size_t i = 0; i < n; ++i) {
    const char c = text[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < n && text[i + 1] == '"')
          ++i;
        else
          quoted = false;
      }
      continue;
    }
    if (c == '"' && field_start) {
      quoted = true, field_start = false;
    } else if (c == ',') {
      field_start = true;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 == n) return;
      i += c == '\r' && text[i + 1] == '\n';
      field_start = true;
      if (!on_end(i + 1)) return;
    } else {
      field_start = false;
    }
  }
}

// Where the last whole record of text ends (0: text holds none whole).
inline std::size_t last_record_end(std::string_view text) {
  if (std::memchr(text.data(), '"', text.size()) == nullptr) {  // a fast look from the back
    for (std::size_t i = text.size(); i-- > 0;) {
      if (text[i] == '\n') return i + 1;
      if (text[i] == '\r' && i + 1 < text.size()) return i + 1;
    }
    return 0;
  }
  std::size_t end = 0;
  for_each_record_end(text, [&](std::size_t p) { return end = p, true; });
  return end;
}

// Where the record after the one around `from` starts (text.size(): none
// does), for text without quotes: after the first newline from `from`.
inline std::size_t next_record_start_unquoted(std::string_view text, std::size_t from) {
  for (std::size_t i = from; i < text.size(); ++i) {
    if (text[i] == '\n') return i + 1;
    if (text[i] == '\r') {
      if (i + 1 == text.size()) break;  // a '\n' may follow in the next block
      return i + 1 + (text[i + 1] == '\n');
    }
  }
  return text.size();
}

// Cuts text (whole records) into up to `parts` pieces of about equal size at
// record ends: the offsets where pieces start, then text.size().
inline std::vector<std::size_t> cut_into_parts(std::string_view text, int parts) {
  std::vector<std::size_t> cuts{0};
  const std::size_t share = text.size() / std::size_t(std::max(parts, 1));
  if (parts > 1 && std::memchr(text.data(), '"', text.size()) == nullptr) {
    for (int k = 1; k < parts; ++k) {
      const std::size_t p = next_record_start_unquoted(text, std::max(cuts.back(), share * k));
      if (p >= text.size()) break;
      cuts.push_back(p);
    }
  } else if (parts > 1) {
    for_each_record_end(text, [&](std::size_t p) {
      if (p < share * cuts.size() || p >= text.size()) return true;
      cuts.push_back(p);
      return int(cuts.size()) < parts;
    });
  }
  cuts.push_back(text.size());
  return cuts;
}

// A file read a block at a time: window() is the text not yet consumed, at
// least `want` bytes of it unless the file ends first (eof()).
class FileBlocks {
 public:
  explicit FileBlocks(const std::string& path) : path_(path) {
    std::error_code ec;
    if (std::filesystem::is_directory(path, ec)) fail(Status::io, "'" + path + "' is a directory");
    file_ = std::fopen(path.c_str(), "rb");
    if (file_ == nullptr) fail(Status::io, "cannot open '" + path + "'");
    const auto size = std::filesystem::file_size(path, ec);
    size_ = ec ? 0 : std::uint64_t(size);
  }
  FileBlocks(const FileBlocks&) = delete;
  FileBlocks& operator=(const FileBlocks&) = delete;
  ~FileBlocks() { std::fclose(file_); }

  std::uint64_t size() const noexcept { return size_; }
  bool eof() const noexcept { return eof_; }

  std::string_view window(std::size_t want) {
    if (end_ - begin_ < want && !eof_) {
      // keep the start of a record the last window cut off
      if (capacity_ < want) {  // a bigger buffer, not zero-filled (fread fills it)
        std::unique_ptr<char[]> bigger(new char[want]);
        if (end_ > begin_) std::memcpy(bigger.get(), buffer_.get() + begin_, end_ - begin_);
        buffer_ = std::move(bigger);
        capacity_ = want;
      } else if (begin_ > 0 && end_ > begin_) {
        std::memmove(buffer_.get(), buffer_.get() + begin_, end_ - begin_);
      }
      end_ -= begin_, begin_ = 0;
      while (end_ < want && !eof_) {
        const std::size_t got = std::fread(buffer_.get() + end_, 1, want - end_, file_);
        end_ += got;
        if (got == 0) {
          if (std::ferror(file_)) fail(Status::io, "error reading '" + path_ + "'");
          eof_ = true;
        }
      }
    }
    return std::string_view(buffer_.get() + begin_, end_ - begin_);
  }
  void consume(std::size_t n) noexcept { begin_ += n; }

 private:
  std::string path_;
  std::unique_ptr<char[]> buffer_;
  std::size_t capacity_ = 0;
  std::FILE* file_ = nullptr;
  std::uint64_t size_ = 0;
  std::size_t begin_ = 0, end_ = 0;
  bool eof_ = false;
};

// Text in memory, in the same windows (no copies).
class TextBlocks {
 public:
  explicit TextBlocks(std::string_view text) : text_(text) {}
  std::uint64_t size() const noexcept { return text_.size(); }
  bool eof() const noexcept { return end_ == text_.size(); }
  std::string_view window(std::size_t want) {
    end_ = std::max(end_, std::min(text_.size(), begin_ + want));
    return text_.substr(begin_, end_ - begin_);
  }
  void consume(std::size_t n) noexcept { begin_ += n; }

 private:
  std::string_view text_;
  std::size_t begin_ = 0, end_ = 0;
};

}  // namespace detail
}  // namespace v1
}  // namespace trustscore
