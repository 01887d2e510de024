"""Times as unix seconds (trustscore/_time.py): every kind of time the package
takes, scalar and column, converted by one rule, checked against exact
integer arithmetic; and the converted times reach the store and the score."""

import datetime as dt
import random

import numpy as np
import pandas as pd
import pytest

import trustscore as ts
from trustscore._time import datetime64_to_unix, datetimes_to_unix, to_unix

T = 1_700_000_000  # 2023-11-14T22:13:20Z
UTC = dt.timezone.utc


def exact(ticks, per_second):
    """The double nearest to ticks / per_second: Python's int / int is
    correctly rounded."""
    return ticks / per_second


def random_ns(count, low_s, high_s, seed):
    rng = random.Random(seed)
    return [rng.randrange(low_s * 10**9, high_s * 10**9) for _ in range(count)]


@pytest.mark.parametrize(
    "low, high",
    # 1970-01-13 .. 2038, 2038 .. 2242, and 1698 .. 1969-12-20 (datetime64[ns] spans +-2**63 ns)
    [(2**20, 2**31), (2**31, 2**33), (-(2**33), -(2**20))],
)
def test_nanoseconds_become_the_nearest_double(low, high):
    ns = random_ns(20_000, low, high, seed=low)
    got = datetime64_to_unix(np.array(ns, dtype="datetime64[ns]"))
    want = np.array([exact(v, 10**9) for v in ns])
    assert np.array_equal(got, want)
    # Scalars take the same rule: the same double for the same time.
    for v, g in zip(ns[:500], got[:500]):
        assert to_unix(np.datetime64(v, "ns"), "t") == g
        assert to_unix(pd.Timestamp(v, unit="ns"), "t") == g


def test_near_1970_within_one_unit_in_the_last_place():
    ns = random_ns(20_000, -(2**20), 2**20, seed=7)
    got = datetime64_to_unix(np.array(ns, dtype="datetime64[ns]"))
    want = np.array([exact(v, 10**9) for v in ns])
    assert np.all(np.abs(got - want) <= np.spacing(np.abs(want)))


