# What the tool's end-to-end checks share (included by cli_*_test.cmake):
# run_cli runs the tool and checks its exit status, leaving ${out} and
# ${err}; expect_match and expect_equal fail the test with what was seen.

function(run_cli expected_rc)
  execute_process(COMMAND ${CLI} ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL expected_rc)
    message(FATAL_ERROR "trustscore ${ARGN}: exit ${rc}, expected ${expected_rc}\nstdout: ${out}\nstderr: ${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
  set(err "${err}" PARENT_SCOPE)
endfunction()

function(expect_match text regex what)
  if(NOT text MATCHES "${regex}")
    message(FATAL_ERROR "${what}: expected to match '${regex}', got:\n${text}")
  endif()
endfunction()

function(expect_equal got want what)
  if(NOT got STREQUAL want)
    message(FATAL_ERROR "${what}: expected '${want}', got '${got}'")
  endif()
endfunction()
