"""The "Online use" tables of bench/report.py's markdown: scoring chosen
entities of one store and retracting signals (bench_online), and scoring by
id while a writer adds (bench_serving), with the targets docs/guide/benchmarks.md states.
"""

from report_cells import Binary, Table, fmt_items, fmt_time, pct, plural, times, verdict

ONLINE_BINARIES = {"bench_online", "bench_serving"}
# The steps of scoring one entity that bench_online times alone (BM_OneEntityPart/part:i).
PARTS = [
    "read lock and unlock",
    "`prepare()`",
    "the Beta guard's check (`beta_guard_never_fails`)",
    "gathering its 18 cells",
    "the kernel on one entity",
    "(by id) the id's look-up",
]


def _runs(bench, prefix):
    """{(entities, second argument or None): record} of the runs named prefix/entities:N/..."""
    out = {}
    for name, record in bench.matching(prefix + "/").items():
        parts = dict(p.split(":", 1) for p in name.split("/")[1:] if ":" in p)
        if "entities" not in parts or "error" in record:
            continue
        rest = [int(v) for k, v in parts.items() if k not in ("entities", "iterations")]
        out[(int(parts["entities"]), rest[0] if rest else None)] = record
    return out


def _measured(table, value):
    """The summary of targets shows what the last row measured (its ratio
    column compares with a baseline, not with the target)."""
    table.targets[-1][2] = value


def _per_cpu_ratio(r):
    """The writer's signals per second of its CPU time with the readers over
    alone (None where the program did not measure CPU time)."""
    with_cpu, alone_cpu = r.get("writer_cpu_share"), r.get("writer_cpu_share_alone")
    if not with_cpu or not alone_cpu:
        return None
    return (r["writer_signals_per_s"] / with_cpu) / (r["writer_solo_signals_per_s"] / alone_cpu)


def _size(n):
    return f"{n / 1e6:g} M" if n >= 1e6 else f"{n:,}"


def online_table(report):
    bench = Binary(report, "bench_online")
    table = Table(
        "online",
        ["measurement", "trustscore", "baseline", "ratio", "target", "the ratio compares"],
        "Chosen entities of one Beta store (9 factors, 3 signals per entity) scored as a page "
        "view does: `score_entities_into` by dense index, `score_ids_into` by id, entities "
        "picked at random (their evidence not in cache); the whole store by `score_into`. "
        "Times are medians of wall time per call. Retraction (`retract`) beside adding the "
        "same signals (`add`), random entities, batches of 1,024 and 65,536. The notes time "
        "each step of scoring one entity alone, in a loop of its own: a step's cache misses "
        "then overlap with the next call's, so the steps add up to less than the whole.",
    )
    if bench.why:
        table.missing("every measurement", bench.why)
        return table
    chosen, by_id = _runs(bench, "BM_ScoreIndices"), _runs(bench, "BM_ScoreOneById")
    whole = _runs(bench, "BM_ScoreWhole")
    parts = _runs(bench, "BM_OneEntityPart")
    sizes = sorted({n for n, _ in chosen} | {n for n, _ in whole})
    if not sizes:
        table.missing("every measurement", "skipped: no BM_ScoreIndices runs in the output")
    for n in sizes:
        store = f"{_size(n)} entities"
        base = whole.get((n, 1))
        per_entity = base["real_time"] / n if base else None
        base_cell = f"whole store, 1 thread: {fmt_time(per_entity)} per entity" if base else ""
        for count, target in [(1, 0.5e-6), (16, None), (1024, None)]:
            r = chosen.get((n, count))
            label = f"{'one entity' if count == 1 else f'{count:,} entities'} by index, {store}"
            if r is None or base is None:
                table.missing(label, "skipped: not in bench_online's output")
                continue
            t = r["real_time"]
            cells = [
                label,
                fmt_time(t) + ("" if count == 1 else f" ({fmt_time(t / count)} per entity)"),
                base_cell,
                times(t / count / per_entity),
                verdict(t <= target, f"≤ {fmt_time(target)}") if target else "",
                "time per entity / whole store's",
            ]
            table.row(*cells)
            if target:
                _measured(table, fmt_time(t))
        r, one = by_id.get((n, None)), chosen.get((n, 1))
        if r is None or one is None:
            table.missing(f"one entity by id, {store}", "skipped: not in bench_online's output")
        else:
            table.row(
                f"one entity by id, {store}",
                fmt_time(r["real_time"]),
                f"one by index: {fmt_time(one['real_time'])}",
                times(r["real_time"] / one["real_time"]),
                verdict(r["real_time"] <= 1e-6, "≤ 1 µs"),
                "time / by index",
            )
            _measured(table, fmt_time(r["real_time"]))
        steps = [(label, parts.get((n, i))) for i, label in enumerate(PARTS)]
        if all(r for _, r in steps):
            table.notes.append(
                f"- Where one entity's time goes, {store}: "
                + ", ".join(f"{label} {fmt_time(r['real_time'])}" for label, r in steps)
                + "."
            )
        two = whole.get((n, 2))
        if base and two:
            table.row(
                f"whole store, 2 threads, {store}",
                f"{fmt_time(two['real_time'])} ({fmt_items(n / two['real_time'])})",
                f"1 thread: {fmt_time(base['real_time'])} ({fmt_items(n / base['real_time'])})",
                times(base["real_time"] / two["real_time"]),
                "",
                "speed / 1 thread",
            )
        add, retract = _runs(bench, "BM_AddSignals"), _runs(bench, "BM_RetractSignals")
        for batch in sorted(b for m, b in retract if m == n):
            a, r = add.get((n, batch)), retract[(n, batch)]
            label = f"retract batches of {batch:,} signals, {store}"
            if a is None:
                table.missing(label, "skipped: no BM_AddSignals run beside it")
                continue
            table.row(
                label,
                fmt_items(r["items_per_second"], "signals"),
                f"add the same: {fmt_items(a['items_per_second'], 'signals')}",
                pct(r["items_per_second"] / a["items_per_second"]),
                "",
                "signals/s / add's",
            )
    return table


