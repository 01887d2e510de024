"""Journaled stores (EvidenceStore.open): a reopened store scores as the one
closed, with every writer journaled; the context manager closes; a torn tail
is cut off and reported; one open per directory; checkpoints; and every bad
argument an exception of trustscore's errors that leaves the store as it was."""

import glob
import os
import pickle

import numpy as np
import pandas as pd
import pytest

import trustscore as ts

T = 1_700_000_000.0
DAY = 86400.0


def signals(n_entities=20, n_signals=200, seed=3):
    rng = np.random.default_rng(seed)
    return dict(
        entity=[f"e{i}" for i in rng.integers(0, n_entities, n_signals)],
        factor=rng.integers(0, 9, n_signals).astype(np.int32),
        value=rng.integers(0, 5, n_signals) / 4.0,
        weight=rng.random(n_signals) * 3,
        time=T - rng.random(n_signals) * 30 * DAY,
    )


def same_scores(model, a, b):
    assert a.entities == b.entities
    x, y = a.score(model, explain=True), b.score(model, explain=True)
    for name in ("score", "lower", "upper", "contributions"):
        np.testing.assert_allclose(getattr(x, name), getattr(y, name), rtol=0, atol=1e-12)


def journal_file(directory):
    (path,) = glob.glob(os.path.join(directory, "journal-*.tsj"))
    return path


def test_a_reopened_store_equals_the_one_closed(tmp_path):
    model = ts.Model()
    directory = tmp_path / "store"
    plain = ts.EvidenceStore(model)
    batch = signals()
    store = ts.EvidenceStore.open(directory, model)
    assert store.journaled and not plain.journaled and plain.recovery is None
    assert store.recovery.journals == 0 and store.recovery.records == 0
    sources = [f"site{i % 3}" if i % 4 else None for i in range(200)]
    for target in (plain, store):
        target.add(**batch) if target is plain else target.add(**batch, source=sources)
        first = {k: v[0] for k, v in batch.items()}
        target.retract(first.pop("entity"), first.pop("factor"), first.pop("value"), **first)
        target.add(
            pd.DataFrame({"entity": ["x", "y"], "factor": "experts", "value": [1.0, 0.0]}),
            default_time=T,
        )
        target.remove_entity("e2")
        target.remove_entity(0)
    store.add(
        pd.DataFrame({"entity": ["z"], "factor": ["values"], "value": [0.75], "source": ["r"]}),
        default_time=T,
        durability="none",
    )
    plain.add("z", "values", 0.75, time=T)
    store.close()
    assert "closed" in repr(store)
    with pytest.raises(ValueError, match="closed"):
        store.score(model)

    again = ts.EvidenceStore.open(directory)  # existing: no model needed
    same_scores(model, plain, again)
    r = again.recovery
    assert isinstance(r, ts.Recovery) and not r.cut and r.cut_file is None
    assert r.journals == 1 and r.records == 6 and r.checkpoint.startswith(str(directory))
    assert r.signals == 200 + 1 + 2 + 1 + 1 + 1
    again.close()


def test_the_context_manager_closes(tmp_path):
    model = ts.Model()
    with ts.EvidenceStore.open(tmp_path / "s", model, durability="interval", interval_ms=5) as s:
        s.add(**signals(5, 20), source="bulk")
        n = len(s)
    with pytest.raises(ValueError, match="closed"):
        s.add("a", "experts", 1.0)
    # The directory is free again, and holds what was added.
    with ts.EvidenceStore.open(tmp_path / "s", model) as again:
        assert len(again) == n and again.recovery.records == 1
        copy = pickle.loads(pickle.dumps(again))  # a plain copy
        assert not copy.journaled
        same_scores(model, again, copy)


def test_a_torn_tail_is_cut_and_reported(tmp_path):
    model = ts.Model()
    directory = str(tmp_path / "torn")
    with ts.EvidenceStore.open(directory, model) as store:
        store.add(["a", "b"], "experts", [1.0, 0.5], time=T)
        store.add("c", "values", 1.0, time=T)
    path = journal_file(directory)
    size = os.path.getsize(path)
    os.truncate(path, size - 5)  # a crash in the middle of the last record

    with ts.EvidenceStore.open(directory) as store:
        r = store.recovery
        assert r.cut and r.cut_file == path and r.cut_records == 1
        assert r.records == 1 and r.signals == 2
        assert r.cut_bytes > 0 and r.cut_offset + r.cut_bytes == size - 5
        assert store.entities == ["a", "b"]  # c's record was cut
        store.add("c", "values", 1.0, time=T)
    with ts.EvidenceStore.open(directory) as store:
        assert not store.recovery.cut and store.entities == ["a", "b", "c"]


def test_a_second_open_of_a_directory_fails(tmp_path):
    model = ts.Model()
    with ts.EvidenceStore.open(tmp_path / "s", model) as store:
        with pytest.raises(ts.TrustscoreIOError, match="open in another process or handle"):
            ts.EvidenceStore.open(tmp_path / "s", model)
        with pytest.raises(OSError):  # TrustscoreIOError is an OSError
            ts.EvidenceStore.open(tmp_path / "s")
        store.add("a", "experts", 1.0)
    with ts.EvidenceStore.open(tmp_path / "s") as store:
        assert store.entities == ["a"]


