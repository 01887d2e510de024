# End-to-end checks of `trustscore history ENTITY --journal DIR` and
# `trustscore retract-source SOURCE --journal DIR` (exit codes, outputs, messages).
# Run by ctest as: cmake -DCLI=... -DDATA=... -DTMP=... -P cli_history_test.cmake

include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

set(dir ${TMP}/cli_history)
file(REMOVE_RECURSE ${dir})
run_cli(0 score ${DATA}/cli_signals.csv --journal ${dir} --format csv)
string(REGEX MATCH "\n1,acme,(0\\.[0-9]+)," _ "${out}")
set(acme_score "${CMAKE_MATCH_1}")

# acme's three signals, in time order, with their sources; after the last one acme
# scores as the score command ranks it (as of the newest signal), up to rounding.
run_cli(0 history acme --journal ${dir} --format csv)
string(STRIP "${out}" stripped)
string(REPLACE "\n" ";" lines "${stripped}")
list(LENGTH lines n)
expect_equal("${n}" "4" "history csv: a header and 3 rows")
list(GET lines 0 header)
expect_match("${header}" "^time,event,factor,value,weight,signal_time,credibility,source,score,lower,upper,change,contribution_authenticity,[a-z_,]*,contribution_service_details$" "history csv header")
list(GET lines 1 first)
list(GET lines 3 last)
expect_match("${first}" "^1767225600,added,koc_word_of_mouth,1,1,1767225600,1,koc:a,0\\.5" "history csv, first row")
expect_match("${lines}" ";1769904000,added,koc_word_of_mouth,0\\.75,2,1769904000,1,koc:b," "history csv, second row")
string(SUBSTRING "${acme_score}" 0 12 acme_prefix)
expect_match("${last}" "^1772323200,added,data_security,1,3,1772323200,1,auditor:x,${acme_prefix}" "history csv: the last row scores as score does")

# "quoted, inc", by hand: one signal on experts (value 0.5, weight 1, negativity 2) at
# its own time, no decay: r = 0.5, s = 1, p = (0.5 + 1) / (1.5 + 2) = 3/7; experts weighs
# 1 / 12.5 under "decision": the score 0.5 + 0.08 (3/7 - 1/2) = 0.49428571..., and the
# change from the baseline 0.5 is its contribution -0.0057142857...
run_cli(0 history "quoted, inc" --journal ${dir} --format json)
string(JSON rows LENGTH "${out}" rows)
string(JSON entity GET "${out}" entity)
string(JSON score GET "${out}" rows 0 score)
string(JSON change GET "${out}" rows 0 change)
string(JSON contribution GET "${out}" rows 0 contributions experts)
string(JSON source GET "${out}" rows 0 source)
expect_equal("${rows},${entity},${source}" "1,quoted, inc," "history json")
expect_match("${score},${change},${contribution}" "^0\\.4942857142857[0-9]*,-0\\.005714285714[0-9]*,-0\\.005714285714[0-9]*$" "history json, by hand")

# At times asked for, in their order: before any signal the baseline (0.5), then at the
# newest signal the last row's score; without contributions.
run_cli(0 history acme --journal ${dir} --format csv --at 2026-03-01 --at 1767139200 --no-explain)
expect_match("${out}" "^time,event,factor,value,weight,signal_time,credibility,source,score,lower,upper,change\n1772323200,at_time,,null,null,null,null,,${acme_prefix}[0-9]*,[^\n]*,0\n1767139200,at_time,,null,null,null,null,,0\\.(5|49999999)[0-9]*,[^\n]*,0\n$" "history --at")

