"""History of a journaled store: store.history (a DataFrame) against a tiny
history computed by hand and against plain stores of the live signals;
scores as of a past time (store.score(as_of=...)); retraction by source;
trustscore.plot_history; and every bad argument an exception of trustscore's
errors.

The tiny history uses a model whose factors never decay, with a flat
profile: a factor with positive mass r and negative s scores
p = (r + 1) / (r + s + 2) and the score is the mean of the nine p (0.5
without evidence). One positive signal of weight 1: p = 2/3, the score
(8 / 2 + 2/3) / 9 = 14/27, its contribution (2/3 - 1/2) / 9 = 1/54."""

import datetime as dt
import time as wall
import xml.etree.ElementTree as ET

import numpy as np
import pandas as pd
import pytest

import trustscore as ts

T = 1_700_000_000.0
DAY = 86400.0
ONE_SIGNAL = 14 / 27
FLAT = {
    "factors": [
        {"id": f, "half_life_days": None, "negativity": 1}
        for f in ("authenticity", "values", "experts")
    ],
    "profiles": {"flat": [1] * 9},
    "default_profile": "flat",
}


@pytest.fixture
def flat():
    return ts.Model.from_dict(FLAT)


@pytest.fixture
def tiny(tmp_path, flat):
    """acme: authenticity 1 at T (site-a), experts 0 at T + DAY (paid); beta:
    values 1 at T (no source); then "paid" retracted and beta removed.
    Yields (store, before, after): the wall clock around the last two."""
    store = ts.EvidenceStore.open(tmp_path / "tiny", flat, durability="none", keep_history=True)
    store.add(
        ["acme", "acme"],
        ["authenticity", "experts"],
        [1.0, 0.0],
        time=[T, T + DAY],
        source=["site-a", "paid"],
    )
    store.add("beta", "values", 1.0, time=T)
    before = wall.time() - 1
    assert store.retract_source("paid") == 1
    assert store.remove_entity("beta") == 1
    after = wall.time() + 1
    with store:
        yield store, before, after


def test_history_by_hand(tiny, flat):
    store, before, after = tiny
    h = store.history(flat, "acme")
    contributions = [f"contribution:{f}" for f in store.factors]
    assert (
        list(h.columns)
        == [
            "time",
            "event",
            "factor",
            "value",
            "weight",
            "signal_time",
            "credibility",
            "source",
            "score",
            "lower",
            "upper",
            "change",
        ]
        + contributions
    )
    assert h.attrs["entity"] == "acme" and len(h) == 3
    assert list(h.event) == ["added", "added", "retracted"]
    assert h.time[0] == T and h.time[1] == T + DAY and before <= h.time[2] <= after
    assert list(h.factor) == ["authenticity", "experts", "experts"]
    assert list(h.value) == [1, 0, 0] and list(h.weight) == [1, 1, 1]
    assert list(h.signal_time) == [T, T + DAY, T + DAY] and list(h.credibility) == [1, 1, 1]
    assert list(h.source) == ["site-a", "paid", "paid"]
    np.testing.assert_allclose(h.score, [ONE_SIGNAL, 0.5, ONE_SIGNAL], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h.change, [1 / 54, -1 / 54, 1 / 54], rtol=0, atol=1e-12)
    np.testing.assert_allclose(h["contribution:authenticity"], 1 / 54, rtol=0, atol=1e-12)
    np.testing.assert_allclose(h["contribution:experts"], [0, -1 / 54, 0], rtol=0, atol=1e-12)
    # Contributions add up to score - baseline (0.5); the interval holds the score.
    np.testing.assert_allclose(h[contributions].sum(axis=1), h.score - 0.5, atol=1e-12)
    assert (h.lower < h.score).all() and (h.score < h.upper).all()
    assert h.time.dtype == np.float64 and h.score.dtype == np.float64


def test_history_of_a_removed_entity_and_at_times(tiny, flat):
    store, before, after = tiny
    h = store.history(flat, "beta")
    assert list(h.event) == ["added", "removed"] and list(h.factor) == ["values", None]
    assert before <= h.time[1] <= after
    assert np.isnan(h.value[1]) and np.isnan(h.signal_time[1]) and list(h.source) == ["", ""]
    np.testing.assert_allclose(h.score, [ONE_SIGNAL, 0.5], atol=1e-12)
    np.testing.assert_allclose(h.change, [1 / 54, -1 / 54], atol=1e-12)
    # At times: unix seconds and datetimes, in the order given; not explained.
    times = [T + DAY / 2, dt.datetime(2023, 11, 14, tzinfo=dt.timezone.utc), T + 2 * DAY]
    h = store.history(flat, "acme", times=times, explain=False)
    assert list(h.columns) == list(ts._history.COLUMNS)
    assert list(h.event) == ["at_time"] * 3 and list(h.factor) == [None] * 3
    assert list(h.time) == [T + DAY / 2, T - 80000, T + 2 * DAY]  # 2023-11-14T00:00:00Z
    np.testing.assert_allclose(h.score, [ONE_SIGNAL, 0.5, 0.5], atol=1e-12)
    assert (h.change == 0).all() and h.value.isna().all()
    one = store.history(flat, "acme", times=np.datetime64("2023-11-16T00:00:00"))
    assert len(one) == 1 and one.score[0] == pytest.approx(0.5, abs=1e-12)
    usual, wider = store.history(flat, "acme"), store.history(flat, "acme", confidence=0.99)
    assert (wider.upper - wider.lower > usual.upper - usual.lower).all()


