// The one translation unit that defines Catch2's main().
//
// GCC 12 with -fsanitize=address,undefined reports a false -Wmaybe-uninitialized
// inside libstdc++'s std::function (used by the std::regex in Catch's test-spec
// parser); with -Werror that would break the asan build, so it is silenced
// here, for Catch's implementation only.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#endif
#define CATCH_CONFIG_MAIN
#include <catch2/catch.hpp>
