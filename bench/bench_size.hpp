// How many entities a benchmark builds: TRUSTSCORE_BENCH_ENTITIES when set
// (for a quick run), else the program's default.
#pragma once

#include <cstdint>
#include <cstdlib>

inline std::int64_t bench_entities(std::int64_t fallback) {
  if (const char* env = std::getenv("TRUSTSCORE_BENCH_ENTITIES")) {
    const long long n = std::atoll(env);
    if (n > 0) return n;
  }
  return fallback;
}
