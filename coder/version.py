"""The coder version: release number plus a hash of the dictionaries and lexicon it codes with."""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.metadata import PackageNotFoundError, version

from coder.lexicon import DATA_DIR


@cache
def coder_version() -> str:
    """e.g. '0.1.0+3f2a9c1b': same dictionaries and release, same version, same event ids."""
    try:
        release = version("dyads")
    except PackageNotFoundError:
        release = "0.0.0"
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.glob("*.csv")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return f"{release}+{digest.hexdigest()[:8]}"
