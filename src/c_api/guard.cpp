// Versions, status strings, the last error, and the shared argument and
// output checks of the C ABI.
#include "guard.hpp"

#include <cstdlib>

namespace trustscore::c_api {

std::string& last_error() noexcept {
  thread_local std::string message;
  return message;
}

int failed(const char* function, int status, const std::string& message) noexcept {
  try {
    last_error() = std::string(function) + ": " + message;
  } catch (...) {
    last_error().clear();  // no memory for the message: the status still tells
  }
  return status;
}

void need(const void* pointer, const char* name) {
  if (pointer == nullptr) fail(Status::invalid_argument, std::string(name) + " is NULL");
}

void need_non_negative(std::int64_t value, const char* name) {
  if (value < 0) fail(Status::invalid_argument, std::string(name) + " is negative");
}

void need_input(const void* data, std::int64_t length) {
  need_non_negative(length, "length");
  if (length > 0) need(data, "data");
}

std::size_t index_in(std::int64_t index, std::size_t size, const char* name) {
  if (index < 0 || static_cast<std::uint64_t>(index) >= size)
    fail(Status::invalid_argument, std::string(name) + " " + std::to_string(index) +
                                       " out of range [0, " + std::to_string(size) + ")");
  return static_cast<std::size_t>(index);
}

void check_version(std::int32_t got, std::int32_t newest, const char* name, const char* init) {
  if (got < 1 || got > newest)
    fail(Status::version_mismatch, std::string(name) + "->version is " + std::to_string(got) +
                                       ", this library reads 1 to " + std::to_string(newest) +
                                       " (call " + init + ")");
}

void need_room(std::int64_t capacity, std::int64_t needed, const char* name, const char* unit) {
  if (capacity < needed)
    fail(Status::buffer_too_small, std::string(name) + " holds " + std::to_string(capacity) + " " +
                                       unit + ", " + std::to_string(needed) + " are needed");
}

void copy_out(const std::string& text, char* buf, std::int64_t capacity, std::int64_t* length) {
  need(length, "length");
  need_non_negative(capacity, "capacity");
  if (buf == nullptr && capacity != 0)
    fail(Status::invalid_argument, "buf is NULL but capacity is not 0");
  const auto n = static_cast<std::int64_t>(text.size());
  *length = n;
  if (buf == nullptr) return;
  need_room(capacity, n + 1, "buf", "bytes");
  std::memcpy(buf, text.c_str(), static_cast<std::size_t>(n) + 1);
}

void hand_out(const void* bytes, std::size_t size, void** data, std::int64_t* length) {
  auto* copy = static_cast<unsigned char*>(std::malloc(size + 1));
  if (!copy) throw std::bad_alloc();
  if (size) std::memcpy(copy, bytes, size);
  copy[size] = 0;
  *data = copy;
  *length = static_cast<std::int64_t>(size);
}

}  // namespace trustscore::c_api

using trustscore::c_api::last_error;

extern "C" {

const char* trustscore_version(void) { return TRUSTSCORE_VERSION_STRING; }

int trustscore_abi_version(void) { return TRUSTSCORE_ABI_VERSION; }

const char* trustscore_status_str(int status) {
  switch (status) {
    case TRUSTSCORE_OK:
      return "ok";
    case TRUSTSCORE_E_INVALID_ARGUMENT:
      return "invalid argument";
    case TRUSTSCORE_E_OUT_OF_MEMORY:
      return "out of memory";
    case TRUSTSCORE_E_BUFFER_TOO_SMALL:
      return "buffer too small";
    case TRUSTSCORE_E_BAD_FORMAT:
      return "bad format";
    case TRUSTSCORE_E_VERSION_MISMATCH:
      return "version mismatch";
    case TRUSTSCORE_E_INTERNAL:
      return "internal error";
    case TRUSTSCORE_E_IO:
      return "i/o error";
    default:
      return "unknown status";
  }
}

const char* trustscore_last_error(void) { return last_error().c_str(); }

void trustscore_buffer_free(void* data) { std::free(data); }

}  // extern "C"
