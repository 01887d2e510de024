"""trustscore.plot: the curves it draws against scikit-learn, and the files it
writes are valid PNG and SVG images of the expected size."""

import os
import xml.etree.ElementTree as ET

import numpy as np
import pytest

import trustscore as ts
from trustscore import _plot

sk = pytest.importorskip("sklearn.metrics")
pytest.importorskip("matplotlib")
pytest.importorskip("pandas")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
SIGNALS = os.path.join(REPO, "examples", "merchants.csv")
OUTCOMES = os.path.join(REPO, "examples", "outcomes", "merchants_outcomes.csv")


def test_roc_curve_and_reliability_equal_their_definitions():
    rng = np.random.default_rng(8)
    y = (rng.random(400) < 0.4).astype(float)
    s = rng.integers(0, 9, 400) / 8  # ties
    fpr, tpr = _plot.roc_curve(y, s)
    ref_fpr, ref_tpr, _ = sk.roc_curve(y, s, drop_intermediate=False)
    np.testing.assert_allclose(fpr, ref_fpr, atol=1e-15)
    np.testing.assert_allclose(tpr, ref_tpr, atol=1e-15)
    assert np.trapz(tpr, fpr) == pytest.approx(sk.roc_auc_score(y, s), abs=1e-12)
    mean_p, rate = _plot.reliability(y, s, bins=4)
    b = np.minimum((s * 4).astype(int), 3)
    for k, (mp, r) in enumerate(zip(mean_p, rate)):
        assert mp == pytest.approx(s[b == k].mean()) and r == pytest.approx(y[b == k].mean())


def test_example_predictions_are_the_harness_scores():
    frame = ts.evaluate(
        SIGNALS, OUTCOMES, models=["beta", "logistic"], folds=3, predictions=True, baselines=False
    )
    table = frame.attrs["predictions"]
    assert len(table) == 300 and list(table.columns) == ["outcome", "beta", "logistic"]
    assert ts.metrics.roc_auc(table.outcome, table.beta) == pytest.approx(
        0.72912037037037036, abs=1e-12
    )
    # The logistic column is out of fold: its per-fold AUCs are the harness's.
    folds = frame.attrs["report"]["models"][1]["metrics"]["roc_auc"]["folds"]
    assert np.mean(folds) == pytest.approx(frame.loc["logistic", "roc_auc"], abs=1e-15)


def test_plot_writes_valid_png_and_svg(tmp_path):
    import matplotlib.image

    png = ts.plot(
        SIGNALS,
        OUTCOMES,
        tmp_path / "benchmark.png",
        models=["beta", "wilson"],
        attacks=["sybil"],
        attack_targets=2,
        attack_signals=10,
    )
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(png)
    assert image.shape[:2] == (450, 2000)  # 4 panels of 5 x 4.5 inches at 100 dpi
    assert image[..., :3].std() > 0.05  # something is drawn
    svg = ts.plot(SIGNALS, OUTCOMES, tmp_path / "benchmark.svg", models="beta", panels=["roc"])
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg")
    assert any(e.tag.endswith("path") for e in root.iter())


def test_plot_errors(tmp_path):
    with pytest.raises(ValueError, match=".png or .svg"):
        ts.plot(SIGNALS, OUTCOMES, tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="logistic"):
        ts.plot(SIGNALS, OUTCOMES, tmp_path / "x.png", models=["logistic"])
    with pytest.raises(ValueError, match="unknown panels"):
        ts.plot(SIGNALS, OUTCOMES, tmp_path / "x.png", panels=["pie"])
    numeric = tmp_path / "numeric.csv"
    numeric.write_text("entity,outcome\nm0001-echogear,4.5\nm0002-pinecraft,2\n")
    with pytest.raises(ValueError, match="binary outcomes"):
        ts.plot(SIGNALS, numeric, tmp_path / "x.png", models="beta")
    with pytest.raises(ts.Error, match="unknown model kind 'nope'"):
        ts.plot(SIGNALS, OUTCOMES, tmp_path / "x.png", models=["nope"])
