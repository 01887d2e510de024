"""trustscore: trust scores with honest uncertainty, over libtrustscore's C ABI::

    import trustscore as ts
    model = ts.Model()
    store = ts.EvidenceStore(model)
    store.add(["acme", "acme"], ["experts", "koc_word_of_mouth"], [0.9, 0.75])
    result = store.score(model, explain=True)   # numpy arrays
    frame = store.score(model, as_frame=True)   # a pandas DataFrame

    with ts.EvidenceStore.open("evidence/", model) as store:  # journaled, durable
        store.add("acme", "experts", 0.9, source="reviewer-17")

The shared library is found through the environment variable
TRUSTSCORE_LIBRARY, then inside this package, then in the build tree (see
trustscore._lib); a library with another ABI version is refused.
"""

from ._version import __version__
from .errors import (
    BadFormatError,
    BufferTooSmallError,
    Error,
    InternalError,
    InvalidArgumentError,
    LibraryError,
    OutOfMemoryError,
    TrustscoreIOError,
    VersionMismatchError,
)
from . import _lib, metrics
from ._model import Model
from ._results import ChosenScoreResult, CsvReport, ScoreResult
from ._store import EvidenceStore, score
from ._journal import Recovery
from ._evaluate import evaluate
from ._tune import TuneResult, tune
from ._plot import plot, plot_history
from ._learn import LogisticFit, factor_trust, fit_logistic, logistic_model
from ._graph import Credibility, credibility, edge_prediction, eigentrust, fairness_goodness
from ._persist import inspect
from ._csv import read_csv

#: ABI version of the loaded library (equal to _lib.EXPECTED_ABI_VERSION).
ABI_VERSION = _lib.LIB.trustscore_abi_version()
#: Version of the loaded library ("MAJOR.MINOR.PATCH").
LIBRARY_VERSION = _lib.LIB.trustscore_version().decode("ascii")
#: Path of the loaded library.
#:
#: :meta hide-value:
LIBRARY_PATH = _lib.LIB_PATH

__all__ = [
    "ABI_VERSION",
    "LIBRARY_PATH",
    "LIBRARY_VERSION",
    "BadFormatError",
    "BufferTooSmallError",
    "ChosenScoreResult",
    "CsvReport",
    "Error",
    "EvidenceStore",
    "InternalError",
    "InvalidArgumentError",
    "LibraryError",
    "Model",
    "OutOfMemoryError",
    "Recovery",
    "ScoreResult",
    "TrustscoreIOError",
    "VersionMismatchError",
    "__version__",
    "Credibility",
    "credibility",
    "edge_prediction",
    "eigentrust",
    "evaluate",
    "tune",
    "TuneResult",
    "LogisticFit",
    "factor_trust",
    "fit_logistic",
    "logistic_model",
    "fairness_goodness",
    "inspect",
    "metrics",
    "plot",
    "plot_history",
    "read_csv",
    "score",
]
