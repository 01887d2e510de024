"""The evaluation harness over the C ABI (trustscore_evaluate): benchmark
model kinds (and learned weights) against outcomes, with folds and attacks,
as pandas DataFrames."""

from __future__ import annotations

import json
import os
from ctypes import byref, c_int64, c_void_p, string_at

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
    as_frame=True,
):
    """Benchmarks scoring models on a signals CSV against an outcomes CSV
    (entity,outcome[,time]), as `trustscore eval` does.

    models: kind names (None: every kind but logistic, which is fitted on
    the other folds and so asked for by name). folds/seed: seeded
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
    if models is not None:
        options["models"] = [models] if isinstance(models, str) else list(models)
    if attacks is not None:
        options["attacks"] = [attacks] if isinstance(attacks, str) else list(attacks)
    if profile is not None:
        options["profile"] = profile
    for key, value in (("cutoff", cutoff), ("default_time", default_time)):
        if value is not None:
            options[key] = _time(value, key)
    data, length = c_void_p(), c_int64()
    check(
        LIB.trustscore_evaluate(
            os.fsencode(signals),
            os.fsencode(outcomes),
            json.dumps(options).encode("utf-8"),
            byref(data),
            byref(length),
        )
    )
    try:
        report = json.loads(string_at(data, length.value).decode("utf-8"))
    finally:
        LIB.trustscore_buffer_free(data)
    if not as_frame:
        return report
    return report_frame(report)


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
