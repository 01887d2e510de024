"""Scores the example merchants (examples/merchants.csv) and prints the top five.

    python3 bindings/python/examples/score_merchants.py [examples/merchants.csv]
"""

import os
import sys

import trustscore as ts

here = os.path.dirname(os.path.abspath(__file__))
path = (
    sys.argv[1]
    if len(sys.argv) > 1
    else os.path.join(here, "..", "..", "..", "examples", "merchants.csv")
)

model = ts.Model()  # nine built-in factors, profile "decision"
store = ts.EvidenceStore(model)
report = store.add_csv(path)
result = store.score(model, explain=True)  # numpy arrays, one entry per merchant

ids = store.entities  # entity ids, in the order of the result arrays
print(f"{report.added} signals about {len(store)} merchants; baseline {result.baseline:.3f}")
print(f"{'merchant':<24} {'score':>6}  {'95% interval':<15} best lever")
for i in result.score.argsort()[::-1][:5]:
    print(
        f"{ids[i]:<24} {result.score[i]:6.3f}  "
        f"[{result.lower[i]:.3f}, {result.upper[i]:.3f}]  {model.factors[result.best_lever[i]]}"
    )
