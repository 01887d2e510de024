"""Every error path: C failures raise the trustscore.Error subclass of their
status with the C library's message (trustscore_last_error, which names the
function and the argument); impossible Python inputs raise TypeError or
ValueError naming the argument; a failed call leaves the handle usable."""

import ctypes

import numpy as np
import pytest

import trustscore as ts
from trustscore import _lib

T = 1_700_000_000.0


@pytest.fixture
def model():
    return ts.Model()


@pytest.fixture
def store(model):
    s = ts.EvidenceStore(model)
    s.add(["a", "b"], ["experts", "values"], [0.9, 0.4], time=T)
    return s


def raises_c(cls, fn, *match):
    """fn() raises exactly cls, whose message is the C library's message."""
    with pytest.raises(ts.Error) as info:
        fn()
    err = info.value
    assert type(err) is cls, (type(err), err)
    assert err.status == cls.status
    assert str(err) == err.message
    # The message came from C: it is still the thread's last error, and it
    # starts with the C function's name.
    assert err.message == _lib.last_error()
    assert err.message.startswith("trustscore_")
    for m in match:
        assert m in err.message, (m, err.message)
    return err


# ---- C errors, one subclass per status ------------------------------------------


def test_invalid_argument_model(model):
    raises_c(
        ts.InvalidArgumentError,
        lambda: model.factor_index("nope"),
        "trustscore_model_factor_index",
        "unknown factor 'nope'",
    )
    raises_c(
        ts.InvalidArgumentError,
        lambda: ts.Model.from_dict({"factors": [{"id": "authenticity", "base_rate": 2}]}),
        "base rate of 'authenticity'",
    )
    raises_c(
        ts.InvalidArgumentError,
        lambda: ts.Model.from_dict({"factors": [{"id": "Bad-Id"}]}),
        "factor id 'Bad-Id'",
    )


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(entity="c", factor="experts", value=1.5), "signal 0: value 1.500000 outside [0, 1]"),
        (dict(entity="c", factor="experts", value=float("nan")), "signal 0: value is NaN"),
        (
            dict(entity="c", factor="experts", value=float("inf")),
            "signal 0: value is NaN or infinite",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, weight=-1.0),
            "signal 0: weight is negative",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, weight=float("inf")),
            "weight is NaN or infinite",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, credibility=2.0),
            "credibility must be in [0, 1]",
        ),
        (dict(entity="c", factor="experts", value=0.5, time=float("inf")), "time is infinite"),
        (dict(entity="", factor="experts", value=0.5), "entity id is empty"),
        (dict(entity=5, factor="experts", value=0.5), "entity index 5 out of range [0, 2)"),
        (dict(entity=-1, factor="experts", value=0.5), "entity index -1 out of range"),
        (dict(entity="c", factor=9, value=0.5), "factor index 9 out of range [0, 9)"),
        (dict(entity="c", factor=-1, value=0.5), "factor index -1 out of range"),
        (dict(entity="c", factor="experts", value=0.5, default_time=float("inf")), "default time"),
    ],
)
def test_invalid_signals_leave_the_store_unchanged(model, store, kwargs, message):
    before = store.score(model, explain=True)
    entities = store.entities
    # Ids reach C as one table (trustscore_store_add_ids), indices as an array.
    by_id = isinstance(kwargs["entity"], str)
    raises_c(
        ts.InvalidArgumentError,
        lambda: store.add(**kwargs),
        "trustscore_store_add_ids" if by_id else "trustscore_store_add_signals",
        message,
    )
    assert store.entities == entities
    after = store.score(model, explain=True)
    for a, b in zip(before, after):
        assert np.array_equal(a, b)
    # and the store is still usable
    store.add("c", "experts", 1.0, time=T)
    assert len(store) == 3


def test_a_bad_signal_in_a_batch_rejects_the_batch(model, store):
    err = raises_c(
        ts.InvalidArgumentError,
        lambda: store.add(["c", "d", "e"], "experts", [0.5, 0.5, 7.0], time=T),
    )
    assert "signal 2:" in err.message
    assert store.entities == ["a", "b"]


@pytest.mark.parametrize(
    "kwargs, message",
    [
        (dict(profile="nope"), "unknown profile 'nope'"),
        (dict(confidence=1.5), "confidence must be in (0, 1)"),
        (dict(confidence=0.0), "confidence must be in (0, 1)"),
        (dict(threads=-1), "options->threads is negative"),
        (dict(as_of=float("inf")), "as-of time is infinite"),
        (dict(as_of=T - 1), "is before the newest signal"),
    ],
)
def test_invalid_score_options(model, store, kwargs, message):
    raises_c(
        ts.InvalidArgumentError, lambda: store.score(model, **kwargs), "trustscore_score", message
    )
    assert store.score(model).score.shape == (2,)


def test_model_and_store_factors_must_agree(store):
    other = ts.Model.from_dict({"factors": [{"id": "innovation"}]})
    raises_c(
        ts.InvalidArgumentError,
        lambda: store.score(other),
        "factors differ from the evidence store's",
    )


