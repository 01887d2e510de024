"""trustscore.read_csv and EvidenceStore.add_csv's options: the library's
reader gives the columns pandas.read_csv plus conversion gives, ids of every
kind (non-ASCII, long, number-like) come back as written, threads and block
sizes never change a result, and bad input raises with file and line (bytes
named as the caller says)."""

import io

import numpy as np
import pandas as pd
import pytest

import trustscore as ts
from trustscore._csv import decode_ids

T = 1_750_000_000.0
FACTORS = ts.Model().factors


def generated_csv(n=5000, entities=700, seed=3):
    """CSV text of n signals (weights sometimes empty, times as unix seconds
    or empty), and the frame pandas gives for it."""
    rng = np.random.default_rng(seed)
    ids = np.array([f"e{i:04d}" for i in range(entities)], dtype=object)
    ids[:4] = ["été", "007", "NA", "a, b"]  # non-ASCII, number-like, NA, quoted
    frame = pd.DataFrame(
        {
            "entity": ids[rng.integers(0, entities, n)],
            "factor": np.array(FACTORS)[rng.integers(0, len(FACTORS), n)],
            "value": rng.integers(0, 9, n) / 8,
            "weight": np.round(rng.random(n) * 3, 3),
            "time": T - np.floor(rng.random(n) * 1e7),
        }
    )
    frame.loc[rng.random(n) < 0.1, "weight"] = np.nan
    frame.loc[rng.random(n) < 0.1, "time"] = np.nan
    text = frame.to_csv(index=False).encode("utf-8")
    return text, frame


def pandas_reference(text):
    """pandas.read_csv of the text with the conversions trustscore makes."""
    frame = pd.read_csv(
        io.BytesIO(text), dtype={"entity": str, "factor": str}, keep_default_na=False
    )
    frame["weight"] = pd.to_numeric(frame["weight"].replace("", np.nan)).fillna(1.0)
    frame["time"] = pd.to_numeric(frame["time"].replace("", np.nan)).astype(np.float64)
    return frame


def test_read_csv_equals_pandas_read_csv(tmp_path):
    text, _ = generated_csv()
    want = pandas_reference(text)
    path = tmp_path / "signals.csv"
    path.write_bytes(text)
    model = ts.Model()
    for source in (path, str(path), text, bytearray(text), memoryview(text)):
        got = ts.read_csv(source, model, lines=True)
        assert isinstance(got["entity"].dtype, pd.CategoricalDtype)
        assert list(got["entity"].astype(object)) == list(want["entity"])
        assert list(got["factor"].astype(object)) == list(want["factor"])
        assert list(got["factor"].cat.categories) == FACTORS  # codes are factor indices
        assert np.array_equal(got["factor"].cat.codes, [FACTORS.index(f) for f in want["factor"]])
        for column in ("value", "weight", "time"):
            assert np.array_equal(got[column], want[column], equal_nan=True), column
        assert (got["credibility"] == 1).all()
        assert np.array_equal(got["line"], np.arange(2, len(want) + 2))
        assert got.attrs == {"rows": len(want), "skipped": 0}
    # Categories in order of first appearance, each id once.
    categories = list(got["entity"].cat.categories)
    assert categories == list(dict.fromkeys(want["entity"]))


@pytest.mark.parametrize("threads, block_bytes", [(1, 1000), (2, 4096), (0, None)])
def test_threads_and_blocks_change_nothing(tmp_path, threads, block_bytes):
    text, _ = generated_csv(seed=threads + 7)
    path = tmp_path / "signals.csv"
    path.write_bytes(text)
    model = ts.Model()
    want = ts.read_csv(path, model)
    got = ts.read_csv(path, model, threads=threads, block_bytes=block_bytes)
    pd.testing.assert_frame_equal(got, want)
    one = ts.EvidenceStore(model)
    assert one.add_csv(path, default_time=T) == (len(want), 0)
    other = ts.EvidenceStore(model)
    report = other.add_csv(path, default_time=T, threads=threads, block_bytes=block_bytes)
    assert report == (len(want), 0)
    assert other.entities == one.entities
    a, b = one.score(model, as_of=T), other.score(model, as_of=T)
    assert np.array_equal(a.score, b.score) and np.array_equal(a.lower, b.lower)


def test_decode_ids_without_a_loop_equals_slicing():
    ids = ["a", "été", "東京", "x" * 300, "007", "a b", "😀z"]
    data = "".join(ids).encode("utf-8")
    offsets = np.cumsum([0] + [len(i.encode("utf-8")) for i in ids])
    got = decode_ids(data, offsets)
    assert got.dtype == object and list(got) == ids
    ascii_ids = ["m1", "m22", "m333"]
    got = decode_ids("".join(ascii_ids).encode(), np.cumsum([0, 2, 3, 4]))
    assert list(got) == ascii_ids and all(type(i) is str for i in got)
    # One very long id among many short ones: sliced, same result.
    many = [f"k{i}" for i in range(40000)] + ["L" * 5000]
    offsets = np.cumsum([0] + [len(i) for i in many])
    assert list(decode_ids("".join(many).encode(), offsets)) == many
    assert len(decode_ids(b"", np.zeros(1, dtype=np.int64))) == 0


def test_bad_input_names_file_and_line(tmp_path):
    model = ts.Model()
    path = tmp_path / "bad.csv"
    path.write_text("entity,factor,value\na,experts,1\nb,experts,high\n")
    with pytest.raises(ts.BadFormatError, match=r"bad\.csv:3: column 3 \(value\): 'high'"):
        ts.read_csv(path, model)
    with pytest.raises(ValueError, match=r"<bytes>:3: column 3 \(value\)"):
        ts.read_csv(path.read_bytes(), model)
    with pytest.raises(ValueError, match=r"upload-17:2: column 2 \(factor\): unknown factor"):
        ts.read_csv(b"entity,factor,value\na,vibes,1\n", model, name="upload-17")
    frame = ts.read_csv(path, model, skip_bad_rows=True)
    assert list(frame["entity"].astype(object)) == ["a"]
    assert frame.attrs == {"rows": 2, "skipped": 1}
    with pytest.raises(ts.TrustscoreIOError, match="cannot open"):
        ts.read_csv(tmp_path / "missing.csv", model)
    with pytest.raises(ts.TrustscoreIOError, match="is a directory"):
        ts.read_csv(tmp_path, model)
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        ts.read_csv(path, "beta")
    with pytest.raises(TypeError, match="source must be a path or the CSV text"):
        ts.read_csv(["a,b"], model)
    with pytest.raises(TypeError, match="name is for bytes"):
        ts.read_csv(path, model, name="x")
    with pytest.raises(TypeError, match="threads must be an int"):
        ts.read_csv(path, model, threads=1.5)
    with pytest.raises(ts.InvalidArgumentError):
        ts.read_csv(path, model, threads=-1)
    with pytest.raises(ts.InvalidArgumentError):
        ts.EvidenceStore(model).add_csv(path, block_bytes=0)
    empty = ts.read_csv(b"entity,factor,value\n", model)
    assert len(empty) == 0 and list(empty.columns)[:3] == ["entity", "factor", "value"]
