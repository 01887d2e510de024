"""Bundles libtrustscore into the package when TRUSTSCORE_LIBRARY is set.

    TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so \
        pip install --no-build-isolation ./bindings/python

copies the library (symlinks resolved) into the installed package folder,
where trustscore._lib finds it, so the installed package works without the
build tree. Without TRUSTSCORE_LIBRARY the package is pure Python and finds
the library at import time (environment variable, package folder, build tree).
Everything else is in pyproject.toml.
"""

import os
import shutil
import sys

from setuptools import setup
from setuptools.command.build_py import build_py
from setuptools.dist import Distribution


def bundled_library():
    path = os.environ.get("TRUSTSCORE_LIBRARY")
    if not path:
        return None
    if not os.path.isfile(path):
        sys.exit(
            f"TRUSTSCORE_LIBRARY={path!r}: no such file (unset it to build without the library)"
        )
    return os.path.realpath(path)


def bundled_name(path):
    if path.endswith(".dll"):
        return "trustscore.dll"
    if ".dylib" in os.path.basename(path):
        return "libtrustscore.dylib"
    return "libtrustscore.so"


class BuildPyWithLibrary(build_py):
    def run(self):
        super().run()
        library = bundled_library()
        if library:
            target = os.path.join(self.build_lib, "trustscore", bundled_name(library))
            self.mkpath(os.path.dirname(target))
            shutil.copyfile(library, target)
            os.chmod(target, 0o755)


class MaybeBinaryDistribution(Distribution):
    """A wheel holding the library is platform-specific, not pure Python."""

    def has_ext_modules(self):
        return bundled_library() is not None


setup(cmdclass={"build_py": BuildPyWithLibrary}, distclass=MaybeBinaryDistribution)
