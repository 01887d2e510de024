"""Puts libtrustscore into the package, or leaves it to the system's.

    pip install ./bindings/python

builds the library from the C++ sources with CMake (Release, the shared
library target only) and bundles it in the package: a platform wheel, as
LightGBM's and XGBoost's source installs do. It needs CMake >= 3.25, a C++17
compiler, Eigen, nlohmann-json and Boost.Serialization. Two environment
variables change that:

- ``TRUSTSCORE_LIBRARY=build/release/src/libtrustscore.so`` bundles that
  library (symlinks resolved) instead of building one;
- ``TRUSTSCORE_USE_SYSTEM_LIBRARY=1`` bundles nothing: the package is pure
  Python and loads the installed libtrustscore through the dynamic loader
  (``libtrustscore.so.1``: ``cmake --install``, a distribution's package).

The C++ sources are the repository's (two folders up), or the copy an sdist
carries in ``cpp_src/`` (``setup.py sdist`` puts it there). The build runs on
every core (``CMAKE_BUILD_PARALLEL_LEVEL`` sets another count) with the cmake
on PATH (``CMAKE`` names another), in ``build/temp.*/libtrustscore``, so that
a second install rebuilds only what changed. Everything else is in
pyproject.toml.
"""

import os
import re
import shlex
import shutil
import subprocess
import sys

from setuptools import Command, setup
from setuptools.command.build_py import build_py
from setuptools.command.sdist import sdist
from setuptools.dist import Distribution

try:  # setuptools >= 70.1 has its own; before that it came with wheel
    from setuptools.command.bdist_wheel import bdist_wheel
except ImportError:
    try:
        from wheel.bdist_wheel import bdist_wheel
    except ImportError:  # no wheel support at all: nothing to tag
        bdist_wheel = None

HERE = os.path.dirname(os.path.abspath(__file__))
LIBRARY_VAR = "TRUSTSCORE_LIBRARY"
SYSTEM_VAR = "TRUSTSCORE_USE_SYSTEM_LIBRARY"
# What the library's build needs from the repository root; an sdist carries
# these in cpp_src/.
CPP_SOURCES = ["CMakeLists.txt", "cmake", "include", "src", "LICENSE"]
SDIST_CPP_DIR = "cpp_src"
CMAKE_MINIMUM = (3, 25)
# What to install when the build lacks a tool or a library (Debian's names).
DEBIAN_PACKAGES = "cmake g++ libeigen3-dev nlohmann-json3-dev libboost-serialization-dev"
ALTERNATIVES = (
    f"Or set {LIBRARY_VAR}=/path/to/libtrustscore.so to bundle a library you built, "
    f"or {SYSTEM_VAR}=1 to use an installed one."
)


def fail(message):
    sys.exit(f"trustscore: {message}")


def use_system_library():
    value = os.environ.get(SYSTEM_VAR, "").strip().lower()
    use = value not in ("", "0", "false", "no", "off")
    if use and os.environ.get(LIBRARY_VAR):
        fail(f"{LIBRARY_VAR} (bundle that library) and {SYSTEM_VAR} (bundle none): set one of them")
    return use


def given_library():
    """TRUSTSCORE_LIBRARY's file (symlinks resolved), or None when unset."""
    path = os.environ.get(LIBRARY_VAR)
    if not path:
        return None
    if not os.path.isfile(path):
        fail(f"{LIBRARY_VAR}={path!r}: no such file (unset it to build the library from source)")
    return os.path.realpath(path)


def library_file_name():
    if sys.platform == "win32":
        return "trustscore.dll"
    if sys.platform == "darwin":
        return "libtrustscore.dylib"
    return "libtrustscore.so"


def cpp_source_dir():
    """The folder holding the top CMakeLists.txt: an sdist's copy, else the repository."""
    for candidate in (os.path.join(HERE, SDIST_CPP_DIR), os.path.join(HERE, "..", "..")):
        if os.path.isfile(os.path.join(candidate, "CMakeLists.txt")) and os.path.isfile(
            os.path.join(candidate, "include", "trustscore", "trustscore.h")
        ):
            return os.path.abspath(candidate)
    return None