def test_bad_format_json():
    raises_c(ts.BadFormatError, lambda: ts.Model.from_json("{"), "not valid JSON")
    raises_c(ts.BadFormatError, lambda: ts.Model.from_json("[1]"), "must be an object")
    raises_c(ts.BadFormatError, lambda: ts.Model.from_dict({"bogus": 1}), "unknown key 'bogus'")
    raises_c(
        ts.BadFormatError,
        lambda: ts.Model.from_dict({"factors": [{"id": "experts", "negativity": "x"}]}),
        "factors[0].negativity must be a number",
    )
    raises_c(
        ts.BadFormatError,
        lambda: ts.Model.from_dict({"profiles": {"p": {"nope": 1}}}),
        "unknown factor 'nope'",
    )
    err = raises_c(ts.BadFormatError, lambda: ts.Model.from_json(b"{"))
    assert isinstance(err, ValueError)  # BadFormatError is also a ValueError


def test_bad_format_csv(tmp_path, model):
    path = tmp_path / "bad.csv"
    path.write_text("entity,factor,value\na,experts,0.5\nb,experts,2\nc,nope,1\n")
    store = ts.EvidenceStore(model)
    raises_c(ts.BadFormatError, lambda: store.add_csv(path), f"{path}:3: column 3 (value)")
    assert len(store) == 0
    report = store.add_csv(path, skip_bad_rows=True, default_time=T)
    assert report == ts.CsvReport(added=1, skipped=2)
    assert store.entities == ["a"] and store.latest_time == T


def test_version_mismatch():
    raises_c(
        ts.VersionMismatchError,
        lambda: ts.Model.from_dict({"version": 2}),
        "version 2 is not supported",
    )


def test_version_mismatch_of_options_struct(model, store):
    # The package always sends version 1; a raw call shows the C check.
    opts = _lib.ScoreOptions()
    _lib.check(_lib.LIB.trustscore_score_options_init(ctypes.byref(opts)))
    opts.version = 99
    out = np.empty(2)
    status = _lib.LIB.trustscore_score(
        model._h,
        store._h,
        ctypes.byref(opts),
        out.ctypes.data,
        2,
        None,
        0,
        None,
        0,
        None,
        0,
        None,
        0,
        None,
        0,
        None,
    )
    raises_c(ts.VersionMismatchError, lambda: _lib.check(status), "options->version is 99")


def test_io_error(model):
    store = ts.EvidenceStore(model)
    err = raises_c(
        ts.TrustscoreIOError,
        lambda: store.add_csv("/nonexistent/x.csv"),
        "cannot open '/nonexistent/x.csv'",
    )
    assert isinstance(err, OSError)


def test_buffer_too_small(model):
    # The package sizes its buffers itself; a raw call shows the C check.
    length = ctypes.c_int64()
    buf = ctypes.create_string_buffer(4)
    status = _lib.LIB.trustscore_model_to_json(model._h, buf, 4, ctypes.byref(length))
    err = raises_c(ts.BufferTooSmallError, lambda: _lib.check(status), "buf holds 4 bytes")
    assert length.value == len(model.to_json())
    assert err.status == -3


def test_null_handles_are_refused():
    count = ctypes.c_int64()
    status = _lib.LIB.trustscore_model_factor_count(None, ctypes.byref(count))
    raises_c(ts.InvalidArgumentError, lambda: _lib.check(status), "model is NULL")


def test_status_mapping_for_codes_not_reachable_from_python():
    # Out of memory and internal errors cannot be provoked safely; the mapping
    # from status to class is what _check uses for them.
    for status, cls, base in [
        (-1, ts.InvalidArgumentError, ValueError),
        (-2, ts.OutOfMemoryError, MemoryError),
        (-3, ts.BufferTooSmallError, ts.Error),
        (-4, ts.BadFormatError, ValueError),
        (-5, ts.VersionMismatchError, ts.Error),
        (-6, ts.InternalError, RuntimeError),
        (-7, ts.TrustscoreIOError, OSError),
    ]:
        err = ts.errors.error_for_status(status, "boom")
        assert type(err) is cls and isinstance(err, base) and isinstance(err, ts.Error)
        assert err.status == status and str(err) == "boom"
        assert _lib.LIB.trustscore_status_str(status).decode()
    err = ts.errors.error_for_status(-99, "future code")
    assert type(err) is ts.Error and err.status == -99


def test_check_falls_back_to_the_status_string():
    count = ctypes.c_int64()
    _lib.check(_lib.LIB.trustscore_model_factor_count(ts.Model()._h, ctypes.byref(count)))
    assert _lib.last_error() == ""  # a successful call clears the message
    with pytest.raises(ts.InvalidArgumentError, match="^invalid argument$"):
        _lib.check(-1)


# ---- Python-side checks name the argument -------------------------------------------