def serving_table(report):
    bench = Binary(report, "bench_serving")
    cores = report["machine"]["nproc"]
    step = report["binaries"].get("bench_serving") or {}
    context = step.get("context", {})
    entities = int(context.get("entities", 1_000_000))
    table = Table(
        "serving",
        [
            "readers",
            "reader latency: p50 / p99 / p99.9 (max)",
            "writer with the readers",
            "writer alone (baseline)",
            "ratio, writer (with the readers / alone)",
            "ratio, writer per CPU second (with / alone)",
            "target",
        ],
        "One writer thread adds batches of 1,024 signals (random existing entities, by index) "
        f"to a store of {_size(entities)} entities as fast as it can, while each reader thread scores one "
        "random entity at a time by id (`score_ids_into`, one id per call); every call's latency "
        "is recorded. The writer alone is measured in the same repetition, just before and after "
        f"(their mean). **This machine has {cores} cores**, shared with whatever else runs: "
        "with 2 or 3 readers, writer and readers alone outnumber them. The writer's signals per "
        "second of its own CPU time, with the readers and alone, sets apart what the readers "
        "cost it through the store (lock, caches) from the time the scheduler gave it; the notes "
        "say how much of the wall time each thread ran and how often it waited for the lock. "
        "The other load decides how often writer and readers run at the same moment, and so how "
        "often they meet at the lock: these numbers move with it more than most.",
    )
    runs = {}
    for name, record in bench.matching("BM_Serving/").items():
        parts = dict(p.split(":", 1) for p in name.split("/")[1:] if ":" in p)
        if "readers" in parts:
            runs[int(parts["readers"])] = record
    if bench.why or not runs:
        table.missing("1, 2, 3", bench.why or "skipped: no BM_Serving runs in the output")
        return table
    for readers, r in sorted(runs.items()):
        threads = readers + 1
        label = f"{readers} ({threads} threads on {cores} cores)"
        if "error" in r:
            table.missing(label, f"skipped: {r['error']}")
            continue
        if not r.get("reads"):
            table.missing(label, "failed: the readers scored nothing")
            continue
        ratio = r["writer_ratio"]
        p99 = r["p99_us"] * 1e-6
        per_cpu = _per_cpu_ratio(r)
        table.row(
            label,
            f"{fmt_time(r['p50_us'] * 1e-6)} / {fmt_time(p99)} / {fmt_time(r['p999_us'] * 1e-6)} "
            f"({fmt_time(r['max_us'] * 1e-6)}); {r['reads_per_s'] / 1e6:.2f} M scores/s",
            fmt_items(r["writer_signals_per_s"], "signals"),
            fmt_items(r["writer_solo_signals_per_s"], "signals"),
            pct(ratio),
            pct(per_cpu) if per_cpu is not None else "—",
            f"{verdict(p99 <= 20e-6, 'p99 ≤ 20 µs')}; {verdict(ratio >= 0.6, 'writer ≥ 60%')}",
        )
        _measured(table, f"p99 {fmt_time(p99)}, writer {pct(ratio)}")
        if per_cpu is not None:
            table.notes.append(
                f"- {plural(readers, 'reader')}: the writer ran {pct(r['writer_cpu_share'])} of "
                f"the wall time (alone {pct(r['writer_cpu_share_alone'])}), waited for the lock "
                f"{r['writer_waits_per_batch']:.2f} times per batch (alone "
                f"{r['writer_waits_per_batch_alone']:.2f}) and was preempted "
                f"{r['writer_preempted_per_s']:.0f} times a second; each reader ran "
                f"{pct(r['reader_cpu_share'])} of the wall time, waited "
                f"{r['reader_waits_per_1k']:.2f} times per 1,000 calls and was preempted "
                f"{r['reader_preempted_per_s']:.0f} times a second."
            )
    seconds = float(context.get("seconds_with_readers", "nan"))
    table.notes.insert(
        0,
        f"{entities:,} entities, batches of {context.get('batch', '?')} signals; "
        f"{context.get('hardware_threads', '?')} hardware threads; {seconds:g} s with the readers "
        "per repetition, medians of the repetitions.\n",
    )
    return table
