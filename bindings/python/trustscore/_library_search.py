"""Where libtrustscore lies in a build tree: the search that
:func:`trustscore._lib.find_library` ends with, and that the tests' conftest
uses to pick the library before anything imports the package.

Standard library only and no imports from the package: importing any module
of the package runs ``trustscore/__init__.py``, which loads the library, so
conftest loads this file by its path instead (the library must be chosen, and
exported in TRUSTSCORE_LIBRARY for the tests' subprocesses, first).
"""

from __future__ import annotations

import glob
import os
import sys
from typing import List

#: The environment variable naming the library to load.
ENV_VAR = "TRUSTSCORE_LIBRARY"


def library_file_names() -> List[str]:
    """File names of the shared library on this platform."""
    if sys.platform == "win32":
        return ["trustscore.dll", "libtrustscore.dll"]
    if sys.platform == "darwin":
        return ["libtrustscore.dylib"]
    return ["libtrustscore.so"]


def is_sanitized_build(build_dir: str) -> bool:
    """True when build_dir's CMake cache enables a sanitizer (its library
    would abort a Python process that does not preload the sanitizer runtime)."""
    try:
        with open(
            os.path.join(build_dir, "CMakeCache.txt"), encoding="utf-8", errors="replace"
        ) as f:
            for line in f:
                if line.startswith("TRUSTSCORE_SANITIZE:") or line.startswith(
                    "TRUSTSCORE_SANITIZE="
                ):
                    return line.split("=", 1)[1].strip() not in ("", "OFF", "NO", "FALSE", "0")
    except OSError:
        pass
    return False


def build_tree_candidates(start: str) -> List[str]:
    """Libraries in the build trees of start and its ancestors, in search
    order: in each folder from start up to the repository root (the folder
    holding include/trustscore/trustscore.h), ``build/release/src/`` first,
    then the other ``build/*/src/``, newest first; sanitizer builds are left out."""
    names = library_file_names()
    found: List[str] = []
    directory = os.path.abspath(start)
    while True:
        for name in names:
            path = os.path.join(directory, "build", "release", "src", name)
            if os.path.isfile(path) and not is_sanitized_build(
                os.path.dirname(os.path.dirname(path))
            ):
                found.append(path)
        others = []
        for name in names:
            for path in glob.glob(os.path.join(directory, "build", "*", "src", name)):
                build_dir = os.path.dirname(os.path.dirname(path))
                if os.path.basename(build_dir) == "release" or is_sanitized_build(build_dir):
                    continue
                if os.path.isfile(path):
                    others.append(path)
        others.sort(key=lambda p: (-os.path.getmtime(p), p))  # newest build first
        found.extend(others)
        # The repository root ends the walk.
        if os.path.isfile(os.path.join(directory, "include", "trustscore", "trustscore.h")):
            break
        parent = os.path.dirname(directory)
        if parent == directory:
            break
        directory = parent
    return found
