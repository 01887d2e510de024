#!/usr/bin/env python3
"""Generate examples/graphs/sources_graph.csv: who vouches for whom among the sources of
examples/merchants.csv, for credibility discounting (`trustscore score
examples/merchants.csv --sources-graph examples/graphs/sources_graph.csv`).

Usage: python3 examples/generate_sources_graph.py [MERCHANTS.csv [OUTPUT]]
(defaults: merchants.csv next to this script and graphs/sources_graph.csv
beside it). Standard
library only, fixed seed, byte-identical output on every run (only
random.Random.random() and randrange() are used).

The file has the header source,target,rating,time; ratings are on Bitcoin
OTC's scale -10..+10 (no 0) and times are ISO-8601 UTC within the merchant
data's two years. The graph simulated:

  - institutions vouch for institutions: every government and industry body
    rates the other bodies, the platforms, auditors, review sites, media
    outlets, NGOs and experts (+6..+10), and media and NGOs rate the bodies
    (+5..+10);
  - review sites rate the experts (+4..+10) and a sample of reviewers they
    verified as buyers (+3..+10);
  - reviewers rate each other's reviews: each reviewer receives 2 to 6 ratings
    from other reviewers, 1 in 10 of them negative;
  - every source of the merchant data is a node, except the 150 brand-new
    sources of m0137-starburst's review burst (koc:new-xxxxxx): they appear
    in no edge, nobody vouches for them.
"""

import os
import random
import sys
import time

START = 1730419200  # 2024-11-01T00:00:00Z
END = 1793491200  # 2026-11-01T00:00:00Z
SEED = 20261124


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def sources_of(path):
    """The distinct sources of a merchants CSV, in order of first appearance."""
    seen = {}
    with open(path, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split(",")
        column = header.index("source")
        for line in f:
            seen.setdefault(line.rstrip("\n").split(",")[column], None)
    return list(seen)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    merchants = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "merchants.csv")
    output = sys.argv[2] if len(sys.argv) > 2 else os.path.join(here, "graphs", "sources_graph.csv")
    rng = random.Random(SEED)
    sources = [s for s in sources_of(merchants) if s and not s.startswith("koc:new-")]
    kind = {s: s.split(":", 1)[0] for s in sources}
    by_kind = {}
    for s in sources:
        by_kind.setdefault(kind[s], []).append(s)

    def rating(lo, hi):
        return lo + rng.randrange(hi - lo + 1)

    edges = {}  # (source, target) -> rating: one rating per pair

    def rate(u, v, r):
        if u != v and (u, v) not in edges:
            edges[(u, v)] = r

    bodies = by_kind.get("gov", []) + by_kind.get("industry", [])
    for u in bodies:
        for k in ("gov", "industry", "platform", "auditor", "site", "media", "ngo", "expert"):
            for v in by_kind.get(k, []):
                rate(u, v, rating(6, 10))
    for k in ("media", "ngo"):
        for u in by_kind.get(k, []):
            for v in bodies:
                rate(u, v, rating(5, 10))
    reviewers = by_kind.get("koc", [])
    for u in by_kind.get("site", []):
        for v in by_kind.get("expert", []):
            rate(u, v, rating(4, 10))
        for _ in range(len(reviewers) // 10):
            rate(u, reviewers[rng.randrange(len(reviewers))], rating(3, 10))
    for v in reviewers:
        for _ in range(2 + rng.randrange(5)):
            u = reviewers[rng.randrange(len(reviewers))]
            rate(u, v, -rating(1, 10) if rng.random() < 0.1 else rating(1, 10))

    rows = sorted((START + rng.randrange(END - START), u, v, r) for (u, v), r in edges.items())
    with open(output, "w", encoding="utf-8", newline="\n") as f:
        f.write("source,target,rating,time\n")
        for t, u, v, r in rows:
            f.write(f"{u},{v},{r},{iso(t)}\n")
    nodes = {u for u, _ in edges} | {v for _, v in edges}
    assert nodes == set(sources), sorted(set(sources) - nodes)[:5]
    print(f"{output}: {len(rows)} ratings among {len(sources)} sources")


if __name__ == "__main__":
    main()