def test_history_equals_plain_stores_of_the_live_signals(tmp_path):
    """Every row of a decaying model's history: the score of a plain store of
    the signals live at the row's time, as of that time."""
    model = ts.Model()
    rng = np.random.default_rng(5)
    n = 40
    batch = dict(
        entity=np.where(rng.random(n) < 0.7, "acme", "other"),
        factor=rng.integers(0, 9, n).astype(np.int32),
        value=rng.integers(0, 5, n) / 4.0,
        weight=0.5 + rng.random(n),
        time=T + np.sort(rng.random(n)) * 60 * DAY,
    )
    sources = np.where(rng.random(n) < 0.3, "paid", "site").tolist()
    with ts.EvidenceStore.open(tmp_path / "s", model, durability="none", keep_history=True) as s:
        s.add(**batch, source=sources)
        h = s.history(model, "acme")
        assert list(h.event) == ["added"] * int((batch["entity"] == "acme").sum())
        for row in h.itertuples():
            live = (batch["entity"] == "acme") & (batch["time"] <= row.time)
            plain = ts.EvidenceStore(model)
            plain.add(**{k: v[live] for k, v in batch.items()})
            want = plain.score(model, entities=["acme"], as_of=row.time, explain=True)
            assert row.score == pytest.approx(want.score[0], abs=1e-12)
            assert row.lower == pytest.approx(want.lower[0], abs=1e-12)
            assert row.upper == pytest.approx(want.upper[0], abs=1e-12)
            got = h.loc[row.Index, [f"contribution:{f}" for f in s.factors]].to_numpy(float)
            np.testing.assert_allclose(got, want.contributions[0], rtol=0, atol=1e-12)
        # The paid signals go; the history then ends in their retractions.
        assert s.retract_source("paid", durability="sync") == sources.count("paid")
        after = s.history(model, "acme")
        paid = sum(1 for e, src in zip(batch["entity"], sources) if e == "acme" and src == "paid")
        assert (after.event == "retracted").sum() == paid
        np.testing.assert_allclose(after.score.iloc[len(h) - 1], h.score.iloc[-1], atol=1e-15)


def test_score_as_of_a_past_time(tiny, flat):
    store, before, after = tiny
    past = T + DAY / 2
    chosen = store.score(flat, entities=["acme", "nobody", "beta"], as_of=past, explain=True)
    assert isinstance(chosen, ts.ChosenScoreResult)
    np.testing.assert_allclose(chosen.score, [ONE_SIGNAL, 0.5, ONE_SIGNAL], atol=1e-12)
    assert list(chosen.index) == [0, -1, 1] and chosen.unknown_count == 1
    assert list(chosen.unknown) == [False, True, False]
    assert chosen.contributions[0, 0] == pytest.approx(1 / 54, abs=1e-12)
    by_index = store.score(flat, entities=[1, 0], as_of=past)
    assert list(by_index.index) == [1, 0] and by_index.unknown_count == 0
    np.testing.assert_allclose(by_index.score, [ONE_SIGNAL, ONE_SIGNAL], atol=1e-12)
    frame = store.score(flat, entities=["beta", "nobody"], as_of=past, as_frame=True)
    assert list(frame.index) == ["beta", "nobody"] and frame.attrs["unknown"] == ["nobody"]
    # At or after the newest signal the store's sums score, as on a plain
    # store: they hold the retraction recorded since (history() dates it).
    whole = store.score(flat, as_of=dt.datetime(2023, 11, 16, tzinfo=dt.timezone.utc))
    np.testing.assert_allclose(whole.score, [ONE_SIGNAL, 0.5], atol=1e-12)  # acme, beta
    frame = store.score(flat, as_of=past, as_frame=True)
    assert list(frame.index) == ["acme", "beta"]
    # Now (at or after the newest signal) the store's own sums score, as ever.
    now = store.score(flat, entities=["acme", "beta"])
    np.testing.assert_allclose(now.score, [ONE_SIGNAL, 0.5], atol=1e-12)
    later = store.score(flat, entities=["acme"], as_of=after + DAY)
    assert later.score[0] == pytest.approx(ONE_SIGNAL, abs=1e-12)


