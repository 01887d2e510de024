// A progress bar on stderr, shown only for large inputs on a terminal so that
// logs and pipes stay clean.
#pragma once

#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <string>

namespace trustscore::cli {

class ProgressBar {
 public:
  // Large enough that small files never flash a bar.
  static constexpr std::uint64_t min_bytes = 32ull << 20;

  ProgressBar(std::string label, std::uint64_t total)
      : label_(std::move(label)), enabled_(total >= min_bytes && isatty(STDERR_FILENO) == 1) {}
  ~ProgressBar() {
    if (enabled_ && shown_) std::fprintf(stderr, "\r%*s\r", 72, "");
  }

  void update(std::uint64_t done, std::uint64_t total) {
    if (!enabled_ || total == 0) return;
    const int percent = static_cast<int>(100.0 * static_cast<double>(done) / total);
    if (percent == last_) return;
    last_ = percent;
    shown_ = true;
    const int filled = percent * 30 / 100;
    std::fprintf(stderr, "\r%-20.20s [%-30s] %3d%%", label_.c_str(),
                 std::string(static_cast<std::size_t>(filled), '#').c_str(), percent);
    std::fflush(stderr);
  }

 private:
  std::string label_;
  bool enabled_;
  bool shown_ = false;
  int last_ = -1;
};

}  // namespace trustscore::cli
