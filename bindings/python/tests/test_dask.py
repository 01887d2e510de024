"""trustscore.dask on a distributed.LocalCluster of two worker processes: the
scores of a folder of signal files equal single-process scoring of the same
files to 1e-12, with and without contributions, and still do when a worker
process is killed in the middle of the job. Bad input raises before anything
is computed where it can be known from the frame's columns."""

import os
import signal
import subprocess
import sys

import dask
import dask.dataframe as dd
import numpy as np
import pandas as pd
import pytest
from distributed import Client, LocalCluster

import trustscore as ts
import trustscore.dask as tsd

T = 1_750_000_000.0  # the newest signal of the generated files
DAY = 86400.0
FACTORS = ts.Model().factors


def write_signal_files(folder, entities=3000, files=6, seed=11):
    """About 8 signals per entity over `files` CSV files, an entity's signals
    spread over several files: times as unix seconds in some files and
    ISO-8601 in others, some weights left empty (1), a source column."""
    rng = np.random.default_rng(seed)
    n = entities * 8
    ids = np.array([f"m{i:05d}" for i in range(entities)])
    entity = ids[rng.integers(0, entities, n)]
    entity[:entities] = ids  # every entity has a signal
    factor = np.array(FACTORS)[rng.integers(0, len(FACTORS), n)]
    value = rng.integers(0, 5, n) / 4
    weight = np.round(rng.random(n) * 3, 3).astype(str)
    weight[rng.random(n) < 0.1] = ""
    time = T - np.floor(rng.random(n) * 800 * DAY)
    time[0] = T
    source = np.array([f"koc:u{i}" for i in rng.integers(0, 500, n)])
    folder.mkdir(exist_ok=True)
    for k, rows in enumerate(np.array_split(rng.permutation(n), files)):
        frame = pd.DataFrame(
            {
                "entity": entity[rows],
                "factor": factor[rows],
                "value": value[rows],
                "weight": weight[rows],
                "time": time[rows],
                "source": source[rows],
            }
        )
        if k % 2:
            frame["time"] = pd.to_datetime(frame["time"], unit="s").dt.strftime(
                "%Y-%m-%dT%H:%M:%SZ"
            )
        else:
            frame["time"] = frame["time"].map(lambda t: f"{t:.0f}")
        frame.to_csv(folder / f"signals-{k}.csv", index=False)
    return n


def single_process(folder, model, **options):
    """The reference: every file through the C reader into one store."""
    store = ts.EvidenceStore(model)
    for path in sorted(folder.glob("*.csv")):
        store.add_csv(path)
    return store.score(model, as_frame=True, **options)


def assert_same(got, want, tolerance=1e-12):
    """Equal frames to `tolerance`, rows matched by entity id."""
    assert got.index.is_unique and len(got) == len(want)
    assert set(got.index) == set(want.index)
    assert list(got.columns) == list(want.columns)
    got = got.loc[want.index]
    numbers = [c for c in want.columns if c != "best_lever"]
    a, b = got[numbers].to_numpy(), want[numbers].to_numpy()
    assert np.array_equal(np.isnan(a), np.isnan(b))
    assert np.nanmax(np.abs(a - b)) <= tolerance
    if "best_lever" in want.columns:
        # The best lever is an argmax over gains: where two factors' gains
        # tie (to rounding), either may win, and the sums run in another order
        # here. Elsewhere it must be the same factor.
        gains = [f"gain:{f}" for f in FACTORS]
        g = want[gains].to_numpy()
        differs = (got["best_lever"] != want["best_lever"]).to_numpy()
        for row in np.flatnonzero(differs):
            chosen = got["best_lever"].iloc[row]
            assert chosen is not None
            assert g[row].max() - g[row][FACTORS.index(chosen)] <= tolerance


@pytest.fixture(scope="module")
def signal_folder(tmp_path_factory):
    folder = tmp_path_factory.mktemp("signals")
    write_signal_files(folder)
    return folder


