"""coder_version names the release, the dictionaries and the rule code: change either, a new version."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import coder.version as version_module


def _version_with(monkeypatch: pytest.MonkeyPatch, data_dir: Path, code_dir: Path) -> str:
    monkeypatch.setattr(version_module, "DATA_DIR", data_dir)
    monkeypatch.setattr(version_module, "CODE_DIR", code_dir)
    return version_module.coder_version.__wrapped__()


def test_a_changed_rule_module_or_dictionary_is_a_new_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data = shutil.copytree(version_module.DATA_DIR, tmp_path / "data")
    code = tmp_path / "code"
    code.mkdir()
    for module in version_module.CODE_DIR.glob("*.py"):
        shutil.copy(module, code / module.name)
    first = _version_with(monkeypatch, data, code)
    assert first == _version_with(monkeypatch, data, code)

    with (code / "taxonomy.py").open("a") as f:
        f.write("\n# a changed rule\n")
    second = _version_with(monkeypatch, data, code)
    assert second != first

    with (data / "roles.csv").open("a") as f:
        f.write("sentinel,Civilians,Civilians ({country}),,0\n")
    assert _version_with(monkeypatch, data, code) not in {first, second}


def test_the_version_is_the_release_plus_a_short_hash() -> None:
    release, _, digest = version_module.coder_version().partition("+")
    assert release.count(".") == 2 and len(digest) == 8
