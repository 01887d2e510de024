"""Tuning over the C ABI (trustscore_tune): the model configuration that best
predicts outcomes, chosen by nested cross-validation (or a temporal split),
with the outer-fold table beside the defaults and the rating sites'
formulas."""

from __future__ import annotations

import json
import math
import os

from ._csv_paths import csv_paths
from ._evaluate import _time, call_report, report_frame
from ._lib import LIB, option_defaults

#: Tuning's defaults, read from the library (trustscore_option_defaults).
_DEFAULTS = option_defaults("tune")


def _number(x):
    return math.inf if x is None else x  # null half-life: no decay


class TuneResult:
    """What :func:`tune` found.

    Attributes
    ----------
    best : Model
        The configuration chosen on every selection outcome (model JSON in
        ``best.to_json()``, for ``Model.from_json``, ``trustscore score
        --model-config`` and ``evaluate(models={...})``).
    best_config : dict
        Its kind, parameters and selection metric.
    table : pandas.DataFrame
        The outer-fold metrics (temporal: after the split) of "tuned", each
        searched kind's defaults and the baselines, as :func:`evaluate` gives.
    trials : pandas.DataFrame
        Every configuration tried: kind, one column per parameter, and the
        metric over the selection outcomes (``metric`` names it).
    fold_choices : list of dict
        The configuration each outer fold chose.
    report : dict
        The whole report (trustscore_tune's JSON).
    """

    def __init__(self, report):
        import pandas as pd

        from ._model import Model

        self.report = report
        self.metric = report["metric"]
        self.best = Model.from_json(json.dumps(report["best_model"]))
        self.best_config = report["best"]
        self.fold_choices = report["fold_choices"]
        self.configs_per_second = report["configs_per_second"]
        self.table = report_frame(report["table"])
        rows = []
        for trial in report["trials"]:
            row = {"kind": trial["kind"]}
            row.update({k: _number(v) for k, v in trial["parameters"].items()})
            row[self.metric] = math.nan if trial["score"] is None else trial["score"]
            rows.append(row)
        # Columns: the kind, the parameters in order of first appearance, the metric.
        names = list(dict.fromkeys(k for row in rows for k in row if k != self.metric))
        self.trials = pd.DataFrame(rows, columns=names + [self.metric])

    def __repr__(self):
        return (
            f"TuneResult(metric={self.metric!r}, best={self.best_config!r}, "
            f"configs={len(self.trials)})"
        )

    def plot(self, axes=None):
        """The search: the metric against each parameter, one panel per
        parameter, a colour per kind (matplotlib). Returns the axes."""
        import matplotlib.pyplot as plt

        parameters = [c for c in self.trials.columns if c not in ("kind", self.metric)]
        if axes is None:
            _, axes = plt.subplots(
                1,
                max(1, len(parameters)),
                figsize=(3.2 * max(1, len(parameters)), 3),
                squeeze=False,
            )
            axes = axes[0]
        for ax, name in zip(axes, parameters):
            for kind, group in self.trials.groupby("kind"):
                x = group[name].replace(math.inf, math.nan)
                ax.scatter(x, group[self.metric], s=8, label=kind, alpha=0.6)
            finite = self.trials[name].replace(math.inf, math.nan).dropna()
            if name.startswith("half_life_days") and len(finite) and finite.min() > 0:
                ax.set_xscale("log")
            ax.set_xlabel(name)
            ax.set_ylabel(self.metric)
        if len(parameters):
            axes[0].legend(fontsize="small")
        return axes


def tune(
    signals,
    outcomes,
    *,
    model=None,
    search=None,
    metric=None,
    folds=_DEFAULTS["folds"],
    inner_folds=_DEFAULTS["inner_folds"],
    split=None,
    seed=_DEFAULTS["seed"],
    cutoff=None,
    profile=None,
    default_time=None,
    baseline_prior_count=_DEFAULTS["baseline_prior_count"],
) -> TuneResult:
    """Searches the model configuration whose scores of ``signals`` best
    predict ``outcomes`` by ``metric``, as ``trustscore tune`` does.

    Parameters
    ----------
    signals, outcomes : str or pandas.DataFrame
        Paths, or frames as for :func:`evaluate` (an outcomes Series: entity index).
    model : Model
        Optional: the model to start from: its factors, profiles and every parameter
        not searched (default: the default model).
    search : dict
        Optional: the search space: any of "kinds", "half_life_days" (None: no decay),
        "factor_half_life_days" ({factor: grid}), "negativity", "base_rate",
        "prior_weight", "prior_count", "prior_mean", "levels", each a list or
        {"min", "max", "steps", "scale": "linear" or "log"}, and
        "max_configs". Keys left out are not searched; None searches every
        kind but logistic and subjective_logic over a default grid.
    metric : str
        Optional: rmse (default for numeric outcomes), mae, pearson, spearman,
        kendall_tau_b, ndcg@10; brier (default for binary ones), log_loss,
        roc_auc, average_precision, ece.
    folds, inner_folds : int
        Nested cross-validation: each outer fold is predicted by the
        configuration chosen on inner folds of the other outer folds.
    split : float
        Optional (unix seconds, or a datetime), temporal mode: choose on the
        outcomes dated before it, report on those at or after it.
    seed, cutoff, profile, default_time, baseline_prior_count
        As for :func:`evaluate`.

    Returns
    -------
    TuneResult
    """
    from ._model import Model

    options = {
        "folds": int(folds),
        "inner_folds": int(inner_folds),
        "seed": int(seed),
        "baseline_prior_count": float(baseline_prior_count),
    }
    if search is not None:
        if not isinstance(search, dict):
            raise TypeError(f"search must be a dict, not {type(search).__name__}")
        options["search"] = search
    if metric is not None:
        options["metric"] = str(metric)
    if profile is not None:
        options["profile"] = profile
    for key, value in (("cutoff", cutoff), ("default_time", default_time), ("split", split)):
        if value is not None:
            options[key] = _time(value, key)
    if model is not None and not isinstance(model, Model):
        raise TypeError(f"model must be a trustscore.Model, not {type(model).__name__}")
    try:
        text = json.dumps(options, allow_nan=False)
    except ValueError:
        raise ValueError("search: use None, not inf or nan (None: no decay)") from None
    with csv_paths(signals=signals, outcomes=outcomes) as paths:
        report = call_report(
            LIB.trustscore_tune,
            os.fsencode(paths["signals"]),
            os.fsencode(paths["outcomes"]),
            model._h if model is not None else None,
            text.encode("utf-8"),
        )
    return TuneResult(report)
