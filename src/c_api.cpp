// The C ABI. Every entry point runs its body through guard(), which turns any
// C++ exception into a status and a thread-local message.
#include <new>
#include <string>

#include "trustscore/error.hpp"
#include "trustscore/trustscore.h"

namespace {

thread_local std::string last_error;

template <class Body>
int guard(Body&& body) noexcept {
  try {
    last_error.clear();
    body();
    return TRUSTSCORE_OK;
  } catch (const trustscore::Error& e) {
    last_error = e.what();
    return static_cast<int>(e.status());
  } catch (const std::bad_alloc&) {
    last_error = "out of memory";
    return TRUSTSCORE_E_OUT_OF_MEMORY;
  } catch (const std::exception& e) {
    last_error = std::string("internal error: ") + e.what();
    return TRUSTSCORE_E_INTERNAL;
  } catch (...) {
    last_error = "internal error: unknown exception";
    return TRUSTSCORE_E_INTERNAL;
  }
}

}  // namespace

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

const char* trustscore_last_error(void) { return last_error.c_str(); }

}  // extern "C"