def find_cmake():
    cmake = shutil.which(os.environ.get("CMAKE", "cmake"))
    if not cmake:
        fail(
            f"building libtrustscore needs CMake >= {'.'.join(map(str, CMAKE_MINIMUM))}, and "
            f"there is no cmake on PATH. Install it (Debian, Ubuntu: apt-get install cmake; "
            f"or pip install cmake). {ALTERNATIVES}"
        )
    out = subprocess.run([cmake, "--version"], capture_output=True, text=True).stdout
    found = re.search(r"version (\d+)\.(\d+)", out)
    if not found or tuple(map(int, found.groups())) < CMAKE_MINIMUM:
        fail(
            f"building libtrustscore needs CMake >= {'.'.join(map(str, CMAKE_MINIMUM))}; "
            f"{cmake} is {found.group(0) if found else 'of unknown version'}. Install a newer "
            f"one (pip install cmake; or from cmake.org). {ALTERNATIVES}"
        )
    return cmake


def check_compiler():
    """A C++ compiler that CMake will find: $CXX, else c++, g++ or clang++ on PATH."""
    cxx = os.environ.get("CXX")
    if cxx:
        words = shlex.split(cxx)
        if not words or not shutil.which(words[0]):
            fail(
                f"CXX={cxx!r}: no such compiler. Install a C++17 compiler (Debian, Ubuntu: "
                f"apt-get install g++) and point CXX at it, or unset CXX. {ALTERNATIVES}"
            )
        return
    if sys.platform != "win32" and not any(shutil.which(c) for c in ("c++", "g++", "clang++")):
        fail(
            "building libtrustscore needs a C++17 compiler, and there is none on PATH (c++, "
            "g++, clang++). Install one (Debian, Ubuntu: apt-get install g++; macOS: "
            f"xcode-select --install), or set CXX. {ALTERNATIVES}"
        )


# A configure error that names a missing dependency -> what to install.
MISSING_PACKAGES = [
    ("Eigen3", "Eigen 3.3 or later (Debian, Ubuntu: libeigen3-dev)"),
    ("nlohmann_json", "nlohmann-json 3 (Debian, Ubuntu: nlohmann-json3-dev)"),
    ("Boost", "Boost.Serialization (Debian, Ubuntu: libboost-serialization-dev)"),
    ("CMAKE_CXX_COMPILER", "a C++17 compiler (Debian, Ubuntu: g++)"),
]


