"""The old home of Model, EvidenceStore and scoring, kept for pickles.

Pickles made before the package was split by concept record these classes as
``trustscore._core.Model``, ``trustscore._core.EvidenceStore``,
``trustscore._core.ScoreResult`` and ``trustscore._core.CsvReport``; this module
keeps them loadable. The classes now name the package itself as their module
(``__module__ = "trustscore"``), so new pickles record ``trustscore.Model`` and
survive any move between the package's modules. New code imports from the
package (``trustscore.Model``) or the module that defines the name:
_model (Model), _store (EvidenceStore, score), _results (ScoreResult,
CsvReport), _inputs (converting arguments), _rwlock (the store's lock).
"""

from ._model import Model
from ._results import CsvReport, ScoreResult
from ._store import EvidenceStore, score

__all__ = ["CsvReport", "EvidenceStore", "Model", "ScoreResult", "score"]
