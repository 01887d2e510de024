"""Tuning (ts.tune) and the harness's configured models, baselines and own
scores (ts.evaluate), on the Bitcoin OTC slice and on small hand-made data
whose answers are known."""

import csv
import datetime
import json
import math
import os

import numpy as np
import pytest

import trustscore as ts

pd = pytest.importorskip("pandas")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
DATA = os.path.join(REPO, "tests", "data", "graph")
CUTOFF = datetime.datetime(2011, 3, 1, tzinfo=datetime.timezone.utc)
BASELINES = ["plain_mean", "bayes_7_at_3.5_stars", "bayes_7_at_global_mean", "global_mean"]


@pytest.fixture(scope="module")
def otc(tmp_path_factory):
    """The slice's ratings as signals (as `trustscore graph signals` writes them) and the
    outcomes of bench/otc_outcomes.py at 2011-03-01."""
    folder = tmp_path_factory.mktemp("otc")
    signals = folder / "signals.csv"
    with open(os.path.join(DATA, "bitcoin_otc_first3000.csv"), newline="") as f, open(
        signals, "w", newline=""
    ) as out:
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["entity", "factor", "value", "weight", "time", "source"])
        for source, target, rating, time in csv.reader(f):
            writer.writerow(
                [target, "koc_word_of_mouth", (float(rating) + 10) / 20, 1, time, source]
            )
    return str(signals), os.path.join(DATA, "otc_first3000_outcomes_after_2011-03.csv")


SEARCH = {
    "kinds": ["weighted_mean", "bayesian_average"],
    "half_life_days": [30, 365, None],
    "prior_count": [0, 3, 7],
}


def test_tune_on_the_otc_slice(otc, tmp_path):
    signals, outcomes = otc
    result = ts.tune(signals, outcomes, cutoff=CUTOFF, search=SEARCH)
    # Each kind's defaults, then weighted_mean: 3 half-lives; bayesian_average: 3 x 3.
    assert len(result.trials) == 2 + 12
    assert list(result.trials.kind[:2]) == ["weighted_mean", "bayesian_average"]
    assert result.trials.iloc[:2, 1:3].isna().all().all()  # the defaults set no parameter
    assert list(result.trials.columns) == ["kind", "half_life_days", "prior_count", "rmse"]
    assert result.trials["half_life_days"][2:].isin([30, 365, math.inf]).all()
    assert list(result.table.index) == [
        "tuned",
        "default weighted_mean",
        "default bayesian_average",
        *BASELINES,
    ]
    assert result.table.loc["tuned", "rmse"] > 0
    assert len(result.fold_choices) == 5 and result.metric == "rmse"
    # The best trial is the chosen configuration, and its score the best of the trials.
    assert result.best_config["score"] == pytest.approx(result.trials["rmse"].min(), abs=1e-15)
    assert isinstance(result.best, ts.Model)
    assert result.best.kind == result.best_config["kind"]
    # The best model scored by the harness is the tuned configuration refitted on everything.
    frame = ts.evaluate(
        signals, outcomes, cutoff=CUTOFF, folds=5, models={"best": result.best}, baselines=False
    )
    assert list(frame.index) == ["best"]
    # Plotting the search: one panel per parameter.
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")
    axes = result.plot()
    assert len(axes) == 2 and axes[0].get_xlabel() == "half_life_days"


def test_tune_takes_frames_a_base_model_and_a_temporal_split(otc):
    signals, outcomes = otc
    signals_frame = pd.read_csv(signals)
    outcomes_frame = pd.read_csv(outcomes)
    split = int(outcomes_frame.time.median())
    base = ts.Model("weighted_mean")
    result = ts.tune(
        signals_frame,
        outcomes_frame,
        model=base,
        search={"half_life_days": [30, None]},
        cutoff=CUTOFF,
        split=split,
    )
    report = result.report
    assert report["temporal"] and report["folds"] == 1
    before = int((outcomes_frame.time < split).sum())
    assert report["selection_outcomes"] == before
    assert report["report_outcomes"] == len(outcomes_frame) - before
    assert list(result.trials.kind) == ["weighted_mean"] * 3  # the defaults and 2 half-lives


def write_exact_case(folder):
    """Outcomes that are each entity's plain mean rating: weighted_mean without decay and
    the plain_mean baseline predict them exactly. Each entity's two ratings are months
    apart and differ, so that any decay predicts every entity worse."""
    signals = folder / "signals.csv"
    signals.write_text(
        "entity,factor,value,time\n"
        "a,experts,0.9,1600000000\na,experts,0.5,1610000000\n"
        "b,experts,0.2,1600000000\nb,experts,0.4,1610000000\n"
        "c,experts,0.8,1600000000\nc,experts,1,1610000000\n"
        "d,experts,0.2,1600000000\nd,experts,0,1610000000\n"
        "e,experts,0.5,1600000000\ne,experts,0.7,1610000000\n"
        "f,experts,0.1,1600000000\nf,experts,0.3,1610000000\n"
    )
    outcomes = pd.Series({"a": 0.7, "b": 0.3, "c": 0.9, "d": 0.1, "e": 0.6, "f": 0.2})
    return str(signals), outcomes


