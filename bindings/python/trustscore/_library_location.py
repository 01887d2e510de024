"""Where libtrustscore is found (trustscore._lib loads it).

Search order (the first hit wins, nothing else is tried after it):

1. the environment variable ``TRUSTSCORE_LIBRARY`` (a path to the shared
   library; if set, it must exist);
2. in a package installed with ``TRUSTSCORE_USE_SYSTEM_LIBRARY=1``
   (:mod:`trustscore._build_config`), the installed library, through the
   dynamic loader (``libtrustscore.so.1``: LD_LIBRARY_PATH, the loader's
   cache); nothing else;
3. the package folder (``pip install`` builds the library, or copies
   ``TRUSTSCORE_LIBRARY``'s, there);
4. the build tree: from the package folder up to the repository root,
   ``build/release/src/libtrustscore.so``, then ``build/*/src/libtrustscore.so``
   (newest first; sanitizer builds are skipped, they cannot be loaded into a
   plain Python): :mod:`trustscore._library_search`, which the tests use too.

"""

from __future__ import annotations

import ctypes
import os
import sys
from ctypes import POINTER, c_char_p, c_int, c_void_p

from ._build_config import USE_SYSTEM_LIBRARY
from ._constants import TRUSTSCORE_ABI_VERSION
from ._library_search import ENV_VAR, build_tree_candidates, library_file_names
from .errors import LibraryError

PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def find_library() -> str:
    """The path of the library to load (see the module docstring)."""
    env = os.environ.get(ENV_VAR)
    if env:
        if not os.path.isfile(env):
            raise LibraryError(
                f"{ENV_VAR}={env!r}: no such file; point it at libtrustscore "
                f"(e.g. build/release/src/{library_file_names()[0]}) or unset it"
            )
        return env
    if USE_SYSTEM_LIBRARY:
        return find_system_library()
    for name in library_file_names():
        path = os.path.join(PACKAGE_DIR, name)
        if os.path.isfile(path):
            return path
    candidates = build_tree_candidates(PACKAGE_DIR)
    if candidates:
        return candidates[0]
    raise LibraryError(
        "cannot find libtrustscore: set "
        f"{ENV_VAR}=/path/to/{library_file_names()[0]}, or build it "
        "(cmake --preset release && cmake --build --preset release), or install this "
        "package with pip, which builds the library into it. Looked in "
        f"{PACKAGE_DIR} and in build/*/src/ of its parent folders"
    )


def system_library_names() -> list[str]:
    """The names the dynamic loader knows the installed library by (its SONAME)."""
    if os.name == "nt":
        return ["trustscore.dll"]
    if sys.platform == "darwin":
        return [f"libtrustscore.{TRUSTSCORE_ABI_VERSION}.dylib"]
    return [f"libtrustscore.so.{TRUSTSCORE_ABI_VERSION}"]


def find_system_library() -> str:
    """The installed library the dynamic loader finds: its file where the
    loader tells (dladdr), else the name it was found by."""
    for name in system_library_names():
        try:
            lib = ctypes.CDLL(name)
        except OSError:
            continue
        return loaded_file(lib) or name
    raise LibraryError(
        "cannot find the installed libtrustscore: this package was installed with "
        f"TRUSTSCORE_USE_SYSTEM_LIBRARY=1, and the dynamic loader does not find "
        f"{' or '.join(system_library_names())}. Install the library (cmake --install "
        f"build/release), add its folder to LD_LIBRARY_PATH, or set {ENV_VAR}=/path/to/"
        f"{library_file_names()[0]}"
    )


class _DlInfo(ctypes.Structure):
    _fields_ = [
        ("dli_fname", c_char_p),
        ("dli_fbase", c_void_p),
        ("dli_sname", c_char_p),
        ("dli_saddr", c_void_p),
    ]


def loaded_file(lib: ctypes.CDLL) -> str | None:
    """The file lib was loaded from, by dladdr on one of its functions; None
    where that is unknown (no dladdr: Windows)."""
    try:
        dladdr = ctypes.CDLL(None).dladdr
        function = lib.trustscore_abi_version
    except (AttributeError, OSError, TypeError):
        return None
    dladdr.restype = c_int
    dladdr.argtypes = [c_void_p, POINTER(_DlInfo)]
    info = _DlInfo()
    if not dladdr(ctypes.cast(function, c_void_p), ctypes.byref(info)) or not info.dli_fname:
        return None
    return os.fsdecode(info.dli_fname)
