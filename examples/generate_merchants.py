#!/usr/bin/env python3
"""Generate examples/merchants.csv: two years of trust signals about 300 merchants.

Usage: python3 examples/generate_merchants.py [OUTPUT]   (default: merchants.csv
next to this script). Standard library only; the seed is fixed and the output is
byte-identical on every run and every Python 3 (only random.Random.random() and
randrange() are used, whose sequences Python keeps stable). The names it draws
from (merchants, reviewers, sources) are in simulated_names.py beside it.

Beside it, outcomes/merchants_outcomes.csv says what happened after the signals end
(entity,outcome,time: 1 if the merchant had no upheld dispute in the next 90
days, drawn from its quality at the end), for benchmarking models with
`trustscore eval`.

The file has the header entity,factor,value,weight,time,source, one signal per
row, rows in time order, times in ISO-8601 UTC from 2024-11-01 to 2026-11-01.
Values are in [0, 1] (1 fully positive); a review of k stars is (k - 1) / 4.

The world simulated
-------------------
Each merchant `mNNNN-<name>` has a latent quality that drifts a little over time,
a quality per factor scattered around it, a size (how much evidence it attracts,
log-normal: a few big merchants, many small ones) and a start date (a quarter of
them open during the two years and so have less history). Signals come from:

  koc:<handle>        customers and key opinion consumers: star ratings of the
                      merchant (koc_word_of_mouth) and of its service
                      (service_details); weight 1. Active reviewers review many
                      merchants.
  site:<name>-like    independent review sites (third_party_endorsement, aggregated
                      star ratings, weight 1.5; verified-business checks for
                      authenticity) and a case-study hub (weight 2).
  expert:eNN          40 domain experts scoring merchants (experts, weight 2).
  auditor:<name>      security certifiers and scanners (data_security, weight 3:
                      1 pass, 0.5 conditional, 0 fail).
  gov:<name>          government bodies: certification, consumer protection, data
                      protection authority (official_backing, data_security; weight 4).
  industry:<name>     industry associations and awards (official_backing, weight 2.5).
  media:<name>        credible public media (official_backing, values; weight 2).
  ngo:<name>          fair-trade, B-Corp and climate pledges (values, weight 1.5).
  platform:<name>     marketplace telemetry: on-time delivery and verified sales
                      figures (data_points), support resolution (service_details),
                      genuine-interaction share from trust & safety (authenticity),
                      security scans (data_security); weight 0.5-1, monthly for
                      bigger merchants, quarterly for small ones, none for the tiniest.

Special merchants
-----------------
m0042-breachco   A large, well-liked merchant for its first year. On 2025-11-12
                 it suffers a data breach: auditors fail it, the data protection
                 authority fines it, its certification is suspended, the media
                 report it, customers complain about their data, and ratings and
                 review-site scores drop to 1-2 stars for months before a slow,
                 partial recovery. It should rank in the bottom quarter, with
                 data_security its most negative factor.
m0137-starburst  A mediocre merchant (its own ~50 reviews average about 3.4 stars,
                 other factors below par) that receives 150 five-star
                 koc_word_of_mouth reviews between 2026-09-20 and 2026-09-23, each
                 from a brand-new source `koc:new-xxxxxx` that appears nowhere else
                 in the data. Only the sources' lack of history marks them; a scorer
                 needs source credibility (history, trust graph) or burst detection.
m0297-newkiosk   one signal (a single 4-star review).
m0298-garagelabs two signals (a review and an expert opinion).
m0299-quietcorner three signals (two reviews and a service rating).
Besides these, the log-normal sizes and late starts leave a tail of merchants
with only a handful of signals.
"""

import calendar
import math
import os
import random
import sys
import time

from simulated_names import (
    EXPERTS,
    FIRST_NAMES,
    MEDIA,
    NGOS,
    PREFIXES,
    REVIEW_SITES,
    SUFFIXES,
)

SEED = 20241101
N_MERCHANTS = 300
START = calendar.timegm((2024, 11, 1, 0, 0, 0))
END = calendar.timegm((2026, 11, 1, 0, 0, 0))
SPAN = END - START
DAY = 86400

HEADER = "entity,factor,value,weight,time,source"

