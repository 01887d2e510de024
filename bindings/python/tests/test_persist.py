"""Saving and loading from Python: files, bytes and pickle give the same
scores to the bit; bad inputs raise the trustscore error naming the problem."""

import os
import pickle
import pickletools

import numpy as np
import pytest

import trustscore as ts


def sample():
    model = ts.Model.from_dict(
        {
            "kind": "dirichlet",
            "parameters": {"levels": 3},
            "factors": [{"id": "innovation", "description": "New products", "weight": 2}],
        }
    )
    store = ts.EvidenceStore(model)
    rng = np.random.default_rng(5)
    n = 500
    store.add(
        [f"m{i % 60}" for i in range(n)],
        rng.integers(0, 10, n),
        rng.random(n),
        weight=rng.random(n) * 3,
        time=1.7e9 + rng.random(n) * 3e7,
    )
    return model, store


def same(model, a, b):
    x, y = a.score(model, explain=True), b.score(model, explain=True)
    for name in ("score", "lower", "upper", "contributions", "gains"):
        assert getattr(x, name).tobytes() == getattr(y, name).tobytes(), name
    assert a.entities == b.entities and a.factors == b.factors


@pytest.mark.parametrize("archive", ["binary", "text", "xml"])
def test_files_round_trip(tmp_path, archive):
    model, store = sample()
    store.save(tmp_path / "store.tsf", archive=archive)
    model.save(str(tmp_path / "model.tsf"), archive=archive)
    back_model = ts.Model.load(tmp_path / "model.tsf")
    assert back_model == model and back_model.kind == "dirichlet"
    same(model, store, ts.EvidenceStore.load(tmp_path / "store.tsf"))
    info = ts.inspect(tmp_path / "store.tsf")
    assert info["content"] == "store" and info["archive"] == archive and info["version"] == 1


def test_bytes_and_pickle():
    model, store = sample()
    same(model, store, ts.EvidenceStore.from_bytes(store.to_bytes()))
    same(model, store, pickle.loads(pickle.dumps(store)))
    assert pickle.loads(pickle.dumps(model)) == model
    assert ts.Model.from_bytes(bytearray(model.to_bytes("xml"))) == model
    assert ts.inspect(model.to_bytes())["content"] == "model"
    # A loaded store takes signals like any other.
    back = pickle.loads(pickle.dumps(store))
    back.add(["newcomer"], ["experts"], [1.0])
    assert "newcomer" in back and len(back) == len(store) + 1


def test_bad_inputs_raise(tmp_path):
    model, store = sample()
    data = store.to_bytes()
    with pytest.raises(ts.BadFormatError, match="truncated"):
        ts.EvidenceStore.from_bytes(data[:-1])
    flipped = bytearray(data)
    flipped[len(data) // 2] ^= 0x04
    with pytest.raises(ts.BadFormatError, match="checksum"):
        ts.EvidenceStore.from_bytes(flipped)
    with pytest.raises(ts.BadFormatError, match="empty"):
        ts.Model.from_bytes(b"")
    with pytest.raises(ts.BadFormatError, match="holds an evidence store, not a model"):
        ts.Model.from_bytes(data)
    with pytest.raises(ts.TrustscoreIOError, match="missing.tsf"):
        ts.EvidenceStore.load(tmp_path / "missing.tsf")
    with pytest.raises(ts.TrustscoreIOError):
        store.save(tmp_path / "no-dir" / "x.tsf")
    with pytest.raises(ValueError, match="archive"):
        store.save(tmp_path / "x.tsf", archive="json")
    with pytest.raises(TypeError, match="path"):
        model.save(42)
    with pytest.raises(TypeError, match="bytes-like"):
        ts.Model.from_bytes("not bytes")
    with pytest.raises(ts.BadFormatError, match="magic"):
        ts.inspect(b"PK\x03\x04 not ours")
    same(model, store, ts.EvidenceStore.from_bytes(data))  # still fine after all that


DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), "data")


def test_pickles_name_the_package_not_the_defining_module():
    model, store = sample()
    result = store.score(model, explain=True)
    for obj in (model, store, result, ts.CsvReport(3, 1)):
        modules = {
            arg.split(" ")[0]
            for op, arg, _ in pickletools.genops(pickle.dumps(obj, protocol=2))
            if op.name == "GLOBAL"
        }
        assert "trustscore" in modules and not any(m.startswith("trustscore.") for m in modules), (
            type(obj),
            modules,
        )
        back = pickle.loads(pickle.dumps(obj))
        assert type(back) is type(obj)


def test_pickles_made_before_the_split_of_core_still_load():
    # Made by the package when Model, EvidenceStore, ScoreResult and CsvReport
    # lived in trustscore._core (which these pickles name): a wilson model, a
    # store of three signals of a and b, its explained scores and a CsvReport(3, 1).
    with open(os.path.join(DATA, "before_split.pickle"), "rb") as f:
        data = f.read()
    assert b"trustscore._core" in data
    model, store, result, report = pickle.loads(data)
    assert isinstance(model, ts.Model) and model.kind == "wilson"
    assert isinstance(store, ts.EvidenceStore) and store.entities == ["a", "b"]
    assert isinstance(result, ts.ScoreResult) and isinstance(report, ts.CsvReport)
    assert report == (3, 1) and report.added == 3
    again = store.score(model, explain=True)
    for name in ("score", "lower", "upper", "contributions", "gains", "best_lever"):
        assert getattr(again, name).tobytes() == getattr(result, name).tobytes(), name
    assert again.baseline == result.baseline
