"""Orchestration: the Prefect `ingest` flow, settings and the `dyads` CLI (only flows/ imports Prefect).

Submodules are imported on use so that `dyads sql` does not pay Prefect's import time.
"""

__all__ = ["cli", "ingest", "settings"]
