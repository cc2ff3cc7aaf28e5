"""The coder version: release number plus a hash of the dictionaries and the rules it codes with."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from coder.lexicon import DATA_DIR

CODE_DIR = Path(__file__).resolve().parent


@cache
def coder_version() -> str:
    """e.g. '0.1.0+3f2a9c1b': same release, dictionaries and rule code, same version, same event ids.

    The rule modules are hashed too, so a changed rule is a new version even before a release, and a
    recode can tell the events it replaces from its own.
    """
    try:
        release = version("dyads")
    except PackageNotFoundError:
        release = "0.0.0"
    digest = hashlib.sha256()
    for path in [*sorted(DATA_DIR.glob("*.csv")), *sorted(CODE_DIR.glob("*.py"))]:
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:8]}"
