"""Plots with matplotlib, to PNG or SVG (by the file's extension): a model
benchmark (ROC curves, reliability diagrams, score distributions and attack
curves, one line or bar per model), and an entity's score over time.

    import trustscore as ts
    ts.plot("signals.csv", "outcomes.csv", "benchmark.png",
            models=["beta", "bayesian_average"], attacks=["sybil", "smear"])
    ts.plot_history(store.history(model, "acme"), "acme.png")

Scores and attack shifts come from one trustscore.evaluate call (its
predictions: each outcome's score, the score without evidence for an entity
without signals, out-of-fold for logistic). matplotlib is imported only here.
"""

from __future__ import annotations

import os

import numpy as np

from ._evaluate import evaluate

PANELS = ("roc", "reliability", "distribution", "attacks")


def _pyplot(path):
    """matplotlib.pyplot drawing to files only, and path checked (.png or .svg)."""
    import matplotlib

    matplotlib.use("Agg")  # files only, no display
    import matplotlib.pyplot as plt

    path = os.fspath(path)
    if os.path.splitext(path)[1].lower() not in (".png", ".svg"):
        raise ValueError(f"path must end in .png or .svg, not {path!r}")
    return plt, path


def roc_curve(y, score):
    """False and true positive rates at every distinct threshold (ties enter
    together), from (0, 0) to (1, 1)."""
    order = np.argsort(-score, kind="stable")
    s, y = score[order], y[order]
    last = np.r_[np.flatnonzero(np.diff(s)), len(s) - 1]  # last index of each run of ties
    tp = np.cumsum(y)[last]
    fp = (last + 1) - tp
    return np.r_[0, fp / max(fp[-1], 1)], np.r_[0, tp / max(tp[-1], 1)]


def reliability(y, p, bins=10):
    """Mean probability and observed rate per non-empty equal-width bin."""
    b = np.minimum((p * bins).astype(int), bins - 1)
    keep = np.bincount(b, minlength=bins) > 0
    count = np.bincount(b, minlength=bins)[keep]
    return (
        np.bincount(b, weights=p, minlength=bins)[keep] / count,
        np.bincount(b, weights=y, minlength=bins)[keep] / count,
    )


def plot(
    signals,
    outcomes,
    path,
    *,
    models=("beta", "weighted_mean", "bayesian_average", "wilson"),
    attacks=None,
    panels=None,
    profile=None,
    **evaluate_options,
):
    """Draws the benchmark of `models` on a signals CSV against an outcomes
    CSV (binary) into `path` (.png or .svg): a ROC curve per model (AUC in the
    legend), a reliability diagram, the score distributions, and, with
    `attacks`, each model's score shift of the attacked entities at the end
    of the attack and 30 and 90 days later. panels: a subset of PANELS.
    evaluate_options go to trustscore.evaluate (attack_targets, seed, ...).
    Returns the path."""
    plt, path = _pyplot(path)
    models = [models] if isinstance(models, str) else list(models)
    if not models:
        raise ValueError("models must name at least one model")
    panels = [p for p in (panels or PANELS) if p != "attacks" or attacks]
    unknown = [p for p in panels if p not in PANELS]
    if unknown:
        raise ValueError(f"unknown panels {unknown}; known: {list(PANELS)}")
    frame = evaluate(
        signals,
        outcomes,
        models=models,
        attacks=attacks,
        profile=profile,
        predictions=True,
        **evaluate_options,
    )
    table = frame.attrs["predictions"]
    data = {}
    for m in models:
        rated = table[m].notna().to_numpy()  # a model may leave entities unrated
        data[m] = (table.outcome.to_numpy()[rated], table[m].to_numpy()[rated])
    for m, (y, _) in data.items():
        if not np.isin(y, (0, 1)).all() or y.min() == y.max():
            raise ValueError(
                f"plots need binary outcomes of both kinds (0 and 1); {m} has {np.unique(y)[:5]}"
            )

    fig, axes = plt.subplots(1, len(panels), figsize=(5 * len(panels), 4.5), squeeze=False)
    for ax, panel in zip(axes[0], panels):
        if panel == "roc":
            from .metrics import roc_auc

            for m, (y, s) in data.items():
                fpr, tpr = roc_curve(y, s)
                ax.plot(fpr, tpr, label=f"{m} (AUC {roc_auc(y, s):.3f})")
            ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
            ax.set(title="ROC", xlabel="false positive rate", ylabel="true positive rate")
        elif panel == "reliability":
            for m, (y, s) in data.items():
                mean_p, rate = reliability(y, s)
                ax.plot(mean_p, rate, marker="o", label=m)
            ax.plot([0, 1], [0, 1], color="grey", linestyle=":", linewidth=1)
            ax.set(title="Reliability (10 bins)", xlabel="mean score", ylabel="observed rate")
        elif panel == "distribution":
            for m, (_, s) in data.items():
                ax.hist(s, bins=30, range=(0, 1), histtype="step", label=m)
            ax.set(title="Score distribution", xlabel="score", ylabel="entities")
        else:
            shifts = frame.attrs["attacks"]
            days = [0, 30, 90]
            for (attack, m), rows in shifts.groupby(["attack", "model"], sort=False):
                row = rows.iloc[0]
                ax.plot(
                    days,
                    [row.score_shift, row.score_shift_30d, row.score_shift_90d],
                    marker="o",
                    label=f"{attack}: {m}",
                )
            ax.axhline(0, color="grey", linewidth=1)
            ax.set(
                title="Attacks: score shift of the targets",
                xlabel="days after the attack",
                ylabel="attacked − clean score",
            )
        ax.legend(fontsize="small")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


