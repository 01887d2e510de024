"""The evaluation harness over the C ABI (trustscore_evaluate): benchmark
model kinds (and learned weights) against outcomes, with folds and attacks,
as pandas DataFrames."""

from __future__ import annotations

import json
import os
from ctypes import byref, c_int64, c_void_p, string_at

from ._csv_paths import csv_paths
from ._lib import LIB, check, option_defaults
from ._time import to_unix


def _time(x, name):
    return None if x is None else to_unix(x, name)  # numbers, datetime, numpy and pandas times


#: The harness's defaults, read from the library (trustscore_option_defaults).
_DEFAULTS = option_defaults("evaluate")


def evaluate(
    signals,
    outcomes,
    *,
    models=None,
    folds=_DEFAULTS["folds"],
    seed=_DEFAULTS["seed"],
    cutoff=None,
    profile=None,
    l2=_DEFAULTS["l2"],
    default_time=None,
    attacks=None,
    attack_targets=_DEFAULTS["attack_targets"],
    attack_signals=_DEFAULTS["attack_signals"],
    predictions=_DEFAULTS["predictions"],
    scores=None,
    baselines=_DEFAULTS["baselines"],
    baseline_prior_count=_DEFAULTS["baseline_prior_count"],
    as_frame=True,
):
    """Benchmarks scoring models on a signals CSV against an outcomes CSV
    (entity,outcome[,time]), as `trustscore eval` does.

    signals, outcomes: paths, or DataFrames with those columns (an outcomes
    Series: entity index, outcome values). models: kind names (None: every
    kind but logistic, which is fitted on the other folds and so asked for by
    name), or a dict {label: Model} of configured models, or a list mixing
    names and (label, Model) pairs; with only configured models (or only
    scores) the default kinds are left out. scores: the user's own
    predictions as rows, {label: path or Series (entity -> score) or
    DataFrame (entity,outcome)}; entities they leave out are not rated.
    baselines: also the rating sites' formulas as rows (plain_mean,
    bayes_C_at_3.5_stars, bayes_C_at_global_mean, global_mean; C =
    baseline_prior_count). folds/seed: seeded
    K folds of the entities with outcomes. cutoff: evidence before it,
    outcomes at or after it. attacks: any of "sybil", "collusion", "smear",
    "sleeper" (logistic faces them fitted on every outcome). Returns a DataFrame indexed by model with a column per metric
    (the mean over folds), "<metric>_sd", "coverage" and
    "entities_per_second"; ``.attrs["attacks"]`` holds a DataFrame of the
    attack results (empty without attacks) and ``.attrs["report"]`` the full
    report (per-fold values). predictions=True adds ``.attrs["predictions"]``:
    a DataFrame indexed by entity with the outcome and each model's
    prediction (NaN: not rated; logistic: fitted on the other folds).
    as_frame=False returns the report as a dict.
    """
    options = {
        "folds": int(folds),
        "seed": int(seed),
        "l2": float(l2),
        "attack_targets": int(attack_targets),
        "attack_signals": int(attack_signals),
        "predictions": bool(predictions),
    }
    options["baselines"] = bool(baselines)
    options["baseline_prior_count"] = float(baseline_prior_count)
    if models is not None:
        options["models"] = model_entries(models)
    if attacks is not None:
        options["attacks"] = [attacks] if isinstance(attacks, str) else list(attacks)
    if profile is not None:
        options["profile"] = profile
    for key, value in (("cutoff", cutoff), ("default_time", default_time)):
        if value is not None:
            options[key] = _time(value, key)
    scores = dict(scores or {})
    with csv_paths(
        signals=signals,
        outcomes=outcomes,
        **{f"score{i}": s for i, s in enumerate(scores.values())},
    ) as paths:
        if scores:
            options["scores"] = {
                str(label): os.fsdecode(paths[f"score{i}"]) for i, label in enumerate(scores)
            }
        report = call_report(
            LIB.trustscore_evaluate,
            os.fsencode(paths["signals"]),
            os.fsencode(paths["outcomes"]),
            json.dumps(options).encode("utf-8"),
        )
    if not as_frame:
        return report
    return report_frame(report)


def model_entries(models):
    """The "models" option: names, and {"label", "model"} objects for Models."""
    from ._model import Model

    if isinstance(models, str):
        return [models]
    items = models.items() if isinstance(models, dict) else models
    entries = []
    for item in items:
        if isinstance(item, str):
            entries.append(item)
            continue
        try:
            label, model = item
        except (TypeError, ValueError):
            raise TypeError(
                f"models: {item!r} is neither a kind's name nor a (label, Model) pair"
            ) from None
        if not isinstance(model, Model):
            raise TypeError(
                f"models: {label!r} must be a trustscore.Model, not {type(model).__name__}"
            )
        entries.append({"label": str(label), "model": json.loads(model.to_json())})
    return entries


def call_report(function, *arguments):
    """The JSON report a harness call writes into a library-owned buffer."""
    data, length = c_void_p(), c_int64()
    check(function(*arguments, byref(data), byref(length)))
    try:
        return json.loads(string_at(data, length.value).decode("utf-8"))
    finally:
        LIB.trustscore_buffer_free(data)


def report_frame(report):
    """The DataFrame of a harness report (see evaluate)."""
    import pandas as pd

    rows = {}
    for m in report["models"]:
        row = {}
        for name, s in m["metrics"].items():
            row[name] = s["mean"]
            row[name + "_sd"] = s["sd"]
        row["coverage"] = m["coverage"]
        row["entities_per_second"] = m["entities_per_second"]
        rows[m["model"]] = row
    frame = pd.DataFrame.from_dict(rows, orient="index")
    frame.index.name = "model"
    frame.attrs["attacks"] = pd.DataFrame(
        report["attacks"],
        columns=[
            "attack",
            "model",
            "score_shift",
            "rank_shift",
            "score_shift_30d",
            "score_shift_90d",
        ],
    )
    if "entity" in report:
        index = pd.Index(report["entity"], name="entity")
        table = pd.DataFrame({"outcome": report["outcome"]}, index=index)
        for m in report["models"]:
            table[m["model"]] = [float("nan") if x is None else x for x in m["prediction"]]
        frame.attrs["predictions"] = table
    frame.attrs["report"] = report
    return frame