BREACH_ID = "m0042-breachco"
BURST_ID = "m0137-starburst"
BREACH_TIME = calendar.timegm((2025, 11, 12, 9, 30, 0))
BURST_START = calendar.timegm((2026, 9, 20, 0, 0, 0))


def clip01(x):
    return 0.0 if x < 0.0 else 1.0 if x > 1.0 else x


def fmt_num(x):
    """Shortest of up to 4 decimals: 0.75, 1, 0.3333."""
    s = "%.4f" % x
    s = s.rstrip("0").rstrip(".")
    return s if s not in ("", "-0") else "0"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Gen:
    def __init__(self, seed):
        self.rng = random.Random(seed)
        self.rows = []

    # Random helpers built only on random() and randrange() (stable across Pythons).
    def u(self, a=0.0, b=1.0):
        return a + (b - a) * self.rng.random()

    def gauss(self, mu, sigma):
        # Box-Muller, one value per call.
        u1 = 1.0 - self.rng.random()  # (0, 1]
        u2 = self.rng.random()
        return mu + sigma * math.sqrt(-2.0 * math.log(u1)) * math.cos(2.0 * math.pi * u2)

    def pick(self, seq):
        return seq[self.rng.randrange(len(seq))]

    def poisson(self, lam):
        if lam <= 0:
            return 0
        if lam > 40:
            return max(0, int(round(self.gauss(lam, math.sqrt(lam)))))
        limit, k, p = math.exp(-lam), 0, 1.0
        while True:
            p *= self.rng.random()
            if p <= limit:
                return k
            k += 1

    def beta_like(self, a, b):
        # Beta(a, b) for integer a, b: X / (X + Y) with X, Y Gamma(a), Gamma(b), each
        # a sum of exponentials.
        x = sum(-math.log(1.0 - self.rng.random()) for _ in range(a))
        y = sum(-math.log(1.0 - self.rng.random()) for _ in range(b))
        return x / (x + y)

    def when(self, lo, hi):
        """A time in [lo, hi), during waking hours."""
        day = lo + self.rng.randrange(max(1, (hi - lo) // DAY)) * DAY
        return day + self.rng.randrange(7 * 3600, 23 * 3600)

    def emit(self, entity, factor, value, weight, t, source):
        assert 0.0 <= value <= 1.0 and weight > 0 and START <= t < END, (entity, factor, t)
        self.rows.append((t, entity, factor, fmt_num(value), fmt_num(weight), source))

    # Value models.
    def stars(self, q, sd=0.9):
        s = int(round(self.gauss(1.0 + 4.0 * q, sd)))
        return (min(5, max(1, s)) - 1) / 4.0

    def rate(self, q, sd=0.06):
        return round(clip01(self.gauss(q, sd)), 3)

    def audit(self, q):
        x = self.u()
        if x < q**0.5:
            return 1.0
        return 0.5 if x < q**0.25 else 0.0


def merchant_names(g):
    names, seen = [], set()
    while len(names) < N_MERCHANTS:
        n = g.pick(PREFIXES) + g.pick(SUFFIXES)
        if n not in seen:
            seen.add(n)
            names.append(n)
    return names


def reviewer_pool(g, size=5000):
    pool, seen = [], set()
    while len(pool) < size:
        h = "koc:%s%d" % (g.pick(FIRST_NAMES), g.rng.randrange(10, 1000))
        if h not in seen:
            seen.add(h)
            pool.append(h)
    return pool


class Merchant:
    def __init__(self, g, mid):
        self.id = mid
        self.q0 = 0.1 + 0.85 * g.beta_like(3, 2)
        self.drift = g.gauss(0.0, 0.08)
        # Per-factor offsets around the overall quality.
        self.offset = {
            f: g.gauss(0.0, 0.1)
            for f in (
                "authenticity",
                "third_party_endorsement",
                "values",
                "data_security",
                "data_points",
                "official_backing",
                "experts",
                "koc_word_of_mouth",
                "service_details",
            )
        }
        self.size = min(8.0, math.exp(g.gauss(0.0, 0.9)))
        self.start = START if g.u() < 0.75 else START + int(g.u(60, 640)) * DAY

    def q(self, factor, t):
        frac = (t - START) / SPAN
        return clip01(self.q0 + self.drift * frac + self.offset[factor])


def generate_regular(g, m, pool):
    """The ordinary evidence stream of one merchant from its start to the end."""
    active = (END - m.start) / SPAN  # fraction of the two years it is open
    vol = m.size * active

    def reviewer():
        # Active reviewers are drawn more often (squared uniform skews to low indices).
        return pool[int(len(pool) * g.u() ** 2)]

    for _ in range(g.poisson(45 * vol)):
        t = g.when(m.start, END)
        g.emit(m.id, "koc_word_of_mouth", g.stars(m.q("koc_word_of_mouth", t)), 1, t, reviewer())
    for _ in range(g.poisson(10 * vol)):
        t = g.when(m.start, END)
        g.emit(m.id, "service_details", g.stars(m.q("service_details", t)), 1, t, reviewer())
    for _ in range(g.poisson(8 * vol)):
        t = g.when(m.start, END)
        site = g.pick(REVIEW_SITES)
        # Aggregated site rating: an average of stars, to one decimal.
        avg = round(min(5.0, max(1.0, g.gauss(1 + 4 * m.q("third_party_endorsement", t), 0.4))), 1)
        g.emit(m.id, "third_party_endorsement", (avg - 1) / 4, 1.5, t, site)
    for _ in range(g.poisson(0.6 * vol)):
        t = g.when(m.start, END)
        g.emit(
            m.id,
            "third_party_endorsement",
            g.rate(0.5 + 0.5 * m.q("third_party_endorsement", t), 0.05),
            2,
            t,
            "site:casestudies-hub",
        )
    for _ in range(g.poisson(3 * vol)):
        t = g.when(m.start, END)
        g.emit(m.id, "experts", g.rate(m.q("experts", t), 0.1), 2, t, g.pick(EXPERTS))
    for _ in range(g.poisson(1 + 0.5 * vol)):
        t = g.when(m.start, END)
        g.emit(
            m.id,
            "authenticity",
            1.0 if g.u() < m.q("authenticity", t) ** 0.3 else 0.0,
            1.5,
            t,
            g.pick(REVIEW_SITES),
        )

    # Platform telemetry, on a cadence that depends on the merchant's size.
    step = 30 if m.size >= 0.7 else 91 if m.size >= 0.25 else 0
    if step:
        w = 1.0 if step == 30 else 0.75
        t, k = m.start + step * DAY, 0
        while t < END:
            ts = t + g.rng.randrange(3600, 6 * 3600)
            g.emit(
                m.id,
                "data_points",
                g.rate(0.3 + 0.7 * m.q("data_points", ts), 0.04),
                w,
                ts,
                "platform:order-telemetry",
            )
            g.emit(
                m.id,
                "service_details",
                g.rate(m.q("service_details", ts), 0.08),
                0.5,
                ts,
                "platform:support-telemetry",
            )
            if step > 30 or k % 2 == 0:  # about every two months
                g.emit(
                    m.id,
                    "authenticity",
                    g.rate(0.4 + 0.6 * m.q("authenticity", ts), 0.05),
                    0.5,
                    ts,
                    "platform:trust-safety",
                )
            t, k = t + step * DAY, k + 1
        if m.size >= 0.7:  # quarterly verified sales figures
            t = m.start + 45 * DAY
            while t < END:
                g.emit(
                    m.id,
                    "data_points",
                    g.rate(0.2 + 0.8 * m.q("data_points", t), 0.05),
                    1,
                    t + 12 * 3600,
                    "platform:verified-sales",
                )
                t += 91 * DAY

    # Audits and scans.
    for _ in range(g.poisson(1 + 1.5 * vol)):
        t = g.when(m.start, END)
        src = g.pick(["auditor:iso27001-certifier", "auditor:pci-qsa", "auditor:privacy-seal"])
        g.emit(m.id, "data_security", g.audit(m.q("data_security", t)), 3, t, src)
    for _ in range(g.poisson(2 * vol)):
        t = g.when(m.start, END)
        g.emit(
            m.id,
            "data_security",
            g.rate(m.q("data_security", t), 0.1),
            1,
            t,
            "platform:security-scan",
        )

    # Official backing: certifications, awards, sanctions, media coverage.
    for _ in range(g.poisson(0.5 + 1.0 * vol)):
        t = g.when(m.start, END)
        q = m.q("official_backing", t)
        kind = g.u()
        if kind < 0.3:
            v, w, src = (
                (1.0 if g.u() < q else 0.0),
                4,
                g.pick(["gov:cert-agency", "gov:consumer-protection"]),
            )
        elif kind < 0.6:
            v, w, src = (
                (1.0 if g.u() < q**2 else 0.6),
                2.5,
                g.pick(["industry:retail-association", "industry:ecommerce-awards"]),
            )
        else:
            v, w, src = g.rate(q, 0.15), 2, g.pick(MEDIA)
        g.emit(m.id, "official_backing", v, w, t, src)

    # Values: NGO pledges and ratings, media features.
    for _ in range(g.poisson(0.5 + 0.8 * vol)):
        t = g.when(m.start, END)
        q = m.q("values", t)
        if g.u() < 0.7:
            g.emit(m.id, "values", g.rate(q, 0.1), 1.5, t, g.pick(NGOS))
        else:
            g.emit(m.id, "values", g.rate(q, 0.15), 2, t, g.pick(MEDIA))


def generate_breach(g, m, pool):
    """m0042-breachco: a year of good standing, then a data breach on 2025-11-12."""
    m.q0, m.drift, m.size, m.start = 0.82, 0.0, 4.0, START
    for f in m.offset:
        m.offset[f] = 0.05
    before = len(g.rows)
    generate_regular(g, m, pool)
    # Keep the ordinary stream before the breach; replace what came after.
    kept = [r for r in g.rows[before:] if r[0] < BREACH_TIME]
    del g.rows[before:]
    g.rows.extend(kept)
    after = Merchant.__new__(Merchant)
    after.id, after.q0, after.drift, after.size, after.start = m.id, 0.25, 0.25, 4.0, BREACH_TIME
    after.offset = {f: 0.0 for f in m.offset}
    # After the breach quality starts low and recovers slowly (drift over the span).
    after.q0 = 0.25 - 0.25 * (BREACH_TIME - START) / SPAN
    after.offset.update(
        data_security=-0.3, authenticity=0.45, data_points=0.3, experts=0.1, values=0.05
    )
    generate_regular(g, after, pool)
    m.after_breach = after  # its quality from then on, for the outcomes

    # The breach itself, in the weeks after it became public.
    def days(d, h=10):
        return BREACH_TIME + d * DAY + h * 3600

    g.emit(m.id, "data_security", 0.0, 3, days(1), "auditor:pci-qsa")
    g.emit(m.id, "data_security", 0.0, 3, days(6), "auditor:iso27001-certifier")
    g.emit(m.id, "data_security", 0.0, 3, days(20), "auditor:privacy-seal")
    g.emit(m.id, "data_security", 0.0, 4, days(45), "gov:data-protection-authority")
    g.emit(m.id, "data_security", 0.0, 4, days(160), "gov:data-protection-authority")
    for d in (2, 9, 30, 61, 92):
        g.emit(m.id, "data_security", 0.1, 1, days(d, 4), "platform:security-scan")
    for d in (1, 1, 2, 3, 8, 35):
        g.emit(m.id, "official_backing", 0.05, 2, days(d, 8 + d % 5), g.pick(MEDIA))
    g.emit(m.id, "official_backing", 0.0, 4, days(50), "gov:cert-agency")
    g.emit(m.id, "values", 0.15, 2, days(4), "media:consumer-watch")
    for i in range(60):  # customers writing about their leaked data
        t = BREACH_TIME + g.rng.randrange(0, 120 * DAY)
        g.emit(
            m.id,
            "data_security",
            0.0 if g.u() < 0.8 else 0.25,
            1,
            t,
            pool[int(len(pool) * g.u() ** 2)],
        )
    for i in range(120):  # angry word of mouth in the first two months
        t = BREACH_TIME + g.rng.randrange(0, 60 * DAY)
        g.emit(
            m.id,
            "koc_word_of_mouth",
            0.0 if g.u() < 0.7 else 0.25,
            1,
            t,
            pool[int(len(pool) * g.u() ** 2)],
        )


def generate_burst(g, m, pool):
    """m0137-starburst: a mediocre merchant with 150 fresh five-star reviews in 3 days."""
    m.q0, m.drift, m.size, m.start = 0.42, 0.0, 1.0, START
    generate_regular(g, m, pool)
    taken = set(pool)
    for _ in range(150):
        while True:
            src = "koc:new-%06x" % g.rng.randrange(1 << 24)
            if src not in taken:
                taken.add(src)
                break
        t = BURST_START + g.rng.randrange(0, 3 * DAY + 12 * 3600)
        g.emit(m.id, "koc_word_of_mouth", 1.0, 1, t, src)


def generate_thin(g, mid, n, pool):
    """Merchants with one to three signals."""
    plans = {
        1: [("koc_word_of_mouth", 0.75, 1, "koc")],
        2: [("koc_word_of_mouth", 1.0, 1, "koc"), ("experts", 0.7, 2, "expert")],
        3: [
            ("koc_word_of_mouth", 0.5, 1, "koc"),
            ("koc_word_of_mouth", 0.75, 1, "koc"),
            ("service_details", 0.75, 1, "koc"),
        ],
    }[n]
    for factor, value, weight, kind in plans:
        t = g.when(START + 400 * DAY, END)
        src = pool[int(len(pool) * g.u() ** 2)] if kind == "koc" else g.pick(EXPERTS)
        g.emit(mid, factor, value, weight, t, src)


THIN = {297: ("newkiosk", 1), 298: ("garagelabs", 2), 299: ("quietcorner", 3)}


def main(argv):
    out = (
        argv[1]
        if len(argv) > 1
        else os.path.join(os.path.dirname(os.path.abspath(__file__)), "merchants.csv")
    )
    g = Gen(SEED)
    names = merchant_names(g)
    pool = reviewer_pool(g)
    merchants = []
    for i in range(1, N_MERCHANTS + 1):
        m = Merchant(g, "m%04d-%s" % (i, names[i - 1]))  # drawn for every i: stable stream
        if i == 42:
            m.id = BREACH_ID
            generate_breach(g, m, pool)
        elif i == 137:
            m.id = BURST_ID
            generate_burst(g, m, pool)
        elif i in THIN:
            m.id = "m%04d-%s" % (i, THIN[i][0])
            generate_thin(g, m.id, THIN[i][1], pool)
        else:
            generate_regular(g, m, pool)
        merchants.append(m)
    g.rows.sort()
    with open(out, "w", encoding="ascii", newline="\n") as fh:
        fh.write(HEADER + "\n")
        for t, entity, factor, value, weight, source in g.rows:
            fh.write("%s,%s,%s,%s,%s,%s\n" % (entity, factor, value, weight, iso(t), source))
    print("wrote %d signals about %d merchants to %s" % (len(g.rows), N_MERCHANTS, out))
    write_outcomes(
        merchants, os.path.join(os.path.dirname(out), "outcomes", "merchants_outcomes.csv")
    )


def write_outcomes(merchants, out):
    """outcomes/merchants_outcomes.csv: what happened after the signals end. For each
    merchant, 1 if it had no upheld dispute in the 90 days after 2026-11-01,
    else 0, drawn with probability its mean quality over the factors at the
    end (after the breach for m0042-breachco). Its own random stream, so
    merchants.csv stays byte-identical."""
    g = Gen(SEED + 1)
    t = iso(END + 90 * DAY)
    os.makedirs(os.path.dirname(out), exist_ok=True)
    with open(out, "w", encoding="ascii", newline="\n") as fh:
        fh.write("entity,outcome,time\n")
        for m in merchants:
            source = getattr(m, "after_breach", m)
            quality = sum(source.q(f, END) for f in m.offset) / len(m.offset)
            fh.write("%s,%d,%s\n" % (m.id, 1 if g.u() < quality else 0, t))
    print("wrote the outcomes of %d merchants to %s" % (len(merchants), out))


if __name__ == "__main__":
    main(sys.argv)
