# End-to-end checks of `trustscore tune`, of the configured models, baselines
# and own scores of `trustscore eval`, and of `score --model-config`: the
# Bitcoin OTC pipeline of docs/guide/tuning.md on the 3,000-edge slice.
# Run by ctest as: cmake -DCLI=... -DDATA=... -DTMP=... -P cli_tune_test.cmake

include(${CMAKE_CURRENT_LIST_DIR}/cli_helpers.cmake)

set(dir ${TMP}/cli_tune)
file(REMOVE_RECURSE ${dir})
file(MAKE_DIRECTORY ${dir})
run_cli(0 graph signals ${DATA}/graph/bitcoin_otc_first3000.csv)
file(WRITE ${dir}/signals.csv "${out}")
# Outcomes: each user's mean scaled rating received from 2011-03-01 on (bench/otc_outcomes.py).
set(outcomes ${DATA}/graph/otc_first3000_outcomes_after_2011-03.csv)
set(search "{\"kinds\": [\"weighted_mean\", \"bayesian_average\"], \"half_life_days\": [30, 365, null], \"prior_count\": [0, 3, 7], \"prior_mean\": [0.625, 0.85]}")

run_cli(0 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --cutoff 2011-03-01
  --search "${search}" --output ${dir}/best.json --trials ${dir}/trials.csv)
# Each kind's defaults, then weighted_mean: 3 half-lives; bayesian_average: 3 x 3 x 2.
expect_match("${out}" "^23 configurations in [0-9.]+ s" "tune: the configurations")
expect_match("${out}" "nested cross-validation: 5 outer folds, 3 inner folds each\n  fold 0 chose " "tune: folds")
expect_match("${out}" "\n50 outcomes \\(numeric\\), 5 folds\nmodel +rmse +mae +pearson" "tune: the table")
foreach(row "tuned" "default weighted_mean" "default bayesian_average" "plain_mean"
    "bayes_7_at_3\\.5_stars" "bayes_7_at_global_mean" "global_mean")
  expect_match("${out}" "\n${row} +0\\.[0-9]+ ± 0\\.[0-9]+ " "tune: row ${row}")
endforeach()
file(READ ${dir}/trials.csv trials)
expect_match("${trials}" "^kind,half_life_days,negativity,base_rate,prior_weight,prior_count,prior_mean,levels,rmse\nweighted_mean,,,,,,,,0\\.[0-9]+\nbayesian_average,,,,,,,,0\\.[0-9]+\nweighted_mean,30,,,,,,,0\\.[0-9]+\n" "tune --trials")
string(REGEX MATCHALL "\n" newlines "${trials}")
list(LENGTH newlines rows)
expect_equal("${rows}" "24" "tune --trials: a header and 23 rows")

# The configuration written is the model JSON every API reads.
file(READ ${dir}/best.json best)
expect_match("${best}" "\"format\": ?\"trustscore\\.model\"" "tune --output")
run_cli(0 score ${dir}/signals.csv --model-config ${dir}/best.json --top 1 --format csv)
expect_match("${out}" "^rank,entity,score" "score --model-config")
run_cli(2 score ${dir}/signals.csv --model-config ${dir}/best.json --model beta)
expect_match("${err}" "leave out --model" "score --model-config with --model")
run_cli(2 score ${dir}/signals.csv --model-config ${dir}/no-such.json)

# eval: the tuned configuration beside a kind, the baselines and the user's own scores.
file(WRITE ${dir}/mine.csv "entity,outcome\n1,0.7\n2,0.6\n")
run_cli(0 eval --signals ${dir}/signals.csv --outcomes ${outcomes} --cutoff 2011-03-01
  --models weighted_mean --model-config tuned=${dir}/best.json --scores mine=${dir}/mine.csv --format json)
string(JSON n LENGTH "${out}" models)
expect_equal("${n}" "7" "eval: a kind, a configured model, 4 baselines, own scores")
string(JSON label GET "${out}" models 1 model)
expect_equal("${label}" "tuned" "eval --model-config label")
string(JSON label GET "${out}" models 2 model)
expect_equal("${label}" "plain_mean" "eval baselines after the models")
string(JSON label GET "${out}" models 6 model)
string(JSON coverage GET "${out}" models 6 coverage)
expect_equal("${label}" "mine" "eval --scores label")
expect_match("${coverage}" "^0\\.0[0-9]+$" "eval --scores: only the entities it lists")
run_cli(0 eval --signals ${dir}/signals.csv --outcomes ${outcomes} --cutoff 2011-03-01
  --models weighted_mean --baselines false --format json)
string(JSON n LENGTH "${out}" models)
expect_equal("${n}" "1" "eval --baselines false")

# Bad input: each a clear error naming it.
run_cli(1 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --search "{\"negativity\": [0]}")
expect_match("${err}" "negativity: 0\\.0+ is out of range" "tune: value out of range")
# A --search the option parser refuses is a usage error (2); a value out of range is found
# when the space is enumerated (1).
run_cli(2 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --search "{\"half_life_days\": {\"min\": 10, \"max\": 1}}")
expect_match("${err}" "the range is inverted" "tune: inverted range")
run_cli(1 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --metric roc_auc)
expect_match("${err}" "metric 'roc_auc' does not fit these outcomes \\(numeric\\)" "tune: metric")
run_cli(1 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --folds 20)
expect_match("${err}" "fewer than folds x inner_folds" "tune: folds")
run_cli(2 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --folds 1)
run_cli(2 tune --signals ${dir}/signals.csv --outcomes ${outcomes} --search ${dir}/no-such.json)
expect_match("${err}" "no-such\\.json" "tune --search: a missing file")
run_cli(2 tune --signals ${dir}/signals.csv)
expect_match("${err}" "tune needs --signals SIGNALS.csv and --outcomes OUTCOMES.csv" "tune: usage")
run_cli(2 eval --signals ${dir}/signals.csv --outcomes ${outcomes} --model-config tuned)
expect_match("${err}" "--model-config" "eval --model-config without a file")
run_cli(0 tune --help)
expect_match("${out}" "--inner-folds J +inner folds of each outer fold's training outcomes \\(default 3\\)" "tune --help")
