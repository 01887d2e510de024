"""Writes the outcomes of the Bitcoin OTC temporal split as CSV (entity,outcome,time).

Signals are the ratings before the split (``trustscore graph signals`` of the whole file with
``--cutoff`` at the split); the outcome of a user is the mean scaled rating, (r + 10) / 20, that
the user receives from the split on, for users with at least ``--min-after`` such ratings and at
least one rating received before the split. Its time is the last of those ratings.

    python3 bench/otc_outcomes.py ../shared/data/bitcoin-otc/soc-sign-bitcoinotc.csv > outcomes.csv
"""

import argparse
import csv
import datetime
import sys


def unix(date):
    """Unix seconds of an ISO date (UTC)."""
    return datetime.datetime.fromisoformat(date).replace(tzinfo=datetime.timezone.utc).timestamp()


def outcome_rows(ratings, split, min_after=3):
    """(user, outcome, time) of the split, users in id order."""
    before, after = set(), {}
    with open(ratings, newline="") as f:
        for source, target, rating, time in csv.reader(f):
            if float(time) < split:
                before.add(target)
            else:
                total, count, last = after.get(target, (0.0, 0, 0.0))
                value = (float(rating) + 10) / 20
                after[target] = (total + value, count + 1, max(last, float(time)))
    rows = []
    for user in sorted(after, key=int):
        total, count, last = after[user]
        if count >= min_after and user in before:
            rows.append((user, total / count, int(last)))
    return rows


def write_outcomes(rows, out):
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["entity", "outcome", "time"])
    for user, outcome, time in rows:
        writer.writerow([user, repr(outcome), time])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("ratings", help="soc-sign-bitcoinotc.csv: source,target,rating,time")
    parser.add_argument("--split", default="2014-01-01", help="ISO date (default 2014-01-01)")
    parser.add_argument("--min-after", type=int, default=3, help="ratings after the split")
    args = parser.parse_args()
    write_outcomes(outcome_rows(args.ratings, unix(args.split), args.min_after), sys.stdout)


if __name__ == "__main__":
    main()
