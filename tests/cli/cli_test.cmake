# End-to-end checks of the trustscore tool: exit codes, formats, messages.
# Run by ctest as: cmake -DCLI=... -DDATA=... -DEXAMPLES=... -P cli_test.cmake

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

# Version, help, usage errors.
run_cli(0 --version)
expect_match("${out}" "^trustscore [0-9]+\\.[0-9]+\\.[0-9]+" "--version")
run_cli(0 --help)
expect_match("${out}" "score SIGNALS.csv" "--help")
run_cli(0 score --help)
expect_match("${out}" "--half-life" "score --help")
run_cli(2)
run_cli(2 frobnicate)
expect_match("${err}" "unknown command 'frobnicate'" "unknown command")
run_cli(2 score)
run_cli(2 score ${DATA}/cli_signals.csv --format yaml)
expect_match("${err}" "--format expects table, csv or json" "bad format option")
run_cli(2 score ${DATA}/cli_signals.csv --top many)
run_cli(2 score ${DATA}/cli_signals.csv --no-such-option)

# Ranking as a table: best first, breach last.
run_cli(0 score ${DATA}/cli_signals.csv)
expect_match("${out}" "1  acme.*2  quoted, inc.*3  breachco" "table ranking")

# JSON: parse it and check the hand-computed score of breachco.
# data_security: s = 5 * (1 - 0) * negativity 2 = 10, r = 0, W = 2, a = 0.5:
# p = (0 + 1) / 12; weights (decision) 2/12.5 -> contribution 0.16 * (1/12 - 1/2).
run_cli(0 score ${DATA}/cli_signals.csv --format json --explain)
string(JSON n LENGTH "${out}" entities)
if(NOT n EQUAL 3)
  message(FATAL_ERROR "json: expected 3 entities, got ${n}")
endif()
string(JSON last_entity GET "${out}" entities 2 entity)
string(JSON c GET "${out}" entities 2 contributions data_security)
if(NOT last_entity STREQUAL "breachco" OR NOT c MATCHES "^-0\\.0666666666666666")
  message(FATAL_ERROR "json: expected breachco with contribution -0.0666..., got ${last_entity} ${c}")
endif()

# CSV with --top and --bottom; quoted ids stay quoted.
run_cli(0 score ${DATA}/cli_signals.csv --format csv --top 1 --bottom 1)
expect_match("${out}" "^rank,entity,score,lower,upper\n1,acme,[^\n]*\n3,breachco," "csv top/bottom")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --bottom 2)
expect_match("${out}" "2,\"quoted, inc\"," "csv quoting")

# Ranking by the lower bound sends a merchant with one signal (m0297-newkiosk,
# mid-table by score) to the bottom third, below merchants with proven records.
run_cli(0 score ${EXAMPLES}/merchants.csv --format csv --bottom 100)
if(out MATCHES "m0297-newkiosk")
  message(FATAL_ERROR "m0297-newkiosk should not be in the bottom 100 by score")
endif()
run_cli(0 score ${EXAMPLES}/merchants.csv --format csv --bottom 100 --rank-by lower)
expect_match("${out}" "m0297-newkiosk" "--rank-by lower")
run_cli(2 score ${DATA}/cli_signals.csv --rank-by upper)

# Grades: the default letters (every score here is below 0.60: F), your own bands, and
# not rated. Widths of the intervals: acme 0.349, "quoted, inc" 0.399, breachco 0.362;
# "quoted, inc" rests on one signal of weight 1 and value 0.5 two months old: evidence
# (0.5 + 0.5 x negativity 2) x decay < 1.5, below 2; the others have more.
run_cli(0 score ${DATA}/cli_signals.csv --grades)
expect_match("${out}" "grade\n[^\n]*acme[^\n]* F\n" "--grades table")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --grade-scale good=0.55,fair=0.45,poor)
expect_match("${out}" "^rank,entity,score,lower,upper,grade\n1,acme,[^\n]*,good\n2,\"quoted, inc\",[^\n]*,fair\n3,breachco,[^\n]*,poor\n" "--grade-scale csv")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --grade-scale good=0.55,fair=0.45,poor --grade-max-width 0.37)
expect_match("${out}" "1,acme,[^\n]*,good\n2,\"quoted, inc\",[^\n]*,NR\n3,breachco,[^\n]*,poor" "--grade-max-width")
run_cli(0 score ${DATA}/cli_signals.csv --format json --grade-min-evidence 2)
string(JSON g0 GET "${out}" entities 0 grade)
string(JSON g1 GET "${out}" entities 1 grade)
if(NOT g0 STREQUAL "F" OR NOT g1 STREQUAL "NR")
  message(FATAL_ERROR "--grade-min-evidence: expected F then NR, got ${g0} ${g1}")
