/* trustscore version: the single source of the version numbers. CMake reads
   these macros; the C ABI reports them at run time. C99 and C++. */
#ifndef TRUSTSCORE_VERSION_H
#define TRUSTSCORE_VERSION_H

#define TRUSTSCORE_VERSION_MAJOR 0
#define TRUSTSCORE_VERSION_MINOR 1
#define TRUSTSCORE_VERSION_PATCH 0
#define TRUSTSCORE_VERSION_STRING "0.1.0"

/* The ABI version equals the shared library's SOVERSION. Only additive
   changes are made within one ABI version. */
#define TRUSTSCORE_ABI_VERSION 1

#endif
