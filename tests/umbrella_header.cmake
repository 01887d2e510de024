# The umbrella header's rule (include/trustscore/trustscore.hpp): it includes
# every public header and nothing else. Public: every header under
# include/trustscore/ but detail/ (internal), the forwarding headers left at
# old paths (first line "// Forwarding header"), the umbrella itself and the C
# API (trustscore.h and the .h headers it includes; version.h is shared).
# Also: no header under include/ includes a forwarding header (those are for
# users' old code, not ours).
# Usage: cmake -DINCLUDE_DIR=<repo>/include -P umbrella_header.cmake
cmake_minimum_required(VERSION 3.25)
if(NOT IS_DIRECTORY "${INCLUDE_DIR}/trustscore")
  message(FATAL_ERROR "INCLUDE_DIR=${INCLUDE_DIR} has no trustscore/ directory")
endif()
set(umbrella trustscore/trustscore.hpp)
file(STRINGS "${INCLUDE_DIR}/${umbrella}" umbrella_lines REGEX "^#include \"")
set(included "")
foreach(line IN LISTS umbrella_lines)
  if(line MATCHES "^#include \"([^\"]+)\"")
    list(APPEND included "${CMAKE_MATCH_1}")
  endif()
endforeach()

file(GLOB_RECURSE headers RELATIVE "${INCLUDE_DIR}" "${INCLUDE_DIR}/trustscore/*.hpp"
  "${INCLUDE_DIR}/trustscore/*.h" "${INCLUDE_DIR}/trustscore/*.inl")
set(forwarding "")
foreach(h IN LISTS headers)
  file(STRINGS "${INCLUDE_DIR}/${h}" first LIMIT_COUNT 1)
  if(first MATCHES "^// Forwarding header")
    list(APPEND forwarding "${h}")
  endif()
endforeach()

set(problems "")
foreach(h IN LISTS headers)
  list(FIND included "${h}" at)
  if(h STREQUAL umbrella OR (h MATCHES "\\.h$" AND NOT h STREQUAL "trustscore/version.h"))
    continue()  # the C API: trustscore.h and the headers of its concepts, included by it
  elseif(h MATCHES "^trustscore/detail/")
    if(at GREATER_EQUAL 0)
      list(APPEND problems "${umbrella} includes ${h}: detail/ is internal")
    endif()
  elseif(h IN_LIST forwarding)
    if(at GREATER_EQUAL 0)
      list(APPEND problems "${umbrella} includes ${h}, a forwarding header: include its target")
    endif()
  elseif(at LESS 0)
    list(APPEND problems "${h} is public but ${umbrella} does not include it (move it to detail/ if it is internal)")
  endif()
  if(NOT h IN_LIST forwarding)
    file(STRINGS "${INCLUDE_DIR}/${h}" includes REGEX "^#include \"")
    foreach(line IN LISTS includes)
      if(line MATCHES "^#include \"([^\"]+)\"" AND CMAKE_MATCH_1 IN_LIST forwarding)
        list(APPEND problems "${h} includes ${CMAKE_MATCH_1}, a forwarding header: include its target")
      endif()
    endforeach()
  endif()
endforeach()
foreach(inc IN LISTS included)
  if(NOT EXISTS "${INCLUDE_DIR}/${inc}")
    list(APPEND problems "${umbrella} includes ${inc}, which does not exist")
  endif()
endforeach()

list(LENGTH headers count)
list(LENGTH forwarding forwarding_count)
if(problems)
  list(JOIN problems "\n  " text)
  message(FATAL_ERROR "umbrella header rule broken:\n  ${text}")
endif()
message(STATUS "umbrella header rule holds: ${count} headers, ${forwarding_count} forwarding")