# The table: a header naming the model and profile, a row per event, contributions below.
run_cli(0 history acme --journal ${dir})
expect_match("${out}" "^history of acme in [^\n]*cli_history: model beta, profile decision, 3 rows\ntime +event +factor +value +weight +source +score +95% interval +change\n2026-01-01T00:00:00Z +added +koc_word_of_mouth +1\\.0000 +1 +koc:a +0\\.5[0-9]+ +\\[0\\.[0-9]+, 0\\.[0-9]+\\] +\\+0\\.0[0-9]+\n +koc_word_of_mouth \\+0\\.0" "history table")
# A model of its own (JSON) and a profile.
file(WRITE ${TMP}/cli_history_wilson.json "{\"kind\": \"wilson\"}")
run_cli(0 history acme --journal ${dir} --model-json ${TMP}/cli_history_wilson.json --profile awareness --confidence 0.9)
expect_match("${out}" "model wilson, profile awareness, 3 rows\n[^\n]*90% interval" "history --model-json")

# retract-source: koc:b's signal goes; history shows its retraction last; a second call
# takes back nothing.
run_cli(0 retract-source koc:b --journal ${dir} --durability none)
expect_equal("${out}" "retracted 1 signal of source koc:b from ${dir}\n" "retract-source")
run_cli(0 retract-source koc:b --journal ${dir})
expect_equal("${out}" "retracted 0 signals of source koc:b from ${dir}\n" "retract-source twice")
run_cli(0 history acme --journal ${dir} --format csv --no-explain)
expect_match("${out}" "\n[0-9.e+]+,retracted,koc_word_of_mouth,0\\.75,2,1769904000,1,koc:b,[^\n]*\n$" "history after retract-source")
run_cli(0 score --journal ${dir} --format csv)
expect_match("${out}" "\n1,acme,0\\.5707" "score after retract-source (as of the newest signal)")

# Usage errors (exit 2) and bad input (exit 1).
run_cli(2 history --journal ${dir})
expect_match("${err}" "history expects one ENTITY, got 0" "history without ENTITY")
run_cli(2 history acme)
expect_match("${err}" "history needs --journal DIR" "history without --journal")
run_cli(2 history acme --journal ${dir} --format yaml)
run_cli(2 history acme --journal ${dir} --explain)
run_cli(1 history nobody --journal ${dir})
expect_match("${err}" "entity 'nobody' is not in the journals" "history of an unknown entity")
run_cli(1 history acme --journal ${dir} --at tomorrow)
expect_match("${err}" "malformed time 'tomorrow'" "history --at")
run_cli(1 history acme --journal ${dir} --profile nope)
expect_match("${err}" "unknown profile 'nope'" "history --profile")
run_cli(1 history acme --journal ${dir} --model-json ${TMP}/cli_history_missing.json)
file(WRITE ${TMP}/cli_history_bad.json "{\"kind\": \"nope\"}")
run_cli(1 history acme --journal ${dir} --model-json ${TMP}/cli_history_bad.json)
expect_match("${err}" "nope" "history --model-json of an unknown kind")
run_cli(1 history acme --journal ${TMP}/cli_history_none)
run_cli(2 retract-source --journal ${dir})
expect_match("${err}" "retract-source expects one SOURCE, got 0" "retract-source without SOURCE")
run_cli(2 retract-source koc:a)
expect_match("${err}" "retract-source needs --journal DIR" "retract-source without --journal")
run_cli(2 retract-source koc:a --journal ${dir} --durability later)
expect_match("${err}" "--durability: durability 'later' is not one of sync, interval, none" "retract-source --durability")
run_cli(0 help)
expect_match("${out}" "history ENTITY.*retract-source SRC" "help lists history and retract-source")
run_cli(0 history --help)
expect_match("${out}" "--model-json FILE" "history --help")

# A checkpoint that does not keep the journals leaves no history to read.
run_cli(0 journal ${dir} --checkpoint)
run_cli(1 history acme --journal ${dir})
expect_match("${err}" "history needs every journal since the store was created" "history after a checkpoint")

file(REMOVE_RECURSE ${dir} ${TMP}/cli_history_wilson.json ${TMP}/cli_history_bad.json)