def run_cmake(args, what, configure_dir=None):
    """Runs CMake; on failure says what to install. For a configure (configure_dir given) it
    scans the output for the missing dependency, and removes the half-made build folder: its
    cache would keep a compiler that failed, and a second try after installing one fail too."""
    print("trustscore:", " ".join(shlex.quote(a) for a in args), flush=True)
    if configure_dir:
        proc = subprocess.run(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        print(proc.stdout, flush=True)
        if proc.returncode != 0:
            shutil.rmtree(configure_dir, ignore_errors=True)
    else:  # the build's progress as it goes (pip -v shows it)
        proc = subprocess.run(args)
    if proc.returncode != 0:
        missing = [need for key, need in MISSING_PACKAGES if key in (proc.stdout or "")]
        hint = f" It lacks {', '.join(missing)}." if missing else ""
        fail(
            f"{what} failed (the output is above).{hint} The build needs CMake >= 3.25, a C++17 "
            f"compiler, Eigen, nlohmann-json and Boost.Serialization (Debian, Ubuntu: apt-get "
            f"install {DEBIAN_PACKAGES}). {ALTERNATIVES}"
        )


class BuildLibrary(Command):
    """Builds libtrustscore's shared library target with CMake (Release, unity build)."""

    description = "build libtrustscore with CMake"
    user_options = []

    def initialize_options(self):
        self.build_temp = None
        self.library = None  # the path of the built library, after run()

    def finalize_options(self):
        self.set_undefined_options("build", ("build_temp", "build_temp"))

    def run(self):
        source = cpp_source_dir()
        if source is None:
            fail(
                f"no C++ sources to build libtrustscore from (neither {SDIST_CPP_DIR}/ nor "
                f"the repository around {HERE}). {ALTERNATIVES}"
            )
        cmake = find_cmake()
        check_compiler()
        build_dir = os.path.abspath(os.path.join(self.build_temp, "libtrustscore"))
        output_dir = os.path.join(build_dir, "lib")
        configure = [cmake, "-S", source, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release"]
        # Only the library: the options of CMakePresets.json's `abi` preset.
        configure += [
            "-DTRUSTSCORE_UNITY_BUILD=ON",
            "-DTRUSTSCORE_BUILD_TESTS=OFF",
            "-DTRUSTSCORE_BUILD_BENCH=OFF",
            "-DTRUSTSCORE_BUILD_EXAMPLES=OFF",
            "-DTRUSTSCORE_BUILD_PYTHON=OFF",
            "-DTRUSTSCORE_INSTALL=OFF",
            f"-DCMAKE_LIBRARY_OUTPUT_DIRECTORY={output_dir}",
            f"-DCMAKE_RUNTIME_OUTPUT_DIRECTORY={output_dir}",
        ]
        if not os.path.isfile(os.path.join(build_dir, "CMakeCache.txt")) and shutil.which("ninja"):
            configure += ["-G", "Ninja"]
        run_cmake(configure, "configuring libtrustscore", configure_dir=build_dir)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 1)
        run_cmake(
            [cmake, "--build", build_dir, "--config", "Release", "--target", "trustscore_shared"]
            + ["--parallel", jobs],
            "building libtrustscore",
        )
        for root, _, files in os.walk(output_dir):
            if library_file_name() in files:
                self.library = os.path.realpath(os.path.join(root, library_file_name()))
                return
        fail(f"the build made no {library_file_name()} under {output_dir}")


class BuildPyWithLibrary(build_py):
    """Copies the library (TRUSTSCORE_LIBRARY's, or one built now) into the
    package, or marks the package as loading the system's library."""

    def run(self):
        super().run()
        package = os.path.join(self.build_lib, "trustscore")
        self.mkpath(package)
        # The marker rewritten and an earlier library removed every time: build_py copies a
        # file only when it is newer than its copy, and the build folder may hold a build of
        # the other kind.
        system = use_system_library()
        with open(os.path.join(package, "_build_config.py"), "w", encoding="utf-8") as f:
            f.write(
                '"""How this package finds libtrustscore (written by setup.py)."""\n\n'
                f"#: True: built with {SYSTEM_VAR}=1, it loads the installed library.\n"
                f"USE_SYSTEM_LIBRARY = {system}\n"
            )
        for name in ("libtrustscore.so", "libtrustscore.dylib", "trustscore.dll"):
            if os.path.exists(os.path.join(package, name)):
                os.remove(os.path.join(package, name))
        if system:
            return
        library = given_library()
        if library is None:
            self.run_command("build_library")
            library = self.get_finalized_command("build_library").library
        target = os.path.join(package, library_file_name())
        shutil.copyfile(library, target)
        os.chmod(target, 0o755)


class SdistWithSources(sdist):
    """Carries the C++ sources the library's build needs in cpp_src/."""

    def make_release_tree(self, base_dir, files):
        super().make_release_tree(base_dir, files)
        source = cpp_source_dir()
        if source is None:
            fail("no C++ sources to put in the sdist")
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".*")
        for name in CPP_SOURCES:
            origin, copy = os.path.join(source, name), os.path.join(base_dir, SDIST_CPP_DIR, name)
            if os.path.isdir(origin):
                shutil.copytree(origin, copy, ignore=ignore, dirs_exist_ok=True)
            else:
                os.makedirs(os.path.dirname(copy), exist_ok=True)
                shutil.copyfile(origin, copy)
        shutil.copyfile(os.path.join(source, "LICENSE"), os.path.join(base_dir, "LICENSE"))


class LibraryDistribution(Distribution):
    """A wheel holding the library is platform-specific, not pure Python."""

    def has_ext_modules(self):
        return not use_system_library()


cmdclass = {
    "build_library": BuildLibrary,
    "build_py": BuildPyWithLibrary,
    "sdist": SdistWithSources,
}

if bdist_wheel is not None:

    class PlatformWheel(bdist_wheel):
        """The library is no Python extension: a wheel holding it fits every
        Python 3 on its platform (py3-none-PLATFORM, as LightGBM's)."""

        def get_tag(self):
            python, abi, platform = super().get_tag()
            return (python, abi, platform) if use_system_library() else ("py3", "none", platform)

    cmdclass["bdist_wheel"] = PlatformWheel

setup(cmdclass=cmdclass, distclass=LibraryDistribution)