@pytest.fixture(scope="module")
def client():
    # No memory limit: a worker is never paused or restarted for memory, so
    # the only worker death in these tests is the one the kill test causes.
    # Worker processes inherit this process's environment (TRUSTSCORE_LIBRARY,
    # set by conftest) and sys.path (multiprocessing's spawn passes it on).
    with dask.config.set({"distributed.scheduler.allowed-failures": 3}):
        cluster = LocalCluster(
            n_workers=2,
            processes=True,
            threads_per_worker=1,
            memory_limit=0,
            dashboard_address=":0",
        )
        # Not the default scheduler: the tests below without a cluster use the
        # synchronous one, and graphs must not depend on a client existing.
        client = Client(cluster, set_as_default=False)
        try:
            yield client
        finally:
            client.close()
            cluster.close()


def test_workers_load_the_same_library(client):
    client.wait_for_workers(2, timeout=60)

    def where():
        import trustscore

        return os.getpid(), trustscore.LIBRARY_PATH

    found = client.run(where)
    assert len(found) == 2
    for pid, path in found.values():
        assert pid != os.getpid()  # worker processes, not threads of this one
        assert path == ts.LIBRARY_PATH


@pytest.mark.parametrize("profile", [None, "consideration"])
def test_scores_equal_one_process(client, signal_folder, profile):
    client.wait_for_workers(2, timeout=60)
    model = ts.Model()
    signals = tsd.read_csv(signal_folder, blocksize=None)  # the folder's *.csv files
    assert signals.npartitions == 6
    scores = tsd.score(signals, model, profile=profile, npartitions=4)
    assert list(scores.columns) == ["score", "lower", "upper"]
    got = scores.compute(scheduler=client)
    assert len(got) == 3000
    assert_same(got, single_process(signal_folder, model, profile=profile))


def test_blocks_of_files_equal_one_process(client, signal_folder):
    # Files cut into blocks at line ends (each parsed with its file's header
    # in front), the signals of each block split by entity into 5 buckets.
    client.wait_for_workers(2, timeout=60)
    model = ts.Model()
    signals = tsd.read_csv(signal_folder, blocksize=40_000)
    assert signals.npartitions > 12
    scores = tsd.score(signals, model, explain=True, npartitions=5)
    assert scores.npartitions == 5
    assert_same(
        scores.compute(scheduler=client), single_process(signal_folder, model, explain=True)
    )


@pytest.mark.parametrize("kind", ["beta", "dirichlet", "wilson"])
def test_explained_scores_equal_one_process(client, signal_folder, kind):
    client.wait_for_workers(2, timeout=60)
    model = ts.Model(kind)
    signals = tsd.read_csv(str(signal_folder / "*.csv"), blocksize=None)
    got = tsd.score(signals, model, explain=True).compute(scheduler=client)
    want = single_process(signal_folder, model, explain=True)
    assert "contribution:experts" in got.columns and "gain:experts" in got.columns
    assert_same(got, want)


@pytest.mark.parametrize("stage", ["reading", "scored"])
def test_killed_worker_is_retried_and_result_complete(client, signal_folder, tmp_path, stage):
    client.wait_for_workers(2, timeout=60)
    model = ts.Model()
    marker = str(tmp_path / "killed")

    # Defined here so that cloudpickle ships it by value (workers need not
    # import this test module). The first time it runs, in whichever worker
    # gets it, it SIGKILLs that worker: the partitions held there (read
    # signals, shuffle pieces, scored partitions) are lost, Dask recomputes
    # them elsewhere and reruns this task, which then finds the marker.
    def kill_first_time(frame, partition_info=None):
        if partition_info is not None and partition_info["number"] == 1:
            try:
                fd = os.open(marker, os.O_CREAT | os.O_EXCL | os.O_WRONLY)
            except FileExistsError:
                return frame
            os.write(fd, str(os.getpid()).encode())
            os.close(fd)
            os.kill(os.getpid(), signal.SIGKILL)
        return frame

    signals = tsd.read_csv(str(signal_folder / "*.csv"), blocksize=None)
    if stage == "reading":  # before the shuffle and the newest-time reduction
        signals = signals.map_partitions(kill_first_time, meta=signals._meta)
    scores = tsd.score(signals, model, explain=True, npartitions=4)
    if stage == "scored":  # after scoring, while other partitions still score
        scores = scores.map_partitions(kill_first_time, meta=scores._meta)
    pids_before = set(client.run(os.getpid).values())
    got = scores.compute(scheduler=client)
    with open(marker) as f:
        killed = int(f.read())
    assert killed in pids_before
    client.wait_for_workers(2, timeout=60)  # the nanny starts a new worker process
    assert killed not in set(client.run(os.getpid).values())
    assert_same(got, single_process(signal_folder, model, explain=True))


