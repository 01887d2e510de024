/* The C ABI from C99: versions, status strings and the last-error contract. */
#include <stdio.h>
#include <string.h>

#include "trustscore/trustscore.h"

static int failures = 0;

#define CHECK(cond)                                                            \
  do {                                                                         \
    if (!(cond)) {                                                             \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                              \
    }                                                                          \
  } while (0)

int main(void) {
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", TRUSTSCORE_VERSION_MAJOR,
           TRUSTSCORE_VERSION_MINOR, TRUSTSCORE_VERSION_PATCH);
  CHECK(strcmp(trustscore_version(), expected) == 0);
  CHECK(strcmp(trustscore_version(), TRUSTSCORE_VERSION_STRING) == 0);
  CHECK(trustscore_abi_version() == TRUSTSCORE_ABI_VERSION);

  CHECK(strcmp(trustscore_status_str(TRUSTSCORE_OK), "ok") == 0);
  CHECK(strcmp(trustscore_status_str(TRUSTSCORE_E_INVALID_ARGUMENT), "invalid argument") == 0);
  CHECK(strcmp(trustscore_status_str(TRUSTSCORE_E_BAD_FORMAT), "bad format") == 0);
  CHECK(strcmp(trustscore_status_str(TRUSTSCORE_E_IO), "i/o error") == 0);
  CHECK(strcmp(trustscore_status_str(12345), "unknown status") == 0);

  /* Never NULL, empty before any failure. */
  CHECK(trustscore_last_error() != NULL);
  CHECK(strcmp(trustscore_last_error(), "") == 0);

  if (failures == 0) printf("c_abi: all checks passed\n");
  return failures == 0 ? 0 : 1;
}
