/* trustscore C ABI (C99; also valid C++).
 *
 * Conventions: every call returns an int status (TRUSTSCORE_OK = 0, negative
 * codes pinned forever); trustscore_last_error() explains the latest failure
 * on the calling thread. No C++ exception crosses this boundary.
 * Thread safety: every call here may run concurrently from any thread. */
#ifndef TRUSTSCORE_H
#define TRUSTSCORE_H

#include "trustscore/version.h"

#if defined(_WIN32)
#if defined(TRUSTSCORE_BUILDING)
#define TRUSTSCORE_API __declspec(dllexport)
#else
#define TRUSTSCORE_API __declspec(dllimport)
#endif
#else
#define TRUSTSCORE_API __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* Status codes: pinned forever, only appended. */
#define TRUSTSCORE_OK 0
#define TRUSTSCORE_E_INVALID_ARGUMENT (-1)
#define TRUSTSCORE_E_OUT_OF_MEMORY (-2)
#define TRUSTSCORE_E_BUFFER_TOO_SMALL (-3)
#define TRUSTSCORE_E_BAD_FORMAT (-4)
#define TRUSTSCORE_E_VERSION_MISMATCH (-5)
#define TRUSTSCORE_E_INTERNAL (-6)
#define TRUSTSCORE_E_IO (-7)

/* "MAJOR.MINOR.PATCH" of the loaded library; static storage. */
TRUSTSCORE_API const char* trustscore_version(void);
/* The loaded library's ABI version (TRUSTSCORE_ABI_VERSION it was built with). */
TRUSTSCORE_API int trustscore_abi_version(void);
/* A short constant description of a status code; never NULL. */
TRUSTSCORE_API const char* trustscore_status_str(int status);
/* The message of the latest failed call on this thread ("" if none); never
   NULL, owned by the library, valid until the next call on this thread. */
TRUSTSCORE_API const char* trustscore_last_error(void);

#ifdef __cplusplus
}
#endif

#endif /* TRUSTSCORE_H */