# ---- Without a cluster: the synchronous scheduler ----------------------------------


def sync(collection):
    return collection.compute(scheduler="sync")


def frame(n=40):
    rng = np.random.default_rng(2)
    return pd.DataFrame(
        {
            "entity": [f"e{i % 13}" for i in range(n)],
            "factor": np.array(FACTORS)[rng.integers(0, 9, n)],
            "value": rng.random(n),
            "weight": rng.random(n) * 2,
            "time": T - rng.random(n) * 100 * DAY,
            "credibility": rng.random(n),
        }
    )


def test_dataframe_in_memory_with_missing_times_and_more_partitions_than_entities():
    df = frame()
    df.loc[::5, "time"] = np.nan
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(df, default_time=T - DAY)
    want = store.score(model, as_frame=True, explain=True)
    signals = dd.from_pandas(df, npartitions=3)
    # 20 partitions for 13 entities: some are empty.
    got = sync(tsd.score(signals, model, explain=True, default_time=T - DAY, npartitions=20))
    assert_same(got, want)
    # No time column: every signal at default_time, as one process does;
    # factors as a categorical column.
    store = ts.EvidenceStore(model)
    store.add(df.drop(columns="time"), default_time=T)
    df["factor"] = df["factor"].astype("category")
    got = sync(
        tsd.score(dd.from_pandas(df.drop(columns="time"), npartitions=2), model, default_time=T)
    )
    assert_same(got, store.score(model, as_frame=True))


def test_datetimes_and_an_explicit_as_of():
    df = frame()
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(df)
    want = store.score(model, as_of=T + 30 * DAY, as_frame=True)
    df["time"] = (
        pd.to_datetime(df["time"], unit="s").dt.tz_localize("UTC").dt.tz_convert("Asia/Tokyo")
    )
    df["factor"] = df["factor"].map(FACTORS.index)  # factor indices instead of ids
    got = sync(tsd.score(dd.from_pandas(df, npartitions=2), model, as_of=T + 30 * DAY))
    assert_same(got, want)


def test_nothing_is_computed_until_asked():
    def never(frame):
        raise AssertionError("computed too early")

    signals = dd.from_pandas(frame(), npartitions=2).map_partitions(never, meta=frame().iloc[:0])
    scores = tsd.score(signals, ts.Model("wilson"), explain=True)  # no error: nothing ran
    assert list(scores.columns[:4]) == ["score", "lower", "upper", "best_lever"]
    assert scores.index.name == "entity"
    with pytest.raises(AssertionError, match="too early"):
        sync(scores)


def test_model_travels_as_bytes():
    model = ts.Model.from_dict({"factors": [{"id": "innovation", "weight": 2}]})
    scores = tsd.score(dd.from_pandas(frame(), npartitions=2), model)
    graph = dict(scores.__dask_graph__())
    blobs = [v for k, v in graph.items() if str(k).startswith("trustscore-model-")]
    assert blobs == [model.to_bytes()]
    # No task carries the model object or its configuration.
    assert not any(isinstance(v, ts.Model) for v in graph.values())
    # Shuffled by tasks though no client is the default: dask alone would pick
    # its local-disk shuffle, which a cluster cannot run.
    names = {str(k[0] if isinstance(k, tuple) else k) for k in graph}
    assert any(n.startswith("simple-shuffle") for n in names)
    assert not any("partd" in n for n in names)
    assert sync(scores).shape == (13, 3)


