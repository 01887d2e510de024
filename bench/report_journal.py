"""The "Journal" table of bench/report.py's markdown (bench_journal): appends
with `sync` beside write + fdatasync of the same bytes, group commit, and
recovery beside adding the same signals from memory, with the targets of
issue #21 (docs/guide/benchmarks.md).
"""

from report_cells import Binary, Table, fmt_bytes, fmt_rate, fmt_time, pct, times, verdict

JOURNAL_BINARIES = {"bench_journal"}
APPEND_TARGET = 0.8  # of write + fdatasync's bytes/s, batches of 10,000
GROUP_TARGET = 4.0  # 8 writers' batches/s over one writer's
RECOVERY_TARGET = 0.8  # of adding the same signals from memory


def _batches(bench):
    """{batch size: record} of the BM_Append/batch:N runs."""
    out = {}
    for name, record in bench.matching("BM_Append/").items():
        parts = dict(p.split(":", 1) for p in name.split("/")[1:] if ":" in p)
        if "batch" in parts:
            out[int(parts["batch"])] = record
    return out


def _per_batch(record, part):
    """Time per batch, bytes/s."""
    rate = record[f"{part}_bytes_per_second"]
    rate_cell = fmt_rate(rate) if rate >= 1e6 else f"{rate / 1e3:.0f} kB/s"
    return f"{fmt_time(record[f'{part}_seconds_per_batch'])} per batch, {rate_cell}"


def _append_rows(table, bench):
    runs = _batches(bench)
    if not runs:
        table.missing("appends", "skipped: no BM_Append runs in bench_journal's output")
        return
    for size, r in sorted(runs.items()):
        label = f"batches of {size:,} signal{'s' if size != 1 else ''}"
        if "error" in r:
            table.missing(label, f"skipped: {r['error']}")
            continue
        raw = f"write + fdatasync: {_per_batch(r, 'raw')}"
        target = size == 10_000
        alone = r["append_bytes_per_second"] / r["raw_bytes_per_second"]
        table.row(
            f"journal append alone, {label} ({r['bytes_per_batch']:,.0f} bytes)",
            _per_batch(r, "append"),
            raw,
            pct(alone),
            verdict(alone >= APPEND_TARGET, f"≥ {pct(APPEND_TARGET)}") if target else "",
            "bytes/s / write + fdatasync's",
        )
        whole = r["add_bytes_per_second"] / r["raw_bytes_per_second"]
        table.row(
            f"`add` with `sync`, {label}",
            _per_batch(r, "add"),
            raw,
            pct(whole),
            verdict(whole >= APPEND_TARGET, f"≥ {pct(APPEND_TARGET)}") if target else "",
            "bytes/s / write + fdatasync's",
        )
        note = (
            f"- Batches of {size:,}: `add` took {fmt_time(r['add_seconds_per_batch'])}: the "
            f"journal's append alone {fmt_time(r['append_seconds_per_batch'])}, the store's own "
            f"add of the batch in memory {fmt_time(r['memory_seconds_per_batch'])} alone "
            f"(write + fdatasync: {fmt_time(r['raw_seconds_per_batch'])})."
        )
        if target and whole < APPEND_TARGET:
            note += (
                " The call's ratio misses the target by the store's add, which the baseline "
                "does not do and no journal can hide: the journal's part, the row above, is "
                "what the target measures of the journal."
            )
        table.notes.append(note)


def _group_row(table, bench):
    r, why = bench.get("BM_GroupCommit")
    label = "group commit: 8 writers of 1-signal batches"
    if r is None:
        table.missing(label, why)
        return
    one, many = r["one_writer_batches_per_second"], r["writers_batches_per_second"]
    ratio = many / one
    table.row(
        label,
        f"{many:,.0f} batches/s",
        f"one writer: {one:,.0f} batches/s",
        times(ratio),
        verdict(ratio >= GROUP_TARGET, f"≥ {GROUP_TARGET:g}x"),
        "batches/s / one writer's",
    )


def _recovery_row(table, bench, context):
    r, why = bench.get("BM_Recovery")
    signals = int(context.get("journaled_signals", 0))
    label = f"recovery: a checkpoint and {signals / 1e6:g} M journaled signals"
    if r is None:
        table.missing(label, why)
        return
    recover, memory = r["recover_seconds"], r["memory_seconds"]
    ratio = memory / recover
    table.row(
        label,
        f"open: {fmt_time(recover)} ({signals / recover / 1e6:.2f} M signals/s)",
        f"load the checkpoint, add from memory: {fmt_time(memory)}",
        pct(ratio),
        verdict(ratio >= RECOVERY_TARGET, f"≥ {pct(RECOVERY_TARGET)}"),
        "speed / adding from memory",
    )
    cpu = ""
    if r.get("recover_cpu_seconds") and r.get("memory_cpu_seconds"):
        cpu = (
            f" CPU time (the thread's): open {fmt_time(r['recover_cpu_seconds'])}, from memory "
            f"{fmt_time(r['memory_cpu_seconds'])}, "
            f"{pct(r['memory_cpu_seconds'] / r['recover_cpu_seconds'])}: where the wall times "
            "are far above these, the thread waited for a core, and the wall ratio says more "
            "about the machine's load than about the journal."
        )
    table.notes.append(
        f"- Recovery: the checkpoint's load alone takes {fmt_time(r['checkpoint_seconds'])} "
        f"(in both sides); the journal ({fmt_bytes(int(context.get('journal_bytes', 0)))}, "
        f"calls of {int(context.get('recovery_batch', 0)):,} signals) was just written, so "
        "it is read from the page cache." + cpu
    )


def _where(context):
    """Where bench_journal put its files, without the machine's paths."""
    where = context.get("directory", "/tmp")
    if where == "TRUSTSCORE_BENCH_DIR":
        return "`TRUSTSCORE_BENCH_DIR`"
    if where == "TMPDIR":
        return "`$TMPDIR` (where the tests' scratch directories go)"
    return "`/tmp` (where the tests' scratch directories go)"


def journal_table(report):
    bench = Binary(report, "bench_journal")
    step = report["binaries"].get("bench_journal") or {}
    context = step.get("context", {})
    entities = int(context.get("entities", 1_000_000))
    table = Table(
        "journal",
        ["measurement", "trustscore", "baseline", "ratio", "target", "the ratio compares"],
        f"A journaled store of {entities:,} entities (Beta, 9 factors) in a scratch directory "
        f"under {_where(context)}. Signals by id, "
        "about random entities. Each benchmark times its sides alone, turning their order "
        "every iteration, so that both meet the same disk: fdatasync's latency on this shared "
        "disk drifts tenfold over minutes. **Appends**: `JournaledStore::add` with `sync` "
        "durability (append, apply to the store, fdatasync); the journal's append alone (the "
        "record encoded and checksummed, appended to a journal file, synced); the baseline "
        "writes the same record's bytes with write + fdatasync to a file in the same "
        "directory. **Group commit**: rounds of one thread adding 32 1-signal batches with "
        "`sync`, then 8 threads adding 32 each at once. **Recovery**: opening a directory "
        "holding a checkpoint (every entity, one signal each) and the journal after it, beside "
        "loading the same checkpoint into a fresh store and adding the same batches by id "
        "from memory.",
    )
    if bench.why:
        table.missing("every measurement", bench.why)
        return table
    _append_rows(table, bench)
    _group_row(table, bench)
    _recovery_row(table, bench, context)
    return table