def test_a_plain_store_keeps_refusing_a_past_as_of(flat):
    plain = ts.EvidenceStore(flat)
    plain.add("acme", "authenticity", 1.0, time=T + DAY)
    with pytest.raises(ts.InvalidArgumentError, match="before the newest signal"):
        plain.score(flat, entities=["acme"], as_of=T)
    with pytest.raises(ts.InvalidArgumentError, match="before the newest signal"):
        plain.score(flat, as_of=T)
    with pytest.raises(ts.InvalidArgumentError, match="not journaled"):
        plain.history(flat, "acme")
    with pytest.raises(ts.InvalidArgumentError, match="not journaled"):
        plain.retract_source("paid")


def test_retract_source(tiny, flat):
    store, _, _ = tiny
    assert store.retract_source("paid") == 0  # taken back already
    assert store.retract_source("never-seen", durability="none") == 0
    assert store.score(flat, entities=["acme"]).score[0] == pytest.approx(ONE_SIGNAL, abs=1e-12)
    assert store.retract_source("site-a", durability="sync") == 1
    assert store.score(flat, entities=["acme"]).score[0] == pytest.approx(0.5, abs=1e-12)


def test_bad_arguments(tiny, flat, tmp_path):
    store, _, _ = tiny
    with pytest.raises(ts.InvalidArgumentError, match="'nobody' is not in the journals"):
        store.history(flat, "nobody")
    with pytest.raises(TypeError, match="entity must be an entity id"):
        store.history(flat, 3)
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        store.history("beta", "acme")
    with pytest.raises(ValueError, match="NUL"):
        store.history(flat, "ac\0me")
    with pytest.raises(ValueError, match="missing time"):
        store.history(flat, "acme", times=[T, None])
    with pytest.raises(TypeError, match=r"times\[1\] must be unix seconds"):
        store.history(flat, "acme", times=[T, "tomorrow"])
    with pytest.raises(ts.InvalidArgumentError, match="unknown profile 'nope'"):
        store.history(flat, "acme", profile="nope")
    with pytest.raises(ts.InvalidArgumentError, match="factors differ"):
        store.history(ts.Model.from_dict({"factors": [{"id": "speed"}]}), "acme")
    with pytest.raises(ts.InvalidArgumentError, match="the source is empty"):
        store.retract_source("")
    with pytest.raises(TypeError, match="source must be str"):
        store.retract_source(None)
    with pytest.raises(ts.InvalidArgumentError, match="durability must be"):
        store.retract_source("paid", durability="often")
    # Without keep_history a checkpoint removes the journals history reads.
    with ts.EvidenceStore.open(tmp_path / "unkept", flat) as unkept:
        unkept.add("acme", "authenticity", 1.0, time=T, source="site-a")
        assert len(unkept.history(flat, "acme")) == 1
        unkept.add("acme", "authenticity", 1.0, time=T + DAY)
        unkept.checkpoint()
        with pytest.raises(ts.InvalidArgumentError, match="keep_history"):
            unkept.history(flat, "acme")
        with pytest.raises(ts.InvalidArgumentError, match="keep_history"):
            unkept.score(flat, entities=["acme"], as_of=T)


def test_plot_history(tiny, flat, tmp_path):
    pytest.importorskip("matplotlib")
    import matplotlib.image

    store, _, _ = tiny
    png = ts.plot_history(store.history(flat, "acme"), tmp_path / "acme.png")
    with open(png, "rb") as f:
        assert f.read(8) == b"\x89PNG\r\n\x1a\n"
    image = matplotlib.image.imread(png)
    assert image.shape[:2] == (700, 900)  # two panels of 9 x 3.5 inches at 100 dpi
    assert image[..., :3].std() > 0.05  # something is drawn
    svg = ts.plot_history(
        store.history(flat, "acme", explain=False), tmp_path / "acme.svg", title="acme"
    )
    root = ET.parse(svg).getroot()
    assert root.tag.endswith("svg") and any(e.tag.endswith("path") for e in root.iter())
    assert "acme" in open(svg).read()
    with pytest.raises(ValueError, match=".png or .svg"):
        ts.plot_history(store.history(flat, "acme"), tmp_path / "x.jpg")
    with pytest.raises(ValueError, match="lacks the columns"):
        ts.plot_history(pd.DataFrame({"time": [T]}), tmp_path / "x.png")
    with pytest.raises(ValueError, match="no rows"):
        ts.plot_history(store.history(flat, "acme").iloc[:0], tmp_path / "x.png")
