"""The numbers `trustscore eval` prints for the example data, recomputed here
from the package's scores with scikit-learn: the harness joins scores and
outcomes and computes its metrics correctly (the CLI test checks the same
values in its output)."""

import os

import numpy as np
import pytest

import trustscore as ts

sk = pytest.importorskip("sklearn.metrics")
pd = pytest.importorskip("pandas")

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
EXAMPLES = os.path.join(REPO, "examples")


@pytest.mark.parametrize("kind, auc", [("beta", 0.72912037037037036), ("wilson", 0.7353)])
def test_example_auc_matches_the_cli(kind, auc):
    outcomes = pd.read_csv(os.path.join(EXAMPLES, "merchants_outcomes.csv")).set_index("entity")
    model = ts.Model(kind)
    store = ts.EvidenceStore(model)
    store.add_csv(os.path.join(EXAMPLES, "merchants.csv"))
    joined = store.score(model, as_frame=True).join(outcomes, how="right")
    assert len(joined) == 300 and not joined.score.isna().any()
    expected = sk.roc_auc_score(joined.outcome, joined.score)
    assert ts.metrics.roc_auc(joined.outcome, joined.score) == pytest.approx(expected, abs=1e-12)
    assert expected == pytest.approx(auc, abs=5e-5 if kind == "wilson" else 1e-12)
    assert ts.metrics.brier(joined.outcome, joined.score) == pytest.approx(
        sk.brier_score_loss(joined.outcome, joined.score), abs=1e-12)
    assert np.all((joined.score >= 0) & (joined.score <= 1))
