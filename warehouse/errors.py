"""Errors raised by the load stage."""

from __future__ import annotations


class WarehouseError(RuntimeError):
    """The warehouse could not be opened, locked or written; the message says which file and what to do."""


class ReadOnlyError(ValueError):
    """A statement other than a read was sent to the read-only query interface."""


class WarehouseBusyError(WarehouseError):
    """Another writer held the warehouse for longer than the timeout; retrying later may succeed."""