def test_bad_input_raises(tmp_path):
    model = ts.Model()
    signals = dd.from_pandas(frame(), npartitions=2)
    with pytest.raises(TypeError, match="dask DataFrame.*from_pandas"):
        tsd.score(frame(), model)
    with pytest.raises(TypeError, match="trustscore.Model"):
        tsd.score(signals, model.to_json())
    with pytest.raises(ValueError, match=r"lack the columns \['value'\]"):
        tsd.score(signals.drop(columns="value"), model)
    with pytest.raises(ValueError, match=r"unknown columns \['stars'\]"):
        tsd.score(signals.assign(stars=1.0), model)
    with pytest.raises(TypeError, match="entity must be str ids"):
        tsd.score(signals.assign(entity=1), model)
    with pytest.raises(ValueError, match="no time column: give default_time"):
        tsd.score(signals.drop(columns="time"), model)
    with pytest.raises(ts.InvalidArgumentError, match="unknown profile 'nope'"):
        tsd.score(signals, model, profile="nope")
    with pytest.raises(TypeError, match="explain must be a bool"):
        tsd.score(signals, model, explain="yes")
    with pytest.raises(ValueError, match="npartitions must be >= 1"):
        tsd.score(signals, model, npartitions=0)
    with pytest.raises(TypeError, match="threads must be an int"):
        tsd.score(signals, model, threads=1.5)
    with pytest.raises(ts.InvalidArgumentError, match="confidence"):
        tsd.score(signals, model, confidence=1.5)
    with pytest.raises(TypeError, match="default_time"):
        tsd.score(signals, model, default_time="soon")
    # Known only from the data: raised when computed.
    undated = frame()
    undated.loc[3, "time"] = np.nan
    with pytest.raises(ValueError, match="1 signals have no time: give default_time"):
        sync(tsd.score(dd.from_pandas(undated, npartitions=2), model))
    with pytest.raises(ValueError, match="unknown factor id 'vibes'"):
        sync(tsd.score(signals.assign(factor="vibes"), model))
    with pytest.raises(ts.InvalidArgumentError, match="before the newest signal"):
        sync(tsd.score(signals, model, as_of=T - 365 * DAY))

    (tmp_path / "bad-header.csv").write_text("entity,factor,value,stars\na,experts,1,5\n")
    with pytest.raises(ValueError, match=r"unknown CSV columns \['stars'\]"):
        tsd.read_csv(str(tmp_path / "bad-header.csv"))
    (tmp_path / "no-value.csv").write_text("entity,factor\na,experts\n")
    with pytest.raises(ValueError, match=r"lacks the columns \['value'\]"):
        tsd.read_csv(str(tmp_path / "no-value.csv"))
    (tmp_path / "bad-time.csv").write_text("entity,factor,value,time\na,experts,1,yesterday\n")
    # The library's reader's messages: file, line, column (partitions are its blocks).
    with pytest.raises(
        ValueError, match=r"bad-time\.csv:2: column 4 \(time\): malformed time 'yesterday'"
    ):
        sync(tsd.read_csv(str(tmp_path / "bad-time.csv")))
    (tmp_path / "bad-value.csv").write_text("entity,factor,value\na,experts,high\n")
    with pytest.raises(
        ValueError, match=r"bad-value\.csv:2: column 3 \(value\): 'high' is not a number"
    ):
        sync(tsd.read_csv(str(tmp_path / "bad-value.csv")))
    with pytest.raises(TypeError, match="sets dtype itself"):
        tsd.read_csv(str(tmp_path / "bad-value.csv"), dtype=str)


