"""Ids reach C as one table (trustscore._id_table): every input kind gives
the store, scores and look-ups that the same ids as a list of str give, and
every bad id is a clear error."""

import numpy as np
import pandas as pd
import pytest

import trustscore as ts
from trustscore._id_table import id_table

T = 1_700_000_000.0
IDS = ["alpha", "beta", "gamma", "beta", "caf\u00e9", "alpha", "\u65e5\u672c", "beta"]


def kinds(ids):
    """The same ids in every form add() and score() take."""
    u = np.array(ids)
    return {
        "list": list(ids),
        "tuple": tuple(ids),
        "numpy U": u,
        "numpy S": np.array([i.encode("utf-8") for i in ids]),
        "object array": np.array(ids, dtype=object),
        "object Series": pd.Series(ids, dtype=object),
        "string Series": pd.Series(ids, dtype="string"),
        "categorical": pd.Series(pd.Categorical(ids)),
        "categorical unused": pd.Series(pd.Categorical(ids, categories=sorted(set(ids)) + ["z"])),
        "Index": pd.Index(ids),
        "ascii U": np.array([i for i in ids if i.isascii()] * 2),
    }


def signals(n):
    rng = np.random.default_rng(n)
    return rng.integers(0, 9, n).astype(np.int32), rng.random(n), T - rng.random(n) * 1e6


@pytest.mark.parametrize("kind", sorted(kinds(IDS)))
def test_every_kind_equals_a_list_of_str(kind):
    model = ts.Model()
    entities = kinds(IDS)[kind]
    as_list = [e.decode() if isinstance(e, bytes) else str(e) for e in list(entities)]
    factor, value, time = signals(len(as_list))
    want, got = ts.EvidenceStore(model), ts.EvidenceStore(model)
    want.add(as_list, factor, value, time=time)
    got.add(entities, factor, value, time=time)
    assert got.entities == want.entities
    for a, b in zip(want.score(model, explain=True), got.score(model, explain=True)):
        assert np.array_equal(a, b)
    chosen = got.score(model, entities=entities)
    assert np.array_equal(chosen.index, [want.entity_index(e) for e in as_list])
    got.retract(entities, factor, value, time=time)
    assert np.array_equal(got.score(model).score, np.full(len(got), got.score(model).baseline))


def test_ids_the_store_lacks_score_as_unknown():
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(["a", "b"], "experts", 1.0, time=T)
    r = store.score(model, entities=pd.Series(pd.Categorical(["b", "x", "b"])))
    assert r.index.tolist() == [1, -1, 1] and r.unknown_count == 1
    frame = store.score(model, entities=np.array(["x", "a"]), as_frame=True)
    assert list(frame.index) == ["x", "a"] and frame.attrs["unknown"] == ["x"]


@pytest.mark.parametrize(
    "entity, error, match",
    [
        (["a", 3], TypeError, r"entity\[1\] is int; ids must all be str"),
        (np.array(["a", None], dtype=object), TypeError, r"entity\[1\] is NoneType"),
        (pd.Series(["a", None], dtype="string"), TypeError, r"entity\[1\] is NAType"),
        (pd.Series(pd.Categorical(["a", None])), TypeError, r"entity\[1\] is missing"),
        (["a", "b\0c"], ValueError, r"entity\[1\] contains a NUL character"),
        (np.array(["a", "b\0c"]), ValueError, r"entity\[1\] contains a NUL character"),
        (np.array(["\u00e9", "b\0c"]), ValueError, r"entity\[1\] contains a NUL character"),
        (["a", ""], ts.InvalidArgumentError, "entities: id 1: entity id is empty"),
        (np.array(["a", ""]), ts.InvalidArgumentError, "entity id is empty"),
        (pd.Series(pd.Categorical(["a"], categories=["", "a"])), ts.InvalidArgumentError, "empty"),
        (np.array([b"\xff\xfe", b"a"]), ts.InvalidArgumentError, "is not valid UTF-8"),
    ],
)
def test_bad_ids_are_clear_errors_and_change_nothing(entity, error, match):
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add("kept", "experts", 1.0, time=T)
    with pytest.raises(error, match=match):
        store.add(entity, "experts", 1.0, time=T)
    assert store.entities == ["kept"]


def test_the_table_is_the_ids_bytes_and_offsets():
    for ids in (["ab", "c", "\u00e9"], np.array(["ab", "c", "\u00e9"]), np.array(["ab", "c"])):
        table, keep = id_table(ids, "x")
        data, offsets = keep[0], keep[1]
        assert table.count == len(ids) and table.codes is None
        joined = "".join(list(ids)).encode("utf-8")
        assert bytes(data) == joined and offsets.tolist()[-1] == len(joined)
    table, keep = id_table(pd.Series(pd.Categorical(["b", "a", "b"])), "x")
    assert table.count == 2 and keep[-1].tolist() == [1, 0, 1]


def test_journaled_adds_with_sources_and_history_by_table(tmp_path):
    model = ts.Model()
    with ts.EvidenceStore.open(tmp_path / "s", model, durability="none") as store:
        ids = pd.Series(pd.Categorical(["a", "b", "a"]))
        store.add(ids, "experts", [1.0, 0.0, 1.0], time=[T, T, T + 10], source=["r", None, "r"])
        assert store.retract_source("r") == 2
        past = store.score(model, entities=np.array(["a", "b"]), as_of=T + 5)
        assert past.unknown_count == 0 and past.index.tolist() == [0, 1]


def test_graphs_from_string_ids_keep_sorted_nodes():
    r = ts.eigentrust(np.array(["b", "a", "c"]), pd.Series(["a", "c", "b"]), [1.0, 1.0, 1.0])
    assert list(r.nodes) == ["a", "b", "c"]