def test_whole_seconds_are_exact_in_every_unit():
    every = np.array([0, 1, -1, T, -T, 86400 * 365 * 3000, 2**52, 2**53 - 1], dtype=np.int64)
    for unit, per_second in [("s", 1), ("ms", 10**3), ("us", 10**6), ("ns", 10**9)]:
        seconds = every[np.abs(every) < 2**63 // per_second]  # no int64 overflow
        a = (seconds * per_second).astype(f"datetime64[{unit}]")
        assert np.array_equal(datetime64_to_unix(a), seconds.astype(np.float64)), unit
        for s, x in zip(seconds, a):
            assert to_unix(x, "t") == float(s), unit


def test_days_months_years_and_multiples_of_a_unit():
    assert to_unix(np.datetime64("2023-11-14", "D"), "t") == T - 80000
    assert to_unix(np.datetime64("1970-02", "M"), "t") == 31 * 86400
    assert to_unix(np.datetime64("1971", "Y"), "t") == 365 * 86400
    a = np.array(["1970-01-01T00:00:00.50", "1970-01-01T00:00:01.20"], dtype="datetime64[10ms]")
    assert list(datetime64_to_unix(a)) == [0.5, 1.2]
    assert list(datetime64_to_unix(np.array(["1970-02", "NaT"], dtype="datetime64[M]")))[0] == (
        31 * 86400
    )
    # Beyond datetime64[ns]'s range (the old conversion through nanoseconds wrapped around).
    far = np.datetime64("3000-01-01T00:00:00", "s")
    assert to_unix(far, "t") == 32503680000.0
    assert datetime64_to_unix(np.array([far]))[0] == 32503680000.0


def test_python_datetimes_naive_are_utc_aware_are_converted():
    assert to_unix(dt.datetime.fromtimestamp(T, UTC).replace(tzinfo=None), "t") == T
    tokyo = dt.timezone(dt.timedelta(hours=9))
    assert to_unix(dt.datetime.fromtimestamp(T, tokyo), "t") == T
    # Microseconds: as datetime.timestamp() (correctly rounded) gives them.
    rng = random.Random(3)
    for _ in range(2000):
        micros = rng.randrange(2**20 * 10**6, 2**33 * 10**6)
        when = dt.datetime(1970, 1, 1, tzinfo=UTC) + dt.timedelta(microseconds=micros)
        assert to_unix(when, "t") == when.timestamp() == exact(micros, 10**6)
        assert to_unix(when.replace(tzinfo=None), "t") == when.timestamp()


def test_pandas_timestamps_keep_their_nanoseconds():
    ns = T * 10**9 + 123_456_789
    # Timestamp.timestamp() rounds to microseconds; the package's rule does not.
    assert to_unix(pd.Timestamp(ns, unit="ns"), "t") == exact(ns, 10**9)
    assert to_unix(pd.Timestamp(ns, unit="ns", tz="UTC").tz_convert("Asia/Tokyo"), "t") == exact(
        ns, 10**9
    )


def test_no_time_is_nan():
    for nothing in (None, np.datetime64("NaT"), np.datetime64("NaT", "ns"), pd.NaT, float("nan")):
        assert np.isnan(to_unix(nothing, "t")), nothing
    a = np.array(["NaT", "2023-11-14T22:13:20"], dtype="datetime64[ns]")
    got = datetime64_to_unix(a)
    assert np.isnan(got[0]) and got[1] == T


def test_numbers_pass_and_other_things_are_refused():
    assert to_unix(T, "t") == T and to_unix(np.int64(T), "t") == T
    assert to_unix(np.float32(2.5), "t") == 2.5
    for bad in (True, np.bool_(False), "2023-11-14", b"1", dt.date(2023, 11, 14), [T]):
        with pytest.raises(TypeError, match="as_of must be unix seconds"):
            to_unix(bad, "as_of")


def test_columns_of_datetimes():
    seconds = np.array([T, T - 86400, T + 0.25])
    ns = np.array([T * 10**9, (T - 86400) * 10**9, T * 10**9 + 250_000_000])
    naive = pd.Series(ns.astype("datetime64[ns]"))
    assert np.array_equal(datetimes_to_unix(naive), seconds)
    aware = naive.dt.tz_localize("UTC").dt.tz_convert("America/New_York")
    assert np.array_equal(datetimes_to_unix(aware), seconds)
    assert np.array_equal(datetimes_to_unix(pd.DatetimeIndex(aware)), seconds)
    assert np.array_equal(datetimes_to_unix(naive.to_numpy()), seconds)
    with_nat = pd.Series(pd.to_datetime([T, None], unit="s"))
    got = datetimes_to_unix(with_nat)
    assert got[0] == T and np.isnan(got[1])
    # Not datetimes: None, for the caller to read numbers.
    for other in (seconds, pd.Series(seconds), [T], pd.Series(["2023-11-14"])):
        assert datetimes_to_unix(other) is None


def test_every_kind_of_time_reaches_the_store_as_the_same_seconds():
    when = T + 0.5
    times = [
        when,
        dt.datetime.fromtimestamp(when, UTC),
        np.datetime64(int(when * 1000), "ms"),
        pd.Timestamp(when, unit="s"),
    ]
    model = ts.Model()
    for time in times:
        store = ts.EvidenceStore(model)
        store.add(["a"], ["experts"], [0.9], time=time)
        assert store.latest_time == when, time
        store.add(["a"], ["experts"], [0.9], time=np.array(time))  # a 0-d array
        store.add(["b", "c"], ["experts"] * 2, [0.9] * 2, time=pd.Series([time, time]))
        assert store.latest_time == when, time
    # as_of and default_time take the same kinds of time.
    store = ts.EvidenceStore(model)
    store.add(["a"], ["experts"], [0.9], default_time=pd.Timestamp(when, unit="s"))
    assert store.latest_time == when
    for as_of in times:
        got = store.score(model, as_of=as_of)
        want = store.score(model, as_of=when)
        assert got.score.tobytes() == want.score.tobytes()
