"""Saving and loading over the C ABI: archive names, paths, library-owned
buffers, and :func:`inspect`. Model and EvidenceStore use these for their
``save``/``load``/``to_bytes``/``from_bytes`` methods and for pickling."""

from __future__ import annotations

import ctypes
import os
from ctypes import byref, c_int, c_int64, c_void_p

from ._constants import (
    TRUSTSCORE_ARCHIVE_BINARY,
    TRUSTSCORE_ARCHIVE_TEXT,
    TRUSTSCORE_ARCHIVE_XML,
    TRUSTSCORE_CONTENT_MODEL,
    TRUSTSCORE_CONTENT_STORE,
)
from ._lib import LIB, check

ARCHIVES = {
    "binary": TRUSTSCORE_ARCHIVE_BINARY,
    "text": TRUSTSCORE_ARCHIVE_TEXT,
    "xml": TRUSTSCORE_ARCHIVE_XML,
}
_ARCHIVE_NAMES = {v: k for k, v in ARCHIVES.items()}
CONTENTS = {"model": TRUSTSCORE_CONTENT_MODEL, "store": TRUSTSCORE_CONTENT_STORE}
_CONTENT_NAMES = {v: k for k, v in CONTENTS.items()}


def archive_code(archive) -> int:
    """The TRUSTSCORE_ARCHIVE_* code of "binary", "text" or "xml"."""
    if not isinstance(archive, str):
        raise TypeError(f"archive must be 'binary', 'text' or 'xml', not {type(archive).__name__}")
    try:
        return ARCHIVES[archive]
    except KeyError:
        raise ValueError(f"archive must be 'binary', 'text' or 'xml', not {archive!r}") from None


def path_bytes(path) -> bytes:
    """A str or os.PathLike path as the C library takes it."""
    if not isinstance(path, (str, bytes, os.PathLike)):
        raise TypeError(f"path must be str or os.PathLike, not {type(path).__name__}")
    return os.fsencode(path)


def input_bytes(data) -> bytes:
    """bytes, bytearray or memoryview as bytes (a copy only when not bytes)."""
    if isinstance(data, bytes):
        return data
    if isinstance(data, (bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"data must be bytes-like, not {type(data).__name__}")


def saved_bytes(save_buffer, handle, archive) -> bytes:
    """Calls a trustscore_*_save_buffer function and returns its bytes."""
    data = c_void_p()
    length = c_int64()
    check(save_buffer(handle, archive_code(archive), byref(data), byref(length)))
    try:
        return ctypes.string_at(data.value, length.value)
    finally:
        LIB.trustscore_buffer_free(data)


def inspect(source) -> dict:
    """What a saved file (a path) or buffer (bytes) holds, after checking its
    header and checksums: ``{"content": "model" | "store", "archive":
    "binary" | "text" | "xml", "version": int, "payload_bytes": int}``."""
    content, archive, version = c_int(), c_int(), c_int()
    payload = c_int64()
    if isinstance(source, (bytes, bytearray, memoryview)):
        data = input_bytes(source)
        check(
            LIB.trustscore_inspect_buffer(
                data, len(data), byref(content), byref(archive), byref(version), byref(payload)
            )
        )
    else:
        check(
            LIB.trustscore_inspect_file(
                path_bytes(source), byref(content), byref(archive), byref(version), byref(payload)
            )
        )
    return {
        "content": _CONTENT_NAMES[content.value],
        "archive": _ARCHIVE_NAMES[archive.value],
        "version": version.value,
        "payload_bytes": payload.value,
    }