def test_read_csv_reads_as_the_c_reader(tmp_path):
    # Ids that look like numbers or missing values stay ids; spaces around
    # fields go; empty weights are 1; times in both notations.
    (tmp_path / "a.csv").write_text(
        "entity, factor ,value,weight,time,source\n"
        "007,experts,1,,2025-06-15T16:00:00Z,\n"
        " NA ,values,0.25,2,1750003200,site:x\n"
        "null,experts,0.5,0.5,2025-06-15T16:00:00+02:00,koc:y\n"
    )
    signals = tsd.read_csv(str(tmp_path / "a.csv"))
    got = sync(signals)
    assert list(got["entity"]) == ["007", "NA", "null"]
    assert list(got["weight"]) == [1.0, 2.0, 0.5]
    assert list(got["time"]) == [1750003200.0, 1750003200.0, 1750003200.0 - 7200]
    model = ts.Model()
    assert_same(sync(tsd.score(signals, model)), single_process(tmp_path, model))


def guide_dask_block():
    repo = os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    with open(os.path.join(repo, "docs", "guide", "dask.md"), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index("# Scale out with Dask\n") :]
    start = section.index("```python\n") + len("```python\n")
    return repo, section[start : section.index("```", start)]


def test_guide_dask_example(tmp_path):
    # Run as a file, as users would: worker processes re-import it.
    repo, block = guide_dask_block()
    script = tmp_path / "dask_example.py"
    script.write_text(block)
    env = dict(os.environ)
    if os.environ.get("TRUSTSCORE_TEST_INSTALLED") != "1":
        env["PYTHONPATH"] = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    else:
        # The installed package on its own: client and worker processes alike
        # must find the library bundled in it.
        env.pop("TRUSTSCORE_LIBRARY", None)
    proc = subprocess.run(
        [sys.executable, str(script)],
        env=env,
        cwd=repo,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert proc.returncode == 0, proc.stderr
    rows = proc.stdout.splitlines()[-5:]
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add_csv(os.path.join(repo, "examples", "merchants.csv"))
    want = store.score(model, profile="decision", as_frame=True).sort_values(
        "score", ascending=False
    )
    assert [row.split()[0] for row in rows] == list(want.index[:5])
    for row, score in zip(rows, want["score"][:5]):
        assert abs(float(row.split()[1]) - score) < 1e-4  # printed to 6 digits


def test_evaluate_across_workers_equals_one_process(client):
    repo = os.path.dirname(
        os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    )
    signals = os.path.join(repo, "examples", "merchants.csv")
    outcomes = os.path.join(repo, "examples", "outcomes", "merchants_outcomes.csv")
    options = dict(folds=3, seed=2, attacks=["sybil", "smear"], attack_targets=2, attack_signals=10)
    models = ["beta", "logistic", "wilson"]
    got = tsd.evaluate(signals, outcomes, models=models, client=client, **options)
    want = ts.evaluate(signals, outcomes, models=models, **options)
    # The models, then the baselines once (each task computes them; the first task's are kept).
    assert list(got.index) == models + [
        "plain_mean",
        "bayes_7_at_3.5_stars",
        "bayes_7_at_global_mean",
        "global_mean",
    ]
    timing = ["entities_per_second"]
    pd.testing.assert_frame_equal(
        got.drop(columns=timing), want.drop(columns=timing), rtol=0, atol=1e-12
    )
    pd.testing.assert_frame_equal(got.attrs["attacks"], want.attrs["attacks"], rtol=0, atol=1e-12)
    assert [m["metrics"]["roc_auc"]["folds"] for m in got.attrs["report"]["models"]] == [
        m["metrics"]["roc_auc"]["folds"] for m in want.attrs["report"]["models"]
    ]
    with pytest.raises(ValueError, match="at least one model"):
        tsd.evaluate(signals, outcomes, models=[], client=client)
    with pytest.raises(ts.InvalidArgumentError, match="unknown model kind 'logit'"):
        tsd.evaluate(signals, outcomes, models=["logit"], client=client)
