"""How the package gets its library at install time (setup.py) and loads an
installed one (TRUSTSCORE_USE_SYSTEM_LIBRARY): a missing CMake or compiler is
an error that says what to install; a package built for the system's library
loads it through the dynamic loader, or says why it cannot.

The build itself (pip install building libtrustscore) is scripts/test's: it
takes a minute and a half."""

import os
import shutil
import subprocess
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
PACKAGE_ROOT = os.path.dirname(HERE)
REPO = os.path.dirname(os.path.dirname(PACKAGE_ROOT))

linux_only = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="the loader's name is libtrustscore.so.1"
)


def run(args, env_changes, cwd, timeout=120):
    env = dict(os.environ)
    for k, v in env_changes.items():
        if v is None:
            env.pop(k, None)
        else:
            env[k] = v
    return subprocess.run(args, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout)


def build_py(tmp_path, env_changes):
    """setup.py build_py into tmp_path/lib (it stops before any compiler runs when a tool is
    missing), run in a copy of the package beside links to the C++ sources: setuptools
    writes its egg-info and build folders next to setup.py, and the checkout stays clean."""
    repo = tmp_path / "repo"
    package = repo / "bindings" / "python"
    package.mkdir(parents=True)
    for name in ("setup.py", "pyproject.toml", "README.md"):
        shutil.copyfile(os.path.join(PACKAGE_ROOT, name), package / name)
    shutil.copytree(
        os.path.join(PACKAGE_ROOT, "trustscore"),
        package / "trustscore",
        ignore=shutil.ignore_patterns("__pycache__", "*.so"),
    )
    for name in ("CMakeLists.txt", "cmake", "include", "src", "LICENSE"):
        os.symlink(os.path.join(REPO, name), repo / name)
    return run(
        [sys.executable, "setup.py", "build_py", "--build-lib", str(tmp_path / "lib")],
        {"TRUSTSCORE_LIBRARY": None, "TRUSTSCORE_USE_SYSTEM_LIBRARY": None, **env_changes},
        cwd=str(package),
    )


def test_no_cmake_says_what_to_install(tmp_path):
    empty = tmp_path / "bin"
    empty.mkdir()
    proc = build_py(tmp_path, {"PATH": str(empty), "CMAKE": None})
    assert proc.returncode != 0
    message = proc.stderr
    assert "CMake >= 3.25" in message and "apt-get install cmake" in message
    assert "TRUSTSCORE_LIBRARY" in message and "TRUSTSCORE_USE_SYSTEM_LIBRARY" in message


def test_no_compiler_says_what_to_install(tmp_path):
    if not shutil.which("cmake"):
        pytest.skip("no cmake: the compiler is checked after it")
    proc = build_py(tmp_path, {"CXX": "/nonexistent/c++"})
    assert proc.returncode != 0
    message = proc.stderr
    assert "CXX='/nonexistent/c++': no such compiler" in message
    assert "apt-get install g++" in message


def test_both_variables_is_an_error(tmp_path):
    proc = build_py(
        tmp_path, {"TRUSTSCORE_LIBRARY": sys.executable, "TRUSTSCORE_USE_SYSTEM_LIBRARY": "1"}
    )
    assert proc.returncode != 0
    assert "set one of them" in proc.stderr


def test_system_library_mode_marks_the_package(tmp_path):
    proc = build_py(tmp_path, {"TRUSTSCORE_USE_SYSTEM_LIBRARY": "1"})
    assert proc.returncode == 0, proc.stderr
    built = tmp_path / "lib" / "trustscore"
    assert "USE_SYSTEM_LIBRARY = True" in (built / "_build_config.py").read_text()
    assert not any(p.name.startswith("libtrustscore") for p in built.iterdir())
    # the source's own file is left as it was
    source = tmp_path / "repo" / "bindings" / "python" / "trustscore" / "_build_config.py"
    assert "USE_SYSTEM_LIBRARY = False" in source.read_text()


def system_mode_package(tmp_path):
    """A copy of the package as pip installs it with TRUSTSCORE_USE_SYSTEM_LIBRARY=1."""
    site = tmp_path / "site"
    shutil.copytree(
        os.path.join(PACKAGE_ROOT, "trustscore"),
        site / "trustscore",
        ignore=shutil.ignore_patterns("__pycache__", "*.so"),
    )
    (site / "trustscore" / "_build_config.py").write_text("USE_SYSTEM_LIBRARY = True\n")
    return site


def import_from(site, env_changes):
    return run(
        [sys.executable, "-c", "import trustscore; print(trustscore.LIBRARY_PATH)"],
        {"PYTHONPATH": str(site), "TRUSTSCORE_LIBRARY": None, **env_changes},
        cwd="/",
    )


@linux_only
def test_system_library_is_loaded_through_the_loader(tmp_path):
    lib_dir = tmp_path / "prefix" / "lib"
    lib_dir.mkdir(parents=True)
    installed = lib_dir / "libtrustscore.so.1"
    shutil.copyfile(os.path.realpath(os.environ["TRUSTSCORE_LIBRARY"]), installed)
    proc = import_from(system_mode_package(tmp_path), {"LD_LIBRARY_PATH": str(lib_dir)})
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == str(installed)


@linux_only
def test_system_library_missing_is_a_clear_error(tmp_path):
    # An installed libtrustscore would be found: nothing to test then. (Asked in a fresh
    # process: in this one, the library the tests load answers to its SONAME.)
    probe = run(
        [sys.executable, "-c", "import ctypes; ctypes.CDLL('libtrustscore.so.1')"],
        {"LD_LIBRARY_PATH": None},
        cwd="/",
    )
    if probe.returncode == 0:
        pytest.skip("a libtrustscore.so.1 is installed")
    proc = import_from(system_mode_package(tmp_path), {"LD_LIBRARY_PATH": None})
    assert proc.returncode != 0
    assert "cannot find the installed libtrustscore" in proc.stderr
    assert "TRUSTSCORE_USE_SYSTEM_LIBRARY=1" in proc.stderr and "LD_LIBRARY_PATH" in proc.stderr
