# End-to-end checks of the journaled store in the tool: `score --journal DIR` and
# `trustscore journal DIR` (exit codes, outputs, messages).
# Run by ctest as: cmake -DCLI=... -DDATA=... -DTMP=... -P cli_journal_test.cmake

include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

# One JSON field of `trustscore journal DIR --format json` into ${name}.
function(journal_field json name)
  string(JSON value GET "${json}" ${name})
  set(${name} "${value}" PARENT_SCOPE)
endfunction()

set(dir ${TMP}/cli_journal)
file(REMOVE_RECURSE ${dir} ${TMP}/cli_journal_history)

# The ranking of a journaled store is the ranking of the same signals in memory,
# and reopening the directory (no SIGNALS.csv) gives it again.
run_cli(0 score ${DATA}/cli_signals.csv --format csv)
set(in_memory "${out}")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --journal ${dir})
expect_equal("${out}" "${in_memory}" "score --journal: the ranking")
run_cli(0 score --journal ${dir} --format csv)
expect_equal("${out}" "${in_memory}" "score --journal, reopened")
if(NOT EXISTS ${dir}/checkpoint-0000000000000000.tss OR NOT EXISTS ${dir}/journal-0000000000000000.tsj)
  message(FATAL_ERROR "score --journal: no checkpoint 0 and journal 0 in ${dir}")
endif()

# trustscore journal: the recovery report and the counts (the 5 signals of one add).
run_cli(0 journal ${dir} --format json)
foreach(field journals records signals cut entity_count factor_count signal_count checkpointed)
  journal_field("${out}" ${field})
endforeach()
if(NOT "${journals},${records},${signals},${cut}" STREQUAL "1,1,5,OFF"
   OR NOT "${entity_count},${factor_count},${signal_count},${checkpointed}" STREQUAL "3,9,5,OFF")
  message(FATAL_ERROR "journal --format json: ${out}")
endif()
run_cli(0 journal ${dir})
expect_match("${out}" "journaled store, checkpoint-0000000000000000.tss and 1 journal replayed \\(1 records, 5 signals\\)\n3 entities, 9 factors, 5 signals, newest 2026-03-01T00:00:00Z\n$" "journal table")
run_cli(0 journal ${dir} --format csv)
expect_match("${out}" "^directory,checkpoint,journals,records,signals,cut,cut_file,cut_offset,cut_bytes,cut_records,entity_count,factor_count,signal_count,latest_time,checkpointed\n[^\n]*cli_journal,[^\n]*checkpoint-0000000000000000.tss,1,1,5,false,,0,0,0,3,9,5,[0-9.e+]+,false\n$" "journal csv")

# --retract is journaled: acme's signals taken back, for good.
file(WRITE ${TMP}/cli_journal_retract.csv "entity,factor,value,weight,time,source
acme,koc_word_of_mouth,1,1,2026-01-01,koc:a
acme,data_security,1,3,2026-03-01,auditor:x
acme,koc_word_of_mouth,0.75,2,2026-02-01T00:00:00Z,koc:b
")
run_cli(0 score --journal ${dir} --durability none --retract ${TMP}/cli_journal_retract.csv --format csv)
expect_match("${err}" "retracted 3 signals of" "score --journal --retract")
set(retracted "${out}")
run_cli(0 score --journal ${dir} --format csv)
expect_equal("${out}" "${retracted}" "the retraction, reopened")
run_cli(1 score --journal ${dir} --retract ${TMP}/cli_journal_retract.csv)
expect_match("${err}" "cli_journal_retract.csv:2: cannot retract the signal" "retracting twice")
run_cli(0 journal ${dir} --format json)
journal_field("${out}" records)
journal_field("${out}" signal_count)
expect_equal("${records},${signal_count}" "2,2" "records after the retraction (the refused one left none)")

# A checkpoint starts journal 1; the journal it covers goes, unless --keep-history.
run_cli(0 journal ${dir} --checkpoint)
expect_match("${out}" "checkpoint written, new journal started" "journal --checkpoint")
if(NOT EXISTS ${dir}/checkpoint-0000000000000001.tss OR EXISTS ${dir}/journal-0000000000000000.tsj
   OR EXISTS ${dir}/checkpoint-0000000000000000.tss)
  message(FATAL_ERROR "journal --checkpoint: expected checkpoint 1 only in ${dir}")
endif()
run_cli(0 journal ${dir} --format json)
journal_field("${out}" records)
journal_field("${out}" signal_count)
expect_equal("${records},${signal_count}" "0,2" "after the checkpoint")
set(history ${TMP}/cli_journal_history)
run_cli(0 score ${DATA}/cli_signals.csv --journal ${history})
run_cli(0 journal ${history} --checkpoint --keep-history)
if(NOT EXISTS ${history}/journal-0000000000000000.tsj OR NOT EXISTS ${history}/journal-0000000000000001.tsj)
  message(FATAL_ERROR "journal --checkpoint --keep-history: journal 0 should stay")
endif()

# A torn tail (a crash mid-write) is cut off and reported; the store holds the rest.
run_cli(0 score ${DATA}/cli_signals.csv --journal ${dir} --format csv)
set(journal ${dir}/journal-0000000000000001.tsj)
file(SIZE ${journal} size)
math(EXPR torn "${size} - 7")
execute_process(COMMAND head -c ${torn} ${journal} OUTPUT_FILE ${journal}.cut)
file(RENAME ${journal}.cut ${journal})
run_cli(0 journal ${dir})
expect_match("${out}" "torn tail cut off journal-0000000000000001.tsj at offset [0-9]+: [0-9]+ bytes, 1 record\n3 entities, 9 factors, 2 signals" "journal, torn tail")
run_cli(0 journal ${dir} --format json)
journal_field("${out}" cut)
expect_equal("${cut}" "OFF" "the torn tail was cut for good")

# Usage errors (exit 2) and bad input (exit 1).
run_cli(2 score ${DATA}/cli_signals.csv --journal ${dir} --load-store ${dir}/x.tss)
expect_match("${err}" "--load-store and --journal" "--journal with --load-store")
run_cli(2 score ${DATA}/cli_signals.csv --durability sync)
expect_match("${err}" "--durability needs --journal" "--durability alone")
run_cli(2 score ${DATA}/cli_signals.csv --journal ${dir} --durability later)
expect_match("${err}" "--durability: durability 'later' is not one of sync, interval, none" "bad --durability")
run_cli(2 journal)
expect_match("${err}" "journal expects one DIR, got 0" "journal without DIR")
run_cli(2 journal ${dir} --keep-history)
expect_match("${err}" "--keep-history says what --checkpoint keeps" "--keep-history alone")
run_cli(2 journal ${dir} --format yaml)
file(MAKE_DIRECTORY ${TMP}/cli_journal_empty)
run_cli(1 journal ${TMP}/cli_journal_empty)
expect_match("${err}" "cli_journal_empty' holds no journaled store" "journal of an empty directory")
run_cli(1 score ${DATA}/cli_bad.csv --journal ${dir})
expect_match("${err}" "cli_bad.csv:3: column 3 \\(value\\)" "a bad row, journaled")
run_cli(0 journal ${dir} --format json)
journal_field("${out}" signal_count)
expect_equal("${signal_count}" "2" "a refused file added nothing")

file(REMOVE_RECURSE ${dir} ${history} ${TMP}/cli_journal_empty ${TMP}/cli_journal_retract.csv)
message(STATUS "cli_journal: all checks passed")