@pytest.mark.parametrize(
    "kwargs, exc, message",
    [
        (dict(entity="c", factor="experts", value=["x"]), TypeError, "value must be numbers"),
        (dict(entity="c", factor="experts", value="0.5"), TypeError, "value must be numbers"),
        (
            dict(entity="c", factor="experts", value=np.array([0.5, object()], dtype=object)),
            TypeError,
            "value must be numbers, got an array of dtype object",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, weight=np.ones((2, 2))),
            ValueError,
            "weight must be 1-dimensional",
        ),
        (
            dict(entity=["c", "d"], factor="experts", value=[0.5, 0.5, 0.5]),
            ValueError,
            "value has 3 elements but entity has 2",
        ),
        (
            dict(entity=["c"], factor="experts", value=[0.5], time=[1.0, 2.0]),
            ValueError,
            "time has 2 elements",
        ),
        (
            dict(entity="c", factor="nope", value=0.5),
            ValueError,
            "factor: unknown factor id 'nope'",
        ),
        (dict(entity="c", factor=["experts", "nope"], value=[0.5, 0.5]), ValueError, "'nope'"),
        (dict(entity="c", factor=[1.5], value=[0.5]), TypeError, "factor must be factor ids"),
        (
            dict(entity="c", factor=np.array([2**40]), value=[0.5]),
            ValueError,
            "does not fit in int32",
        ),
        (dict(entity=[1.5], factor="experts", value=[0.5]), TypeError, "entity must be entity ids"),
        (dict(entity=["c", 1], factor="experts", value=[0.5, 0.5]), TypeError, "entity[1] is int"),
        (dict(entity="c\0d", factor="experts", value=0.5), ValueError, "entity[0] contains a NUL"),
        (dict(entity=None, factor="experts", value=0.5), TypeError, "entity must be"),
        (
            dict(entity=np.array([2**63], dtype=np.uint64), factor="experts", value=[0.5]),
            ValueError,
            "does not fit in int64",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, time="2024-01-01"),
            TypeError,
            "time must be",
        ),
        (
            dict(entity="c", factor="experts", value=0.5, default_time="now"),
            TypeError,
            "default_time",
        ),
    ],
)
def test_impossible_inputs(store, kwargs, exc, message):
    with pytest.raises(exc) as info:
        store.add(**kwargs)
    assert not isinstance(info.value, ts.Error)
    assert message in str(info.value)
    assert store.entities == ["a", "b"]


def test_add_needs_factor_and_value(store):
    with pytest.raises(TypeError, match="needs entity, factor and value"):
        store.add("c")


def test_invalid_out_arrays(model, store):
    cases = [
        ({"score": [0.0, 0.0]}, TypeError, "out['score'] must be a numpy array"),
        ({"score": np.empty(2, np.float32)}, TypeError, "out['score'] must have dtype float64"),
        ({"score": np.empty(3)}, ValueError, "out['score'] must have shape (2,)"),
        ({"lower": np.empty(4)[::2]}, ValueError, "out['lower'] must be C-contiguous"),
        ({"bogus": np.empty(2)}, ValueError, "unknown keys ['bogus']"),
        ({"gains": np.empty((2, 9))}, ValueError, "only explain=True computes"),
    ]
    readonly = np.empty(2)
    readonly.flags.writeable = False
    cases.append(({"upper": readonly}, ValueError, "out['upper'] is read-only"))
    for out, exc, message in cases:
        with pytest.raises(exc) as info:
            store.score(model, out=out)
        assert message in str(info.value)
    with pytest.raises(ValueError, match=r"out\['contributions'\] must have shape \(2, 9\)"):
        store.score(model, explain=True, out={"contributions": np.empty((9, 2))})
    with pytest.raises(TypeError, match="out\\['best_lever'\\] must have dtype int32"):
        store.score(model, explain=True, out={"best_lever": np.empty(2, np.int64)})
    with pytest.raises(TypeError, match="out must be a dict"):
        store.score(model, out=[np.empty(2)])


def test_wrong_types_for_options(model, store):
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        store.score("model")
    with pytest.raises(TypeError, match="profile must be str"):
        store.score(model, profile=3)
    with pytest.raises(TypeError, match="threads must be an int"):
        store.score(model, threads=1.5)
    with pytest.raises(TypeError, match="confidence must be a number"):
        store.score(model, confidence="high")
    with pytest.raises(TypeError, match="as_of must be"):
        store.score(model, as_of="tomorrow")
    with pytest.raises(TypeError, match="model must be a trustscore.Model"):
        ts.EvidenceStore(None)
    with pytest.raises(TypeError, match="text must be str or bytes"):
        ts.Model.from_json(3)
    with pytest.raises(TypeError, match="config must be a dict"):
        ts.Model.from_dict("{}")


def test_closed_store(model):
    store = ts.EvidenceStore(model)
    store.add("a", "experts", 1.0, time=T)
    with store:
        pass
    for call in (
        lambda: store.score(model),
        lambda: store.add("b", "experts", 1.0),
        lambda: store.entities,
        lambda: store.latest_time,
    ):
        with pytest.raises(ValueError, match="closed"):
            call()
    store.close()  # twice is fine