endif()
run_cli(2 score ${DATA}/cli_signals.csv --grade-scale good=0.45,fair=0.55,poor)
expect_match("${err}" "strictly decreasing" "--grade-scale order")
run_cli(2 score ${DATA}/cli_signals.csv --grade-scale good=0.55,fair=0.45)
expect_match("${err}" "lowest band" "--grade-scale last band")
run_cli(2 score ${DATA}/cli_signals.csv --grade-scale good=high,poor)
run_cli(2 score ${DATA}/cli_signals.csv --grade-max-width 2)
expect_match("${err}" "max_interval_width" "--grade-max-width range")

# Options that change the model: no negativity bias raises breachco's score.
run_cli(0 score ${DATA}/cli_signals.csv --format csv --bottom 1 --negativity 1)
expect_match("${out}" "3,breachco,0\\.4428571428" "--negativity 1")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --half-life data_security=inf --profile nurturing)
run_cli(1 score ${DATA}/cli_signals.csv --half-life nofactor=3)
expect_match("${err}" "unknown factor 'nofactor'" "--half-life unknown factor")
run_cli(1 score ${DATA}/cli_signals.csv --profile nope)
expect_match("${err}" "unknown profile 'nope'" "unknown profile")

# Other models by name. weighted_mean: "quoted, inc" has one signal of value 0.5 on
# one factor (its mean), breachco one of value 0; each entity covers at most 2 of 9
# factors, so min_coverage 0.5 leaves every one not rated, ranked last.
run_cli(0 score ${DATA}/cli_signals.csv --format json --model weighted_mean)
string(JSON kind GET "${out}" model)
string(JSON e1 GET "${out}" entities 1 entity)
string(JSON s1 GET "${out}" entities 1 score)
string(JSON s2 GET "${out}" entities 2 score)
if(NOT kind STREQUAL "weighted_mean" OR NOT e1 STREQUAL "quoted, inc" OR NOT s1 EQUAL 0.5 OR NOT s2 EQUAL 0)
  message(FATAL_ERROR "--model weighted_mean: got ${kind} ${e1} ${s1} ${s2}")
endif()
run_cli(0 score ${DATA}/cli_signals.csv --model weighted_mean --model-param min_coverage=0.5 --grades)
expect_match("${out}" "model weighted_mean.*acme +NR +\\[NR, NR\\] +NR" "not rated in the table")
run_cli(0 score ${DATA}/cli_signals.csv --format csv --model wilson --explain)
expect_match("${out}" "3,breachco,0,0," "--model wilson: no positive evidence, lower bound 0")
run_cli(0 score ${DATA}/cli_signals.csv --model wilson --explain)
expect_match("${out}" "not linear in its factors" "--model wilson explained")
foreach(kind beta bayesian_average dirichlet subjective_logic)
  run_cli(0 score ${DATA}/cli_signals.csv --model ${kind} --explain)
  expect_match("${out}" "model ${kind}, profile decision" "--model ${kind}")
endforeach()
run_cli(0 score ${DATA}/cli_signals.csv --model dirichlet --model-param levels=3)
run_cli(2 score ${DATA}/cli_signals.csv --model pagerank)
expect_match("${err}" "unknown model kind 'pagerank'" "--model unknown")
run_cli(2 score ${DATA}/cli_signals.csv --model-param prior_count=3)
expect_match("${err}" "'prior_count' is not a parameter of the beta model" "--model-param kind")
run_cli(2 score ${DATA}/cli_signals.csv --model bayesian_average --model-param prior_mean=3.5)
expect_match("${err}" "prior_mean must lie in \\[0, 1\\]" "--model-param range")
run_cli(2 score ${DATA}/cli_signals.csv --model dirichlet --model-param levels=2.5)
run_cli(2 score ${DATA}/cli_signals.csv --model weighted_mean --model-param min_coverage)