#: The columns plot_history reads from a history frame.
HISTORY_COLUMNS = ("time", "event", "score", "lower", "upper")


def plot_history(history, path, *, title=None):
    """Draws an entity's history (a frame of EvidenceStore.history) into
    `path` (.png or .svg): its score over time with the interval band, a
    marker per event (added, retracted, removed), and, when the history was
    explained, each factor's contribution below it (one line per factor that
    ever contributed). title: default the entity's id. Returns the path."""
    missing = [c for c in HISTORY_COLUMNS if c not in getattr(history, "columns", ())]
    if missing:
        raise ValueError(
            f"history must be a frame of EvidenceStore.history; it lacks the columns {missing}"
        )
    if len(history) == 0:
        raise ValueError("history has no rows to draw")
    plt, path = _pyplot(path)
    prefix = "contribution:"
    contributions = [c for c in history.columns if c.startswith(prefix)]
    contributions = [c for c in contributions if (history[c].fillna(0) != 0).any()]
    # Unix seconds as datetimes, so that the axis reads as dates.
    when = (history["time"].to_numpy() * 1e6).astype("datetime64[us]")
    score = history["score"].to_numpy()
    events = history["event"].astype(str).to_numpy()

    panels = 2 if contributions else 1
    fig, axes = plt.subplots(panels, 1, figsize=(9, 3.5 * panels), sharex=True, squeeze=False)
    ax = axes[0][0]
    ax.fill_between(
        when,
        history["lower"].to_numpy(),
        history["upper"].to_numpy(),
        alpha=0.25,
        linewidth=0,
        label="interval",
    )
    ax.plot(when, score, color="C0", linewidth=1.5, label="score")
    for event, marker, color in (
        ("added", "o", "C2"),
        ("retracted", "x", "C3"),
        ("removed", "s", "C3"),
        ("at_time", ".", "C0"),
    ):
        at = events == event
        if at.any():
            ax.scatter(when[at], score[at], marker=marker, color=color, zorder=3, label=event)
    ax.set(
        title=title if title is not None else history.attrs.get("entity", "history"),
        ylabel="score",
        ylim=(0, 1),
    )
    ax.legend(fontsize="small", loc="best")
    if contributions:
        ax = axes[1][0]
        for column in contributions:
            ax.plot(when, history[column].to_numpy(), label=column[len(prefix) :])
        ax.axhline(0, color="grey", linewidth=1)
        ax.set(ylabel="contribution", title="Factors' contributions")
        ax.legend(fontsize="small", loc="best")
    axes[-1][0].set_xlabel("time (UTC)")
    fig.autofmt_xdate()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path
