"""Finding and loading libtrustscore: TRUSTSCORE_LIBRARY, the package folder,
the build tree; clear errors for a wrong path and an ABI mismatch."""

import os
import shutil
import subprocess
import sys

import pytest

import trustscore as ts
from trustscore import _lib, _library_search

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))


def run_python(code, env_changes, cwd=None, pythonpath=PACKAGE_ROOT):
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    env["PYTHONPATH"] = pythonpath
    return subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        cwd=cwd or "/",
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_versions():
    assert ts.ABI_VERSION == _lib.EXPECTED_ABI_VERSION == 1
    assert ts.LIBRARY_VERSION == ts.__version__  # one version for library and package
    assert ts.__version__ == "0.1.0"


def test_the_environment_variable_is_used():
    assert ts.LIBRARY_PATH == os.environ["TRUSTSCORE_LIBRARY"]
    assert _lib.find_library() == os.environ["TRUSTSCORE_LIBRARY"]


def test_a_wrong_path_is_a_clear_error(monkeypatch, tmp_path):
    missing = str(tmp_path / "nope" / "libtrustscore.so")
    monkeypatch.setenv("TRUSTSCORE_LIBRARY", missing)
    with pytest.raises(ts.LibraryError) as info:
        _lib.find_library()
    assert "TRUSTSCORE_LIBRARY" in str(info.value) and missing in str(info.value)
    assert isinstance(info.value, ImportError)
    # and at import time, in a fresh interpreter
    proc = run_python("import trustscore", {"TRUSTSCORE_LIBRARY": missing})
    assert proc.returncode != 0
    assert "LibraryError" in proc.stderr and missing in proc.stderr


def test_a_file_that_is_not_the_library(tmp_path):
    fake = tmp_path / "libtrustscore.so"
    fake.write_text("not a library")
    with pytest.raises(ts.LibraryError, match="cannot load libtrustscore from"):
        _lib.load_library(str(fake))
    with pytest.raises(ts.LibraryError, match="is not libtrustscore"):
        _lib.load_library(_find_libc())


def _find_libc():
    import ctypes.util

    name = ctypes.util.find_library("m") or "libm.so.6"
    return name


def test_abi_mismatch_is_refused(monkeypatch):
    monkeypatch.setattr(_lib, "EXPECTED_ABI_VERSION", 2)
    with pytest.raises(ts.LibraryError) as info:
        _lib.load_library(ts.LIBRARY_PATH)
    message = str(info.value)
    assert "has ABI version 1" in message
    assert "needs ABI version 2" in message
    assert ts.LIBRARY_PATH in message


def test_the_library_inside_the_package_is_found(tmp_path):
    package = tmp_path / "site" / "trustscore"
    shutil.copytree(
        os.path.join(PACKAGE_ROOT, "trustscore"),
        package,
        ignore=shutil.ignore_patterns("__pycache__", "*.so"),
    )
    shutil.copyfile(
        os.path.realpath(os.environ["TRUSTSCORE_LIBRARY"]), package / "libtrustscore.so"
    )
    proc = run_python(
        "import trustscore; print(trustscore.LIBRARY_PATH)",
        {"TRUSTSCORE_LIBRARY": None},
        pythonpath=str(tmp_path / "site"),
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(package / "libtrustscore.so")


def test_the_build_tree_is_found():
    candidates = _library_search.build_tree_candidates(os.path.join(PACKAGE_ROOT, "trustscore"))
    if not candidates:
        pytest.skip("no non-sanitizer build of libtrustscore in build/")
    proc = run_python(
        "import trustscore; print(trustscore.LIBRARY_PATH)", {"TRUSTSCORE_LIBRARY": None}
    )
    assert proc.returncode == 0, proc.stderr
    found = proc.stdout.strip()
    assert found == candidates[0]
    assert found.startswith(os.path.join(REPO, "build") + os.sep)


def test_build_tree_search_order_skips_sanitizer_builds(tmp_path):
    (tmp_path / "include" / "trustscore").mkdir(parents=True)
    (tmp_path / "include" / "trustscore" / "trustscore.h").write_text("")
    package = tmp_path / "bindings" / "python" / "trustscore"
    package.mkdir(parents=True)
    for name, sanitize in [("asan", "address,undefined"), ("dev", ""), ("release", "")]:
        (tmp_path / "build" / name / "src").mkdir(parents=True)
        (tmp_path / "build" / name / "src" / "libtrustscore.so").write_text("")
        (tmp_path / "build" / name / "CMakeCache.txt").write_text(
            f"CMAKE_BUILD_TYPE:STRING=Release\nTRUSTSCORE_SANITIZE:STRING={sanitize}\n"
        )
    found = _library_search.build_tree_candidates(str(package))
    assert found == [
        str(tmp_path / "build" / "release" / "src" / "libtrustscore.so"),
        str(tmp_path / "build" / "dev" / "src" / "libtrustscore.so"),
    ]


def test_nothing_found_is_a_clear_error(tmp_path):
    package = tmp_path / "site" / "trustscore"
    shutil.copytree(
        os.path.join(PACKAGE_ROOT, "trustscore"),
        package,
        ignore=shutil.ignore_patterns("__pycache__", "*.so"),
    )
    proc = run_python(
        "import trustscore", {"TRUSTSCORE_LIBRARY": None}, pythonpath=str(tmp_path / "site")
    )
    assert proc.returncode != 0
    assert "cannot find libtrustscore" in proc.stderr and "TRUSTSCORE_LIBRARY" in proc.stderr


def test_every_exported_function_is_declared():
    exported = subprocess.run(
        ["nm", "-D", "--defined-only", os.path.realpath(ts.LIBRARY_PATH)],
        capture_output=True,
        text=True,
    )
    if exported.returncode != 0:
        pytest.skip("nm is not available")
    names = {line.split()[-1] for line in exported.stdout.splitlines() if " T " in line}
    names = {n for n in names if n.startswith("trustscore_")}
    assert names == set(_lib.FUNCTIONS)
