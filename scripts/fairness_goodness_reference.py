#!/usr/bin/env python3
"""Independent numpy reference of Fairness-Goodness (Kumar, Spezzano, Subrahmanian,
Faloutsos, "Edge Weight Prediction in Weighted Signed Networks", ICDM 2016, section IV)
and of its leave-one-out edge-weight prediction, written from the paper's equations:

    g(v) = 1/|in(v)|  sum_{u in in(v)} f(u) W(u, v)
    f(u) = 1 - 1/(2|out(u)|) sum_{v in out(u)} |W(u, v) - g(v)|

with protocol choices that the paper leaves open made switchable, to find which of them
gives the paper's Table IV numbers on Bitcoin OTC.

    scripts/fairness_goodness_reference.py RATINGS.csv [--sample N] [--seed S]
        [--unrated one|zero] [--start one|mean] [--tol T] [--max-iter N]
        [--protocol loo|full] [--reciprocal-fallback zero|mean] [--edges FILE]
        [--dump FILE] [--compare CPP_DUMP]

RATINGS.csv: SOURCE,TARGET,RATING[,TIME] without header, ratings -10..10 (divided by 10).
--unrated: the goodness of a node that nobody (else) rated: 0 (the default; what the
  authors' published code ends up with, and trustscore's unrated_goodness) or 1 (the start
  value, which trustscore used before).
--start: goodness starts at 1 (the paper) or at the mean incoming weight.
--protocol loo: each sampled edge is removed and f, g are recomputed cold on the rest;
  full: f, g of the full graph, the edge itself included (leakage).
--reciprocal-fallback: the reciprocal predictor's w(v, u) when v never rated u: 0 or the
  mean of the other weights.
--edges: the edges to evaluate (SOURCE,TARGET lines) instead of a sample.
--compare: a TSV dump from the C++ (source, target, actual, fg, goodness) to compare
  edge by edge.
Needs numpy (Debian: python3-numpy).
"""
import argparse
import sys

import numpy as np


def load(path):
    src, dst, w = [], [], []
    with open(path) as f:
        for line in f:
            parts = line.strip().split(",")
            if len(parts) < 3:
                continue
            src.append(parts[0])
            dst.append(parts[1])
            w.append(float(parts[2]) / 10.0)
    ids = {}
    for x in src + dst:
        ids.setdefault(x, len(ids))
    s = np.array([ids[x] for x in src])
    t = np.array([ids[x] for x in dst])
    return s, t, np.array(w), ids


def solve(n, s, t, w, unrated="zero", start="one", tol=1e-9, max_iter=1000):
    """f, g on the edges (s, t, w); nodes without in-edges get g = 1 or 0 (`unrated`),
    nodes without out-edges keep f = 1. Goodness first, then fairness (Jacobi within
    each half step). Stops when both L1 changes are below tol."""
    indeg = np.bincount(t, minlength=n).astype(float)
    outdeg = np.bincount(s, minlength=n).astype(float)
    has_in, has_out = indeg > 0, outdeg > 0
    unrated_g = 1.0 if unrated == "one" else 0.0
    f = np.ones(n)
    if start == "one":
        g = np.ones(n)
        g[~has_in] = unrated_g
    else:
        g = np.full(n, unrated_g)
        g[has_in] = np.bincount(t, weights=w, minlength=n)[has_in] / indeg[has_in]
    it = 0
    for it in range(1, max_iter + 1):
        gs = np.bincount(t, weights=f[s] * w, minlength=n)
        g_new = np.where(has_in, gs / np.maximum(indeg, 1), unrated_g)
        dg = np.abs(g_new - g).sum()
        g = g_new
        err = np.bincount(s, weights=np.abs(w - g[t]), minlength=n)
        f_new = np.where(has_out, 1 - err / (2 * np.maximum(outdeg, 1)), 1.0)
        df = np.abs(f_new - f).sum()
        f = f_new
        if dg < tol and df < tol:
            break
    return f, g, it


