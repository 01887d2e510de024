"""The package's constants are the C header's: trustscore/_constants.py holds
every integer #define of include/trustscore/trustscore.h (and the ABI version of
version.h) with the header's value, and the tables that name them for Python
(errors, archives, graph policies, credibility rules, metrics) cover each one."""

import os
import re

import pytest

import trustscore as ts
from trustscore import _constants, _graph, _journal, _lib, _persist, errors, metrics

# bindings/python/tests -> the repository root; found from this file, so that
# the test reads the headers of its own checkout also when it runs against the
# installed package (TRUSTSCORE_TEST_INSTALLED=1, from /).
REPO = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))
INCLUDE_DIR = os.path.join(REPO, "include", "trustscore")

DEFINE = re.compile(r"^\s*#\s*define\s+(TRUSTSCORE_\w+)(?:\s+(.*?))?\s*(?:/\*.*)?$")
INTEGER = re.compile(r"^\(?\s*([-+]?\s*(?:0[xX][0-9a-fA-F]+|\d+))[uUlL]*\s*\)?$")


def header_defines(name):
    """{macro: value text} of every ``#define TRUSTSCORE_*`` with a value."""
    path = os.path.join(INCLUDE_DIR, name)
    if not os.path.isfile(path):
        pytest.skip(f"{path} is not here (the tests run without the repository)")
    defines = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            match = DEFINE.match(line)
            if match and match.group(2):
                defines[match.group(1)] = match.group(2).strip()
    return defines


def integer_constants(name):
    """{macro: int} of a header's integer constants. A value that looks like
    a number (a digit, a sign or a parenthesis first) but does not parse fails
    the test rather than being skipped, so that no constant slips through."""
    constants = {}
    for macro, text in header_defines(name).items():
        match = INTEGER.match(text)
        if match:
            constants[macro] = int(match.group(1).replace(" ", ""), 0)
        elif text[0] in "0123456789-+(":
            pytest.fail(f"{name}: cannot read {macro} {text!r} as an integer; teach this test")
    return constants


INCLUDE_LINE = re.compile(r'^\s*#\s*include\s+"trustscore/(\w+\.h)"')


def abi_constants():
    """{macro: int} of trustscore.h and of the C headers it includes
    (journal.h, ...), but version.h, whose constants are the versions'."""
    path = os.path.join(INCLUDE_DIR, "trustscore.h")
    if not os.path.isfile(path):
        pytest.skip(f"{path} is not here (the tests run without the repository)")
    constants = integer_constants("trustscore.h")
    with open(path, encoding="utf-8") as f:
        included = [m.group(1) for m in map(INCLUDE_LINE.match, f) if m]
    assert "journal.h" in included and "history.h" in included
    for name in included:
        if name != "version.h":
            constants.update(integer_constants(name))
    return constants


def python_constants():
    return {k: v for k, v in vars(_constants).items() if k.startswith("TRUSTSCORE_")}


def test_the_header_parser_reads_what_it_should():
    assert INTEGER.match("(-3)").group(1) == "-3"
    assert int(INTEGER.match("0x10u").group(1), 0) == 16
    assert DEFINE.match("#define TRUSTSCORE_X 1 /* note */").group(2) == "1"
    assert DEFINE.match("#define TRUSTSCORE_H").group(2) is None
    assert INTEGER.match('"0.1.0"') is None and INTEGER.match("__attribute__((x))") is None


def test_every_integer_constant_of_the_header_is_in_constants_py():
    header = abi_constants()
    assert len(header) >= 35  # the 35 of ABI 1; the header only adds
    python = python_constants()
    missing = sorted(set(header) - set(python))
    assert not missing, "add to trustscore/_constants.py:\n" + "\n".join(
        f"{m} = {header[m]}" for m in missing
    )
    wrong = {m: (python[m], header[m]) for m in header if python[m] != header[m]}
    assert not wrong, f"(Python, header) values differ: {wrong}"


def test_the_abi_and_package_versions_are_version_h():
    version = header_defines("version.h")
    assert _constants.TRUSTSCORE_ABI_VERSION == int(version["TRUSTSCORE_ABI_VERSION"])
    assert _lib.EXPECTED_ABI_VERSION == _constants.TRUSTSCORE_ABI_VERSION == ts.ABI_VERSION
    assert ts.__version__ == version["TRUSTSCORE_VERSION_STRING"].strip('"')


def test_every_name_in_constants_py_is_a_header_constant():
    header = {**abi_constants(), **integer_constants("version.h")}
    invented = sorted(set(python_constants()) - set(header))
    assert not invented, f"not in include/trustscore/trustscore.h or version.h: {invented}"
    assert all(type(v) is int for v in python_constants().values())


def constants_with_prefix(prefix):
    return {k: v for k, v in python_constants().items() if k.startswith(prefix)}


def test_the_python_tables_name_every_constant():
    statuses = constants_with_prefix("TRUSTSCORE_E_")
    assert set(errors.ERRORS_BY_STATUS) == set(statuses.values())
    for status, cls in errors.ERRORS_BY_STATUS.items():
        name = next(k for k, v in statuses.items() if v == status)
        assert cls.__doc__.startswith(name), (cls, name)
    assert sorted(_persist.ARCHIVES.values()) == sorted(
        constants_with_prefix("TRUSTSCORE_ARCHIVE_").values()
    )
    assert sorted([*_journal.DURABILITIES.values(), _constants.TRUSTSCORE_DURABILITY_DEFAULT]) == (
        sorted(constants_with_prefix("TRUSTSCORE_DURABILITY_").values())
    )
    for name, code in _journal.DURABILITIES.items():
        assert code == python_constants()["TRUSTSCORE_DURABILITY_" + name.upper()]
    assert sorted(_persist.CONTENTS.values()) == sorted(
        constants_with_prefix("TRUSTSCORE_CONTENT_").values()
    )
    for table, prefix in [
        (_graph._DUPLICATES, "TRUSTSCORE_DUPLICATES_"),
        (_graph._SELF_LOOPS, "TRUSTSCORE_SELF_LOOPS_"),
        (_graph._RULES, "TRUSTSCORE_CREDIBILITY_"),
        (metrics._CODES, "TRUSTSCORE_METRIC_"),
    ]:
        codes = constants_with_prefix(prefix)
        assert sorted(table.values()) == sorted(codes.values()), prefix
        for name, code in table.items():  # "kendall_tau_b" is ..._KENDALL_TAU_B
            macro = next(k for k, v in codes.items() if v == code)
            short = {"expected_calibration_error": "ece"}.get(name, name)
            assert macro == prefix + short.upper(), (name, macro)
