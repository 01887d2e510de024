"""trustscore.dask reading files with the library's reader, on the
synchronous scheduler: blocks cut at line ends give the scores of whole
files, errors name the line in the file (not in the block), a quoted line
break across a block's end fails with a hint, score() of read_csv's frame
reads the blocks in its own tasks (no dask shuffle, the model once), and
entities whose id hashes collide are still told apart."""

import numpy as np
import pandas as pd
import pytest

import trustscore as ts
import trustscore.dask as tsd
from trustscore import _dask_csv

from test_dask import assert_same, single_process, write_signal_files


def sync(collection):
    return collection.compute(scheduler="sync")


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signals")
    write_signal_files(folder, entities=800, files=3, seed=5)
    return folder


def test_read_csv_partitions_are_the_readers_columns(folder):
    model = ts.Model()
    signals = tsd.read_csv(folder, blocksize=10_000)
    assert list(signals.columns) == ["entity", "factor", "value", "weight", "time"]
    got = sync(signals)
    want = pd.concat([ts.read_csv(p, model) for p in sorted(folder.glob("*.csv"))])
    assert len(got) == len(want) == 6400
    assert list(got["entity"].astype(object)) == list(want["entity"].astype(object))
    assert list(got["factor"].astype(object)) == list(want["factor"].astype(object))
    for column in ("value", "weight", "time"):
        assert np.array_equal(got[column], want[column], equal_nan=True)


@pytest.mark.parametrize("blocksize, buckets", [(None, 1), (7_000, 3), (25_000, 2)])
def test_blocks_and_buckets_equal_one_process(folder, blocksize, buckets):
    model = ts.Model("wilson")
    signals = tsd.read_csv(folder, blocksize=blocksize)
    got = sync(tsd.score(signals, model, explain=True, npartitions=buckets))
    assert_same(got, single_process(folder, model, explain=True))
    # The same frame through anything else (here a map over its partitions)
    # takes the general path: shuffled by dask, the same scores.
    mapped = signals.map_partitions(lambda f: f, meta=signals._meta)
    assert_same(sync(tsd.score(mapped, model, npartitions=2)), single_process(folder, model))


def test_score_reads_the_blocks_itself_and_the_model_travels_once(folder):
    model = ts.Model.from_dict({"factors": [{"id": "innovation", "weight": 2}]})
    signals = tsd.read_csv(folder, blocksize=20_000)
    scores = tsd.score(signals, model, npartitions=4)
    graph = dict(scores.__dask_graph__())
    blobs = [v for k, v in graph.items() if str(k).startswith("trustscore-model-")]
    assert blobs == [model.to_bytes()]
    assert not any(isinstance(v, ts.Model) for v in graph.values())
    names = {str(k[0] if isinstance(k, tuple) else k) for k in graph}
    assert not any("shuffle" in n for n in names)
    splits = [n for n in names if n.startswith("split_block-")]
    assert len(splits) == signals.npartitions
    assert sync(scores).shape == (800, 3)


def test_colliding_id_hashes_are_told_apart(folder, monkeypatch):
    # Every id hashes alike: one bucket, and the join by hash would make one
    # entity of all; the store's count shows it, and the ids are compared.
    monkeypatch.setattr(
        _dask_csv, "id_hashes", lambda data, offsets: np.zeros(len(offsets) - 1, np.uint64)
    )
    model = ts.Model()
    got = sync(tsd.score(tsd.read_csv(folder, blocksize=9_000), model, npartitions=3))
    assert_same(got, single_process(folder, model))


def test_id_hashes_are_of_the_bytes():
    ids = [b"a", b"ab", b"ba", b"\xc3\xa9t\xc3\xa9", b"a" * 40, b"b"]
    offsets = np.cumsum([0] + [len(i) for i in ids])
    h = _dask_csv.id_hashes(b"".join(ids), offsets)
    assert len(set(h.tolist())) == len(ids)
    again = _dask_csv.id_hashes(b"xx" + b"".join(ids[2:4]), np.array([0, 2, 4, 9]))
    assert again[1] == h[2] and again[2] == h[3]  # the same id, the same hash anywhere


def test_block_errors_name_the_line_in_the_file(tmp_path):
    rows = [f"e{i},experts,0.5,1,1750000000" for i in range(3000)]
    rows[2500] = "e2500,experts,high,1,1750000000"
    path = tmp_path / "big.csv"
    path.write_text("entity,factor,value,weight,time\n" + "\n".join(rows) + "\n")
    signals = tsd.read_csv(path, blocksize=8_000)
    assert signals.npartitions > 5
    # Line 1 is the header: row 2500 is on line 2502.
    with pytest.raises(ts.BadFormatError, match=r"big\.csv:2502: column 3 \(value\): 'high'"):
        sync(signals)
    with pytest.raises(ts.BadFormatError, match=r"big\.csv:2502: column 3 \(value\)"):
        sync(tsd.score(signals, ts.Model()))


def test_a_quoted_line_break_across_blocks_asks_for_whole_files(tmp_path):
    rows = [f"e{i},experts,0.5,1,1750000000" for i in range(2000)]
    rows[700] = '"two\nlines",experts,0.5,1,1750000000'
    path = tmp_path / "quoted.csv"
    path.write_text("entity,factor,value,weight,time\n" + "\n".join(rows) + "\n")
    # A block boundary inside the quoted field: offset of its line break.
    cut = path.read_bytes().index(b"two\n") + 1
    signals = tsd.read_csv(path, blocksize=cut)
    with pytest.raises(ts.BadFormatError, match=r"never closed.*blocksize=None"):
        sync(signals)
    whole = sync(tsd.read_csv(path, blocksize=None))
    assert "two\nlines" in set(whole["entity"].astype(object))
    model = ts.Model()
    assert_same(
        sync(tsd.score(tsd.read_csv(path, blocksize=None), model)), single_process(tmp_path, model)
    )


def test_read_csv_arguments(tmp_path, folder):
    with pytest.raises(TypeError, match="takes no \\['sep'\\]"):
        tsd.read_csv(folder, sep=";")
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        tsd.read_csv(folder, model="beta")
    with pytest.raises(FileNotFoundError, match="no files match"):
        tsd.read_csv(str(tmp_path / "none-*.csv"))
    with pytest.raises(ValueError, match="blocksize must be >= 1"):
        tsd.read_csv(folder, blocksize=0)
    # Custom factors: read with their model, or scored with it straight away.
    (tmp_path / "custom.csv").write_text("entity,factor,value,time\na,innovation,1,1750000000\n")
    model = ts.Model.from_dict({"factors": [{"id": "innovation", "weight": 2}]})
    with pytest.raises(ts.BadFormatError, match="unknown factor 'innovation'"):
        sync(tsd.read_csv(tmp_path / "custom.csv"))
    frame = sync(tsd.read_csv(tmp_path / "custom.csv", model=model))
    assert list(frame["factor"].astype(object)) == ["innovation"]
    got = sync(tsd.score(tsd.read_csv(tmp_path / "custom.csv"), model))
    assert list(got.index) == ["a"]
    # Signals without a time need default_time, found by the block tasks.
    (tmp_path / "undated.csv").write_text("entity,factor,value\na,experts,1\n")
    with pytest.raises(ValueError, match="1 signals have no time: give default_time"):
        sync(tsd.score(tsd.read_csv(tmp_path / "undated.csv"), ts.Model()))
    dated = sync(tsd.score(tsd.read_csv(tmp_path / "undated.csv"), ts.Model(), default_time=1.7e9))
    assert list(dated.index) == ["a"]
