"""The "Tuning" table of bench/report.py's markdown (bench/tune_bench.py):
configurations per second of trustscore.tune against evaluating one
configuration from scratch, and the Bitcoin OTC outer-fold table of tuned,
the defaults and the rating sites' formulas, with the targets of issue #22
(docs/guide/tuning.md).
"""

from report_cells import Table, python_step, times, verdict

RATE_TARGET = 200  # configurations per second on the OTC split
BASELINES = ("plain_mean", "bayes_7_at_3.5_stars", "bayes_7_at_global_mean", "global_mean")


def tune_table(report):
    data, why = python_step(report, "tune_bench")
    table = Table(
        "tuning",
        ["row", "RMSE (5 outer folds)", "Pearson (5 outer folds)", "ratio", "target"],
        "One run of `bench/tune_bench.py`: the Bitcoin OTC temporal split (ratings before "
        "2014-01-01 as signals about the rated user; outcome: the mean scaled rating a user "
        "receives from then on, 226 users), `trustscore.tune` with its default space and RMSE, "
        "nested cross-validation (5 outer folds, 3 inner). Baseline: evaluating one "
        "configuration from scratch with `trustscore.evaluate` (read, store, score, metrics).",
    )
    if data is None:
        table.missing("every measurement", why)
        return table
    rate = data["search_configs_per_second"]
    scratch = data["evaluate_configs_per_second"]
    table.row(
        f"tune: {data['configs']} configurations, {rate:.0f} per second "
        f"({data['call_configs_per_second']:.0f} per second for the whole call)",
        "—",
        "—",
        times(rate / scratch),
        verdict(rate >= RATE_TARGET, f"≥ {RATE_TARGET} configurations/s"),
    )
    table.row(
        f"baseline: one configuration from scratch, {scratch:.1f} per second", "—", "—", "—", ""
    )
    rows = {r["model"]: r for r in data["rows"]}
    tuned = rows["tuned"]
    beats = all(
        tuned["rmse"] < rows[b]["rmse"] and tuned["pearson"] > rows[b]["pearson"] for b in BASELINES
    )
    for name, r in rows.items():
        target = (
            verdict(beats, "beats every baseline on RMSE and Pearson") if name == "tuned" else ""
        )
        table.row(
            name,
            f"{r['rmse']:.4f} ± {r['rmse_sd']:.4f}",
            f"{r['pearson']:.4f} ± {r['pearson_sd']:.4f}",
            "—",
            target,
        )
    best = data["best"]
    params = ", ".join(
        f"{k} {'none' if v is None else f'{v:g}'}" for k, v in best["parameters"].items()
    )
    table.notes.append(
        f"Chosen on every outcome: {best['kind']} ({params}). The ratio is configurations per "
        "second of the search over those of evaluating one from scratch; the RMSE and Pearson "
        "are means ± standard deviations over the outer folds (the tuned row: each fold "
        "predicted by the configuration its inner folds chose)."
    )
    return table