def test_bad_durability_and_other_refusals(tmp_path):
    model = ts.Model()
    for bad in ("fast", "", 1, "SYNC"):
        with pytest.raises(ts.InvalidArgumentError, match="durability must be 'sync'"):
            ts.EvidenceStore.open(tmp_path / "s", model, durability=bad)
    with pytest.raises(ts.InvalidArgumentError, match="interval_ms"):
        ts.EvidenceStore.open(tmp_path / "s", model, durability="interval", interval_ms=0)
    with pytest.raises(TypeError, match="interval_ms"):
        ts.EvidenceStore.open(tmp_path / "s", model, interval_ms="5")
    with pytest.raises(TypeError, match="model"):
        ts.EvidenceStore.open(tmp_path / "s", "beta")
    with pytest.raises(ts.InvalidArgumentError, match="holds no journaled store"):
        os.mkdir(tmp_path / "empty")
        ts.EvidenceStore.open(tmp_path / "empty")
    custom = ts.Model.from_json('{"factors": [{"id": "speed", "weight": 1}]}')
    ts.EvidenceStore.open(tmp_path / "s", model).close()
    with pytest.raises(ts.InvalidArgumentError, match="other factors"):
        ts.EvidenceStore.open(tmp_path / "s", custom)

    with ts.EvidenceStore.open(tmp_path / "s", model) as store:
        store.add("a", "experts", 1.0, time=T)
        with pytest.raises(ts.InvalidArgumentError, match="durability must be"):
            store.add("b", "experts", 1.0, durability="later")
        with pytest.raises(ts.InvalidArgumentError, match="durability must be"):
            store.retract("a", "experts", 1.0, time=T, durability="always")
        with pytest.raises(ValueError, match="source has 1 elements, expected 2"):
            store.add(["b", "c"], "experts", 1.0, source=["s"])
        with pytest.raises(TypeError, match="source"):
            store.add("b", "experts", 1.0, source=3)
        with pytest.raises(ValueError, match="NUL"):
            store.add("b", "experts", 1.0, source="a\0b")
        with pytest.raises(ts.InvalidArgumentError, match="signal 0"):
            store.add("b", "experts", 2.0, source="s")  # value outside [0, 1]
        assert store.entities == ["a"]
    with ts.EvidenceStore.open(tmp_path / "s") as store:
        assert store.recovery.records == 1  # the refused calls left no record

    plain = ts.EvidenceStore(model)
    for call in (plain.checkpoint, plain.sync):
        with pytest.raises(ts.InvalidArgumentError, match="store is not journaled"):
            call()
    with pytest.raises(ts.InvalidArgumentError, match="store is not journaled"):
        plain.add("a", "experts", 1.0, source="s")
    with pytest.raises(ts.InvalidArgumentError, match="store is not journaled"):
        plain.retract("a", "experts", 1.0, time=T, durability="sync")
    assert len(plain) == 0
    plain.close()  # a plain store closes as before


def test_checkpoints_sync_and_keep_history(tmp_path):
    model = ts.Model()
    directory = tmp_path / "s"
    with ts.EvidenceStore.open(directory, model, durability="none") as store:
        store.add(**signals(10, 50))
        store.sync()
        store.checkpoint()
        store.add("late", "experts", 1.0, time=T)
        store.save(tmp_path / "copy.tss")  # a journaled store saves a copy
    assert len(glob.glob(str(directory / "journal-*"))) == 1
    with ts.EvidenceStore.open(directory) as store:
        assert store.recovery.records == 1 and "late" in store
        same_scores(model, store, ts.EvidenceStore.load(tmp_path / "copy.tss"))

    with ts.EvidenceStore.open(tmp_path / "h", model, keep_history=True) as store:
        store.add("a", "experts", 1.0)
        store.checkpoint()
    assert len(glob.glob(str(tmp_path / "h" / "journal-*"))) == 2


def test_a_journaled_csv_add_is_journaled(tmp_path):
    model = ts.Model()
    csv = tmp_path / "signals.csv"
    csv.write_text(
        "entity,factor,value,time,source\n"
        f"acme,experts,0.9,{T},site-a\n"
        f"acme,values,0.2,{T},\n"
        f"bolt,experts,0.4,{T},site-b\n"
    )
    plain = ts.EvidenceStore(model)
    plain.add_csv(csv)
    with ts.EvidenceStore.open(tmp_path / "s", model) as store:
        assert store.add_csv(csv).added == 3
        with pytest.raises(ts.BadFormatError, match="bad.csv:2: column 2 .factor.: unknown factor"):
            (tmp_path / "bad.csv").write_text("entity,factor,value\nx,nope,1\n")
            store.add_csv(tmp_path / "bad.csv")
    with ts.EvidenceStore.open(tmp_path / "s") as store:
        assert store.recovery.records == 1 and store.recovery.signals == 3
        same_scores(model, plain, store)
