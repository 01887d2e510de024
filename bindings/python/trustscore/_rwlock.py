"""The evidence store's read/write lock: every call on the store holds it
shared, close() holds it exclusive. The library's store is thread-safe
itself (adds, retractions and scoring may overlap); what the C contract
still forbids is freeing a store while a call on it runs, and the GIL is
released inside the C calls, so Python must enforce that."""

from __future__ import annotations

import sys
import threading

# Whether a GIL serialises Python code (False on a free-threaded build).
_GIL = getattr(sys, "_is_gil_enabled", lambda: True)()


class ReadWriteLock:
    """Many readers (every call on the store: scoring, look-ups, adding,
    retracting) or one writer (close, which frees the store): the C contract
    forbids trustscore_store_free overlapping any other call on the store.

    Readers take no mutex while no writer is about (a one-entity score call is
    a few microseconds; a mutex taken twice would be a sixth of it): a reader
    appends to _active, then reads _blocked; a writer sets _blocked, then
    waits for _active to empty. list.append and list.pop are atomic and the
    GIL orders these steps, so one of the two always sees the other: either
    the writer waits for the reader, or the reader backs out and queues. A
    leaving reader that sees _blocked wakes the waiting writer. Without a GIL
    _blocked stays True and every reader queues under the mutex.
    """

    __slots__ = ("_mutex", "_cond", "_active", "_blocked", "_writing", "_writers_waiting")

    def __init__(self) -> None:
        self._mutex = threading.Lock()
        self._cond = threading.Condition(self._mutex)
        self._active = []  # one entry per reader inside
        self._blocked = not _GIL  # a writer holds or waits for the lock
        self._writing = False
        self._writers_waiting = 0

    def acquire_read(self) -> None:
        self._active.append(None)
        if self._blocked:
            self.queue_read()

    def queue_read(self) -> None:
        """The slow path of acquire_read: called right after its append saw
        _blocked; leaves with the read lock held."""
        self._active.pop()
        with self._mutex:
            self._cond.notify_all()  # the writer may be waiting on our entry
            while self._writing or self._writers_waiting:
                self._cond.wait()
            self._active.append(None)

    def release_read(self) -> None:
        self._active.pop()
        if self._blocked:
            self.wake_writer()

    def wake_writer(self) -> None:
        with self._mutex:
            self._cond.notify_all()

    def _update_blocked(self) -> None:
        self._blocked = self._writing or self._writers_waiting > 0 or not _GIL

    def acquire_write(self) -> None:
        with self._mutex:
            self._writers_waiting += 1
            self._blocked = True
            try:
                while self._writing or self._active:
                    self._cond.wait()
            except BaseException:  # interrupted: give up the claim
                self._writers_waiting -= 1
                self._update_blocked()
                raise
            # _blocked stays True from here on: readers keep out without the mutex.
            self._writers_waiting -= 1
            self._writing = True

    def release_write(self) -> None:
        with self._mutex:
            self._writing = False
            self._update_blocked()
            self._cond.notify_all()