def test_tune_finds_no_decay_when_outcomes_are_plain_means(tmp_path):
    signals, outcomes = write_exact_case(tmp_path)
    result = ts.tune(
        signals,
        outcomes,
        search={"kinds": ["weighted_mean"], "half_life_days": [1, 10, None]},
        folds=2,
        inner_folds=2,
        metric="mae",
    )
    assert result.best_config["parameters"] == {"half_life_days": None}
    assert result.best_config["score"] == pytest.approx(0, abs=1e-12)
    assert all(c["parameters"]["half_life_days"] is None for c in result.fold_choices)
    assert json.loads(result.best.to_json())["kind"] == "weighted_mean"


def test_evaluate_configured_models_baselines_and_own_scores(tmp_path):
    signals, outcomes = write_exact_case(tmp_path)
    no_decay = ts.Model.from_dict(
        {"kind": "weighted_mean", "factors": [{"id": "experts", "half_life_days": None}]}
    )
    mine = pd.Series({"a": 0.5, "b": 0.5, "c": 0.5})
    frame = ts.evaluate(
        signals,
        outcomes,
        models=["beta", ("no_decay", no_decay)],
        scores={"mine": mine},
        predictions=True,
    )
    assert list(frame.index) == ["beta", "no_decay", *BASELINES, "mine"]
    assert frame.loc["no_decay", "rmse"] == pytest.approx(0, abs=1e-12)
    assert frame.loc["mine", "coverage"] == 0.5
    # The baselines by hand: the plain mean, and 7 prior ratings at 0.625 or the global mean.
    signal_frame = pd.read_csv(signals)
    sums = signal_frame.groupby("entity").value.sum()
    counts = signal_frame.groupby("entity").value.count()
    glob = signal_frame.value.mean()
    table = frame.attrs["predictions"]
    np.testing.assert_allclose(table["plain_mean"], (sums / counts)[table.index], atol=1e-12)
    np.testing.assert_allclose(
        table["bayes_7_at_3.5_stars"], ((sums + 7 * 0.625) / (counts + 7))[table.index], atol=1e-12
    )
    np.testing.assert_allclose(
        table["bayes_7_at_global_mean"], ((sums + 7 * glob) / (counts + 7))[table.index], atol=1e-12
    )
    np.testing.assert_allclose(table["global_mean"], glob, atol=1e-12)
    # A dict of configured models alone: no default kinds.
    only = ts.evaluate(signals, outcomes, models={"no_decay": no_decay}, baselines=False)
    assert list(only.index) == ["no_decay"]


def test_bad_input_is_a_clear_error(tmp_path):
    signals, outcomes = write_exact_case(tmp_path)
    with pytest.raises(ts.errors.InvalidArgumentError, match="unknown key 'colour'"):
        ts.tune(signals, outcomes, search={"colour": [1]}, folds=2, inner_folds=2)
    with pytest.raises(ts.errors.InvalidArgumentError, match="the range is inverted"):
        ts.tune(signals, outcomes, search={"base_rate": {"min": 0.9, "max": 0.1}}, folds=2)
    with pytest.raises(ts.errors.InvalidArgumentError, match="logistic learns its weights"):
        ts.tune(signals, outcomes, search={"kinds": ["logistic"]}, folds=2, inner_folds=2)
    with pytest.raises(ts.errors.InvalidArgumentError, match="metric 'roc_auc' does not fit"):
        ts.tune(signals, outcomes, metric="roc_auc", folds=2, inner_folds=2)
    with pytest.raises(ts.errors.InvalidArgumentError, match="fewer than folds x inner_folds"):
        ts.tune(signals, outcomes)  # 6 outcomes, 5 x 3 folds
    with pytest.raises(ValueError, match="use None, not inf"):
        ts.tune(signals, outcomes, search={"half_life_days": [math.inf]})
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        ts.tune(signals, outcomes, model="beta")
    with pytest.raises(TypeError, match="must be a trustscore.Model"):
        ts.evaluate(signals, outcomes, models={"x": "beta"})
    with pytest.raises(TypeError, match="must be a path or a pandas DataFrame"):
        ts.evaluate(signals, 42)
    with pytest.raises(ts.errors.InvalidArgumentError, match="the label 'beta' names two models"):
        ts.evaluate(signals, outcomes, models=["beta", ("beta", ts.Model())])


def test_fit_logistic_refuses_one_class():
    with pytest.raises(ts.errors.InvalidArgumentError, match="both classes"):
        ts.fit_logistic(np.array([[0.1], [0.9]]), np.array([1.0, 1.0]))