# Saving and loading the evidence store: the same ranking from the saved store, a
# file that says what it holds, and bad files named.
set(saved ${TMP}/cli_store.tsf)
file(REMOVE ${saved})
run_cli(0 score ${DATA}/cli_signals.csv --format csv --save-store ${saved})
set(from_csv "${out}")
run_cli(0 score --load-store ${saved} --format csv)
if(NOT out STREQUAL from_csv)
  message(FATAL_ERROR "--load-store: ranking differs\n${out}\nvs\n${from_csv}")
endif()
run_cli(0 inspect ${saved})
expect_match("${out}" "evidence store, binary archive, format version 1.*3 entities, 9 factors, 5 signals" "inspect")
run_cli(0 score --load-store ${saved} ${DATA}/cli_signals.csv --save-store ${saved} --archive xml)
run_cli(0 inspect ${saved})
expect_match("${out}" "xml archive.*10 signals" "inspect after adding")
execute_process(COMMAND head -c 200 ${saved} OUTPUT_FILE ${TMP}/cli_truncated.tsf)
run_cli(1 inspect ${TMP}/cli_truncated.tsf)
expect_match("${err}" "cli_truncated.tsf.*truncated" "inspect truncated")
run_cli(1 score --load-store ${DATA}/cli_signals.csv)
expect_match("${err}" "cli_signals.csv.*not a trustscore file" "--load-store of a CSV")
run_cli(1 score --load-store ${TMP}/no-such-store.tsf)
expect_match("${err}" "no-such-store.tsf" "--load-store missing")
run_cli(2 score ${DATA}/cli_signals.csv --save-store ${saved} --archive json)
expect_match("${err}" "--archive: unknown archive format 'json'" "--archive")
run_cli(2 inspect)

# Trust graphs on real data (the first 3,000 Bitcoin OTC ratings).
set(otc ${DATA}/graph/bitcoin_otc_first3000.csv)
# Leave-one-out over all 3,000 edges; the same numbers as the independent numpy reference
# (scripts/fairness_goodness_reference.py --sample 0 --unrated zero).
run_cli(0 graph eval ${otc})
expect_match("${out}" "687 nodes, 3000 edges.*leave-one-out over 3000 edges.*fairness_goodness +0\\.1984 +0\\.2741\ngoodness +0\\.1983 +0\\.2819\nreciprocal +0\\.1900 +0\\.4537" "graph eval")
run_cli(0 graph eval ${otc} --sample 300)
expect_match("${out}" "leave-one-out over 300 edges.*fairness_goodness +0\\.[0-9]+ +-?0\\.[0-9]+" "graph eval --sample")
run_cli(0 graph eigentrust ${otc} --top 1)
expect_match("${out}" "iterations, L1 residual[^\n]*\n +rank +node +trust\n +1  7 " "graph eigentrust")
run_cli(0 graph eigentrust ${otc} --seed-nodes 1,2 --alpha 0.3 --top 2)
run_cli(0 graph fairness-goodness ${otc} --top 2)
expect_match("${out}" "goodness.*fairness" "graph fairness-goodness")
run_cli(1 graph eigentrust ${otc} --seed-nodes nobody)
expect_match("${err}" "seed node 'nobody'" "graph seed")
run_cli(1 graph eval ${otc} --scale -1,1)
expect_match("${err}" "off the scale" "graph scale")
run_cli(1 graph eval ${TMP}/no-such-ratings.csv)
run_cli(2 graph pagerank ${otc})
run_cli(2 graph eval ${otc} --scale 5)

# Bad input: exit 1 naming file, line and column; or skipped and reported.
run_cli(1 score ${DATA}/cli_bad.csv)
expect_match("${err}" "cli_bad.csv:3: column 3 \\(value\\): value 1.5 outside \\[0, 1\\]" "bad row")
run_cli(0 score ${DATA}/cli_bad.csv --skip-bad-rows)
expect_match("${err}" "skipped 2 of 3 rows" "skip-bad-rows")
expect_match("${out}" "1  acme" "skip-bad-rows output")
run_cli(1 score ${DATA}/does-not-exist.csv)
expect_match("${err}" "cannot open" "missing file")

# The bundled example scores end to end.
run_cli(0 score ${EXAMPLES}/merchants.csv --explain --top 3 --bottom 3)
expect_match("${out}" "best lever" "example data")
message(STATUS "cli: all checks passed")
