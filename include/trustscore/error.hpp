// Errors thrown by the C++ API. Each carries a Status that the C ABI returns
// unchanged, so C, C++ and Python report the same failure the same way.
#pragma once

#include <stdexcept>
#include <string>

namespace trustscore {
inline namespace v1 {

// Pinned forever, only appended (values match TRUSTSCORE_E_* in trustscore.h).
enum class Status : int {
  ok = 0,
  invalid_argument = -1,
  out_of_memory = -2,
  buffer_too_small = -3,
  bad_format = -4,
  version_mismatch = -5,
  internal = -6,
  io = -7,
};

class Error : public std::runtime_error {
 public:
  Error(Status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  Status status() const noexcept { return status_; }

 private:
  Status status_;
};

[[noreturn]] inline void fail(Status status, const std::string& message) {
  throw Error(status, message);
}

inline void require(bool ok, const std::string& message) {
  if (!ok) fail(Status::invalid_argument, message);
}
// For literal messages: no string is built unless the check fails.
inline void require(bool ok, const char* message) {
  if (!ok) fail(Status::invalid_argument, message);
}

}  // namespace v1
}  // namespace trustscore
