"""Test setup: which library and which package the tests use.

- The library: TRUSTSCORE_LIBRARY if set (scripts/test sets it to the build it
  just made); otherwise the newest non-sanitizer build/*/src/libtrustscore.so
  of this repository (build/release first). It is exported in the
  environment so that subprocesses started by tests load the same library.
- The package: the source tree (bindings/python) is put first on sys.path,
  unless TRUSTSCORE_TEST_INSTALLED=1, which tests the installed package.
"""

import glob
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)  # bindings/python
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))


def _sanitized(build_dir):
    try:
        with open(
            os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8", errors="replace"
        ) as f:
            for line in f:
                if line.startswith("TRUSTSCORE_SANITIZE:"):
                    return line.split("=", 1)[1].strip() not in ("", "OFF")
    except OSError:
        pass
    return False


def _find_build_library():
    release = os.path.join(REPO, "build", "release", "src", "libtrustscore.so")
    if os.path.isfile(release):
        return release
    found = [
        p
        for p in glob.glob(os.path.join(REPO, "build", "*", "src", "libtrustscore.so"))
        if not _sanitized(os.path.dirname(os.path.dirname(p)))
    ]
    found.sort(key=os.path.getmtime, reverse=True)
    return found[0] if found else None


if not os.environ.get("TRUSTSCORE_LIBRARY"):
    library = _find_build_library()
    if library is None:
        raise RuntimeError(
            "no libtrustscore.so found: build it (cmake --preset release && cmake --build "
            "--preset release) or set TRUSTSCORE_LIBRARY"
        )
    os.environ["TRUSTSCORE_LIBRARY"] = library
else:
    os.environ["TRUSTSCORE_LIBRARY"] = os.path.abspath(os.environ["TRUSTSCORE_LIBRARY"])

if os.environ.get("TRUSTSCORE_TEST_INSTALLED") != "1":
    sys.path.insert(0, PACKAGE_ROOT)
