"""Model: a scoring model over the C ABI (kind, parameters, factors, profiles)."""

from __future__ import annotations

import json
import weakref
from ctypes import byref, c_int64, c_void_p

from . import _lib, _persist
from ._lib import LIB, check


def _handle_from_json(text) -> c_void_p:
    if isinstance(text, str):
        text = text.encode("utf-8")
    elif not isinstance(text, (bytes, bytearray)):
        raise TypeError(f"text must be str or bytes, not {type(text).__name__}")
    text = bytes(text)
    handle = c_void_p()
    check(LIB.trustscore_model_from_json(text, len(text), byref(handle)))
    return handle


class Model:
    """A scoring model: its kind (``beta`` unless chosen) and the kind's
    parameters, the factor catalog (nine built-in factors and custom ones),
    per-factor parameters and named profiles (weight vectors).

    ``Model()`` is the default model; ``Model("wilson")`` or
    ``Model("weighted_mean", min_coverage=0.5)`` the default with another
    kind (see docs/guide/scoring.md, "Model kinds"); :meth:`from_json` and
    :meth:`from_dict` start from the default and change what the
    configuration names (docs/guide/model-json.md). A model is immutable and may
    be used from any number of threads at once.
    """

    __module__ = "trustscore"  # where pickles find the class (see trustscore._core)

    __slots__ = ("_h", "_hv", "_factors", "_profiles", "_finalizer", "__weakref__")

    def __init__(self, kind=None, **parameters) -> None:
        if kind is None and not parameters:
            handle = c_void_p()
            check(LIB.trustscore_model_create(byref(handle)))
        else:
            if kind is not None and not isinstance(kind, str):
                raise TypeError(f"kind must be str, not {type(kind).__name__}")
            config = {"kind": kind or "beta"}
            if parameters:
                config["parameters"] = parameters
            try:
                text = json.dumps(config, allow_nan=False)
            except (TypeError, ValueError) as e:
                raise TypeError(f"model parameters must be JSON numbers or lists: {e}") from None
            handle = _handle_from_json(text)
        self._adopt(handle)

    @classmethod
    def from_json(cls, text) -> "Model":
        """A model configured by JSON text (str or bytes)."""
        handle = _handle_from_json(text)
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    @classmethod
    def from_dict(cls, config: dict) -> "Model":
        """A model configured by a dict of the JSON schema."""
        if not isinstance(config, dict):
            raise TypeError(f"config must be a dict, not {type(config).__name__}")
        return cls.from_json(json.dumps(config, allow_nan=False))

    def _adopt(self, handle: c_void_p) -> None:
        self._h = handle.value
        self._hv = handle  # the handle as ctypes passes it with no conversion (hot path)
        self._finalizer = weakref.finalize(self, LIB.trustscore_model_free, handle.value)
        count = c_int64()
        check(LIB.trustscore_model_factor_count(self._h, byref(count)))
        self._factors = tuple(
            _lib.get_string(LIB.trustscore_model_factor_id, self._h, i) for i in range(count.value)
        )
        check(LIB.trustscore_model_profile_count(self._h, byref(count)))
        self._profiles = tuple(
            _lib.get_string(LIB.trustscore_model_profile_name, self._h, i)
            for i in range(count.value)
        )

    # -- saving and loading (docs/guide/persistence.md)

    def save(self, path, archive: str = "binary") -> None:
        """Saves the model to path (replaced atomically); archive: "binary",
        "text" or "xml"."""
        check(
            LIB.trustscore_model_save(
                self._h, _persist.path_bytes(path), _persist.archive_code(archive)
            )
        )

    @classmethod
    def load(cls, path) -> "Model":
        """The model saved in path (errors: BadFormatError, VersionMismatchError,
        TrustscoreIOError, naming the problem)."""
        handle = c_void_p()
        check(LIB.trustscore_model_load(_persist.path_bytes(path), byref(handle)))
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    def to_bytes(self, archive: str = "binary") -> bytes:
        """The model as a saved file's bytes."""
        return _persist.saved_bytes(LIB.trustscore_model_save_buffer, self._h, archive)

    @classmethod
    def from_bytes(cls, data) -> "Model":
        data = _persist.input_bytes(data)
        handle = c_void_p()
        check(LIB.trustscore_model_load_buffer(data, len(data), byref(handle)))
        model = cls.__new__(cls)
        model._adopt(handle)
        return model

    def __reduce__(self):
        return (Model.from_bytes, (self.to_bytes(),))

    def to_json(self) -> str:
        """The full configuration; ``Model.from_json`` of it gives an equal model."""
        return _lib.get_string(LIB.trustscore_model_to_json, self._h)

    def to_dict(self) -> dict:
        return json.loads(self.to_json())

    @property
    def factors(self) -> list:
        """Factor ids in index order (built-in first, then custom)."""
        return list(self._factors)

    @property
    def profiles(self) -> list:
        """Profile names."""
        return list(self._profiles)

    @property
    def default_profile(self) -> str:
        return self.to_dict()["default_profile"]

    @property
    def kind(self) -> str:
        """The name of the scoring model (beta, weighted_mean, bayesian_average,
        wilson, dirichlet, subjective_logic or logistic)."""
        return self.to_dict()["kind"]

    @property
    def parameters(self) -> dict:
        """The kind's parameters (empty for kinds that take none)."""
        return self.to_dict().get("parameters", {})

    def factor_index(self, factor_id: str) -> int:
        """Index of a factor id (InvalidArgumentError if the model has none)."""
        if not isinstance(factor_id, str):
            raise TypeError(f"factor_id must be str, not {type(factor_id).__name__}")
        index = c_int64()
        # The deprecated C call on purpose: its error for an absent id (with the
        # library's message) is this method's documented behaviour.
        check(LIB.trustscore_model_factor_index(self._h, factor_id.encode("utf-8"), byref(index)))
        return index.value

    def __eq__(self, other) -> bool:
        if not isinstance(other, Model):
            return NotImplemented
        return self.to_json() == other.to_json()

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return (
            f"<trustscore.Model {self.kind}: {len(self._factors)} factors,"
            f" profiles {list(self._profiles)}>"
        )
