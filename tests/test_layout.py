"""Architecture rules of DESIGN §1: only flows/ imports Prefect; packages declare their public API."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
STAGES = ["sources", "coder", "schemas", "warehouse"]


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", STAGES)
def test_stage_packages_do_not_import_prefect(package: str) -> None:
    offenders = [
        str(p.relative_to(ROOT)) for p in (ROOT / package).rglob("*.py") if "prefect" in _imported_modules(p)
    ]
    assert offenders == []


@pytest.mark.parametrize("package", [*STAGES, "flows"])
def test_packages_declare_public_api(package: str) -> None:
    module = importlib.import_module(package)
    assert module.__all__, f"{package}/__init__.py must list its public API in __all__"