def metrics(pred, actual):
    pred, actual = np.asarray(pred), np.asarray(actual)
    rmse = float(np.sqrt(np.mean((pred - actual) ** 2)))
    r = float(np.corrcoef(pred, actual)[0, 1]) if np.std(pred) > 0 else float("nan")
    return rmse, r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("ratings")
    ap.add_argument("--sample", type=int, default=500)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--unrated", choices=["one", "zero"], default="zero")
    ap.add_argument("--start", choices=["one", "mean"], default="one")
    ap.add_argument("--tol", type=float, default=1e-9)
    ap.add_argument("--max-iter", type=int, default=1000)
    ap.add_argument("--protocol", choices=["loo", "full"], default="loo")
    ap.add_argument("--reciprocal-fallback", choices=["zero", "mean"], default="zero")
    ap.add_argument("--edges")
    ap.add_argument("--dump")
    ap.add_argument("--compare")
    a = ap.parse_args()
    s, t, w, ids = load(a.ratings)
    n, E = len(ids), len(w)
    if a.edges:
        key = {(int(x), int(y)): k for k, (x, y) in enumerate(zip(s, t))}
        sample = []
        with open(a.edges) as f:
            for line in f:
                u, v = line.strip().split(",")[:2]
                sample.append(key[(ids[u], ids[v])])
        sample = np.array(sample)
    elif a.sample <= 0 or a.sample >= E:
        sample = np.arange(E)
    else:
        sample = np.sort(np.random.default_rng(a.seed).choice(E, a.sample, replace=False))
    back = {(int(x), int(y)): float(z) for x, y, z in zip(s, t, w)}
    names = {v: k for k, v in ids.items()}
    rows = []
    if a.protocol == "full":
        f, g, it = solve(n, s, t, w, a.unrated, a.start, a.tol, a.max_iter)
        print(f"full graph: {it} iterations", file=sys.stderr)
    keep = np.ones(E, dtype=bool)
    for k in sample:
        u, v = int(s[k]), int(t[k])
        if a.protocol == "loo":
            keep[k] = False
            f, g, _ = solve(n, s[keep], t[keep], w[keep], a.unrated, a.start, a.tol, a.max_iter)
            keep[k] = True
        mean = (w.sum() - w[k]) / (E - 1)
        rows.append(
            (
                names[u],
                names[v],
                w[k],
                f[u] * g[v],
                g[v],
                back.get((v, u), 0.0 if a.reciprocal_fallback == "zero" else mean),
                mean,
            )
        )
    actual = [r[2] for r in rows]
    print(
        f"{len(rows)} edges ({a.protocol}, unrated g = {a.unrated}, start {a.start}, "
        f"tol {a.tol:g}, reciprocal fallback {a.reciprocal_fallback})"
    )
    for i, name in enumerate(["fairness_goodness", "goodness", "reciprocal", "global_mean"]):
        rmse, r = metrics([row[3 + i] for row in rows], actual)
        print(f"  {name:18s}  {rmse:.4f}  {r:.4f}")
    if a.dump:
        with open(a.dump, "w") as out:
            for row in rows:
                out.write("\t".join(str(x) for x in row) + "\n")
    if a.compare:
        ref = {(r[0], r[1]): r for r in rows}
        worst_fg = worst_g = 0.0
        matched = 0
        with open(a.compare) as f:
            for line in f:
                u, v, actual_w, fg, good = line.split("\t")[:5]
                if (u, v) not in ref:
                    continue
                matched += 1
                worst_fg = max(worst_fg, abs(float(fg) - ref[(u, v)][3]))
                worst_g = max(worst_g, abs(float(good) - ref[(u, v)][4]))
        print(
            f"compared with {a.compare}: {matched} edges, largest |difference| "
            f"F*G {worst_fg:.3g}, goodness {worst_g:.3g}"
        )


if __name__ == "__main__":
    main()
