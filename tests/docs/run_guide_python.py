"""Runs the Python code blocks of the README and the guide, page by page, as users would.

Each page's ```python blocks run in order as one script (a page is one session: a later block
may use what an earlier one made, as in doctest), in a fresh interpreter whose working
directory is a new temporary folder holding a link to the repository's examples/, so blocks
that read examples/merchants.csv find it and files they write (journaled stores, plots) land
there. The script keeps each block at its line in the page, so a traceback's line numbers are
the page's. A page passes when its script exits 0.

A block that is not meant to run (a fragment) is marked by an HTML comment on the line
before its fence, which neither GitHub nor the site shows:

    <!-- docs-test: skip (why) -->

The package is imported from bindings/python unless --installed; it finds libtrustscore as
always (TRUSTSCORE_LIBRARY, else the build tree).

    /usr/bin/python3 tests/docs/run_guide_python.py [--installed] [PAGE.md ...]

Without pages: README.md and every page under docs/ that has a Python block.
"""

from __future__ import annotations

import argparse
import glob
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>```+|~~~+)[ \t]*(?P<info>[^\n`]*)$")
SKIP = re.compile(r"^\s*<!--\s*docs-test:\s*skip\b.*-->\s*$")


def python_blocks(lines):
    """(first line number, 1-based, of the code; its lines) of every ```python block that is
    not marked to be skipped."""
    blocks, i = [], 0
    while i < len(lines):
        match = FENCE.match(lines[i])
        if not match:
            i += 1
            continue
        fence, indent = match.group("fence"), match.group("indent")
        info = match.group("info").strip().split()
        end = i + 1
        closing = re.compile(re.escape(fence[0]) + "{%d,}" % len(fence))
        while end < len(lines) and not closing.fullmatch(lines[end].strip()):
            end += 1
        skipped = i > 0 and SKIP.match(lines[i - 1])
        if info and info[0] in ("python", "py", "python3") and not skipped:
            body = [
                line[len(indent) :] if line.startswith(indent) else line
                for line in lines[i + 1 : end]
            ]
            blocks.append((i + 2, body))
        i = end + 1
    return blocks


def page_script(lines, blocks):
    """The page's blocks as one script, each block at its own line numbers."""
    script = [""] * len(lines)
    for first, body in blocks:
        script[first - 1 : first - 1 + len(body)] = body
    return "\n".join(script) + "\n"


def default_pages():
    pages = [os.path.join(REPO, "README.md")]
    pages += sorted(glob.glob(os.path.join(REPO, "docs", "**", "*.md"), recursive=True))
    return pages


def run_page(page, python, installed, timeout):
    """Runs the page's blocks; returns (blocks run, seconds, failure message or None)."""
    with open(page, encoding="utf-8") as f:
        lines = f.read().splitlines()
    blocks = python_blocks(lines)
    if not blocks:
        return 0, 0.0, None
    relative = os.path.relpath(page, REPO)
    with tempfile.TemporaryDirectory(prefix="guide-python-") as work:
        os.symlink(os.path.join(REPO, "examples"), os.path.join(work, "examples"))
        # Named after the page, so a traceback says which page (its lines are the page's).
        script = os.path.join(work, relative.replace(os.sep, "__") + ".py")
        with open(script, "w", encoding="utf-8") as f:
            f.write(page_script(lines, blocks))
        env = dict(os.environ)
        if not installed:
            package = os.path.join(REPO, "bindings", "python")
            env["PYTHONPATH"] = os.pathsep.join(filter(None, [package, env.get("PYTHONPATH")]))
        env.setdefault("MPLBACKEND", "Agg")  # plots are written to files, never shown
        started = time.monotonic()
        # A session of its own: a page that hangs is ended with every process it started
        # (Dask's workers too).
        proc = subprocess.Popen(
            [python, script],
            cwd=work,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
        try:
            stdout, stderr = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return len(blocks), time.monotonic() - started, f"still running after {timeout:g} s"
        seconds = time.monotonic() - started
    if proc.returncode != 0:
        at = ", ".join(str(first) for first, _ in blocks)
        return (
            len(blocks),
            seconds,
            f"exit status {proc.returncode} (blocks at lines {at}; a traceback's line numbers "
            f"are the page's)\n--- stdout\n{stdout}--- stderr\n{stderr}",
        )
    return len(blocks), seconds, None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("pages", nargs="*", help="Markdown pages (default: README.md, docs/)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run them")
    parser.add_argument(
        "--installed", action="store_true", help="use the installed package, not bindings/python"
    )
    parser.add_argument("--timeout", type=float, default=180, help="seconds a page may take")
    args = parser.parse_args(argv)
    failures, total = [], 0
    for page in [os.path.abspath(p) for p in args.pages] or default_pages():
        relative = os.path.relpath(page, REPO)
        count, seconds, failure = run_page(page, args.python, args.installed, args.timeout)
        if not count:
            continue
        total += count
        status = "FAILED" if failure else "ok"
        print(f"{relative}: {count} Python block(s), {seconds:.1f} s, {status}", flush=True)
        if failure:
            failures.append(f"{relative}: {failure}")
    if failures:
        print(
            "\n".join(["", "Python blocks of the guide that failed:"] + failures), file=sys.stderr
        )
        print(
            "Fix the page (or its block: each page's blocks run as one script from a folder with "
            "examples/), or mark a fragment with <!-- docs-test: skip (why) --> on the line "
            "before its fence.",
            file=sys.stderr,
        )
        return 1
    if not total:
        print("run_guide_python: no Python blocks found", file=sys.stderr)
        return 1
    print(f"run_guide_python: {total} Python block(s) ran")
    return 0


if __name__ == "__main__":
    sys.exit(main())
