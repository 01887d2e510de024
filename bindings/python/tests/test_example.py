"""The Python examples of the README and the Python guide run and print what they promise."""

import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))
EXAMPLE = os.path.join(PACKAGE_ROOT, "examples", "score_merchants.py")


def test_score_merchants_example():
    env = dict(os.environ)
    if os.environ.get("TRUSTSCORE_TEST_INSTALLED") != "1":
        env["PYTHONPATH"] = PACKAGE_ROOT
    proc = subprocess.run(
        [sys.executable, EXAMPLE], env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert lines[0].startswith("44213 signals about 300 merchants")
    rows = lines[2:]
    assert len(rows) == 5
    scores = [float(row.split()[1]) for row in rows]
    assert scores == sorted(scores, reverse=True)
    assert all(row.startswith("m") for row in rows)
    assert not any("breachco" in row for row in rows)
    for row in rows:
        lower, upper = row.split("[")[1].split("]")[0].split(",")
        assert float(lower) <= float(row.split()[1]) <= float(upper)


def python_block(page, heading):
    """The first python block after heading in page (a path relative to the repository)."""
    with open(os.path.join(REPO, page), encoding="utf-8") as f:
        text = f.read()
    section = text[text.index(heading + "\n") :]
    start = section.index("```python\n") + len("```python\n")
    return section[start : section.index("```", start)]


def run_block(block):
    env = dict(os.environ)
    if os.environ.get("TRUSTSCORE_TEST_INSTALLED") != "1":
        env["PYTHONPATH"] = PACKAGE_ROOT
    return subprocess.run(
        [sys.executable, "-c", block],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_readme_python_quick_start():
    proc = run_block(python_block("README.md", "## Use from Python"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    assert "score" in lines[0]  # the DataFrame's header
    rows = lines[-3:]
    assert all(row.startswith("m") for row in rows)
    scores = [float(row.split()[1]) for row in rows]
    assert scores == sorted(scores, reverse=True) and 0.5 < scores[-1] < 1


def test_guide_python_example():
    proc = run_block(python_block("docs/guide/python.md", "# Use from Python"))
    assert proc.returncode == 0, proc.stderr
    lines = proc.stdout.splitlines()
    entity, score, lever = lines[0].split()
    assert (
        entity.startswith("m")
        and 0.5 < float(score) < 1
        and lever
        in (
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
    )
    assert "score" in lines[1]  # the DataFrame's header
