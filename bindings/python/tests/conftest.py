"""Test setup: which library and which package the tests use.

- The library: TRUSTSCORE_LIBRARY if set (scripts/test sets it to the build it
  just made); otherwise the first library of this repository's build tree in
  the package's own search order (trustscore/_library_search.py: build/release
  first, then the newest other non-sanitizer build/*/src). It is exported in
  the environment so that subprocesses started by tests load the same library.
- The package: the source tree (bindings/python) is put first on sys.path,
  unless TRUSTSCORE_TEST_INSTALLED=1, which tests the installed package.
"""

import importlib.util
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)  # bindings/python
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))


def _library_search():
    """trustscore/_library_search.py of this checkout, loaded by its path:
    importing it as part of the package would load a library before this file
    has chosen one."""
    path = os.path.join(PACKAGE_ROOT, "trustscore", "_library_search.py")
    spec = importlib.util.spec_from_file_location("_trustscore_library_search", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


if not os.environ.get("TRUSTSCORE_LIBRARY"):
    candidates = _library_search().build_tree_candidates(REPO)
    if not candidates:
        raise RuntimeError(
            "no libtrustscore.so found: build it (cmake --preset release && cmake --build "
            "--preset release) or set TRUSTSCORE_LIBRARY"
        )
    os.environ["TRUSTSCORE_LIBRARY"] = candidates[0]
else:
    os.environ["TRUSTSCORE_LIBRARY"] = os.path.abspath(os.environ["TRUSTSCORE_LIBRARY"])

if os.environ.get("TRUSTSCORE_TEST_INSTALLED") != "1":
    sys.path.insert(0, PACKAGE_ROOT)
