"""The single-writer lock: an exclusive `flock` on `W/dyads.lock`, held while a writer changes W."""

from __future__ import annotations

import fcntl
import logging
import os
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from warehouse.errors import WarehouseBusyError

DEFAULT_LOCK_TIMEOUT = 600.0

log = logging.getLogger(__name__)


@contextmanager
def write_lock(lock_file: Path, timeout: float = DEFAULT_LOCK_TIMEOUT) -> Iterator[None]:
    """Hold the exclusive write lock on `lock_file`, waiting up to `timeout` seconds for it.

    When another writer holds it, logs one warning naming the lock file and the holder's pid, then waits;
    raises `WarehouseBusyError` naming them on timeout.
    The lock is released when the block exits or the process dies (the kernel drops `flock` locks).
    """
    lock_file.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(lock_file, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        _acquire(fd, lock_file, timeout)
        # The pid is only for the timeout message of the next writer; the flock is the lock.
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode(), 0)
        try:
            yield
        finally:
            os.ftruncate(fd, 0)
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _acquire(fd: int, lock_file: Path, timeout: float) -> None:
    if _try_lock(fd):
        return
    # Said once, before waiting: a writer that seems to hang is usually queued behind another one.
    log.warning(
        "waiting up to %g s for the warehouse write lock %s: another dyads writer%s holds it",
        timeout,
        lock_file,
        _holder(lock_file),
    )
    deadline = time.monotonic() + timeout
    delay = 0.01
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise WarehouseBusyError(
                f"could not take the warehouse write lock {lock_file} within {timeout:g} s: "
                f"another dyads writer{_holder(lock_file)} is loading into this warehouse. "
                "Wait for it to finish, or raise the lock timeout (DYADS_LOCK_TIMEOUT)."
            )
        time.sleep(min(delay, remaining))
        delay = min(delay * 2, 0.5)
        if _try_lock(fd):
            return


def _try_lock(fd: int) -> bool:
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True


def _holder(lock_file: Path) -> str:
    try:
        pid = lock_file.read_text().strip()
    except OSError:
        return ""
    return f" (pid {pid})" if pid.isdigit() else ""
