"""Saving and loading from Python: files, bytes and pickle give the same
scores to the bit; bad inputs raise the trustscore error naming the problem."""

import pickle

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
