/* Links the shared library through the C ABI. */
#include <stdio.h>

#include "trustscore/trustscore.h"

int main(void) {
  printf("trustscore %s (ABI %d)\n", trustscore_version(), trustscore_abi_version());
  return trustscore_abi_version() == TRUSTSCORE_ABI_VERSION ? 0 : 1;
}
