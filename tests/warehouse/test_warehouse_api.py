"""The package's public API imports cleanly, does no work at import time and never pulls in prefect."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

CHECK = """
import sys
import warehouse
assert warehouse.__file__.endswith("warehouse/__init__.py"), warehouse.__file__
missing = [name for name in warehouse.__all__ if not hasattr(warehouse, name)]
assert not missing, missing
assert {"start_run", "load_run", "query", "export", "run_audits", "LoadResult",
        "ReadOnlyError", "WarehouseError"} <= set(warehouse.__all__)
assert issubclass(warehouse.ReadOnlyError, ValueError)
assert issubclass(warehouse.WarehouseError, RuntimeError)
assert "prefect" not in sys.modules
assert not any(m.startswith(("spacy", "coder", "flows")) for m in sys.modules)
print("ok")
"""


def test_public_api_imports_without_side_effects() -> None:
    # A fresh interpreter in the project root: the real package, not the tests/warehouse directory.
    result = subprocess.run(
        [sys.executable, "-c", CHECK], cwd=ROOT, capture_output=True, text=True, timeout=60, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
