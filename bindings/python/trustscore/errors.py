"""Exceptions. Every failed C call raises a subclass of :class:`Error` chosen
by its status code and carrying the library's message (trustscore_last_error).

Where a Python built-in exception means the same thing, the subclass derives
from it too, so ``except ValueError`` also catches an invalid argument the C
library refused, and ``except OSError`` a file it could not read.
"""

from __future__ import annotations

from . import _constants as _c


class Error(Exception):
    """A failure reported by libtrustscore (or while loading it).

    ``status`` is the C status code (negative; None for loading errors) and
    ``message`` the library's explanation, also ``str(error)``.
    """

    status: int | None = None

    def __init__(self, message: str, status: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        if status is not None:
            self.status = status


class InvalidArgumentError(Error, ValueError):
    """TRUSTSCORE_E_INVALID_ARGUMENT."""

    status = _c.TRUSTSCORE_E_INVALID_ARGUMENT


class OutOfMemoryError(Error, MemoryError):
    """TRUSTSCORE_E_OUT_OF_MEMORY."""

    status = _c.TRUSTSCORE_E_OUT_OF_MEMORY


class BufferTooSmallError(Error):
    """TRUSTSCORE_E_BUFFER_TOO_SMALL."""

    status = _c.TRUSTSCORE_E_BUFFER_TOO_SMALL


class BadFormatError(Error, ValueError):
    """TRUSTSCORE_E_BAD_FORMAT: malformed JSON or CSV."""

    status = _c.TRUSTSCORE_E_BAD_FORMAT


class VersionMismatchError(Error):
    """TRUSTSCORE_E_VERSION_MISMATCH."""

    status = _c.TRUSTSCORE_E_VERSION_MISMATCH


class InternalError(Error, RuntimeError):
    """TRUSTSCORE_E_INTERNAL: a bug in the library; please report it."""

    status = _c.TRUSTSCORE_E_INTERNAL


class TrustscoreIOError(Error, OSError):
    """TRUSTSCORE_E_IO: a file could not be opened or read."""

    status = _c.TRUSTSCORE_E_IO


class LibraryError(Error, ImportError):
    """libtrustscore could not be found or loaded, or has another ABI version."""


ERRORS_BY_STATUS = {
    cls.status: cls
    for cls in (
        InvalidArgumentError,
        OutOfMemoryError,
        BufferTooSmallError,
        BadFormatError,
        VersionMismatchError,
        InternalError,
        TrustscoreIOError,
    )
}


def error_for_status(status: int, message: str) -> Error:
    """The exception for a C status code (``Error`` for codes this package
    does not know, e.g. ones appended by a newer library)."""
    cls = ERRORS_BY_STATUS.get(status)
    if cls is None:
        return Error(message, status)
    return cls(message)
