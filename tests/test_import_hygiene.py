"""Provides the import-hygiene checks: a pure domain, a light CLI, and the import-linter contracts."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def loaded_after(statement: str, names: list[str]) -> list[str]:
    """Which of `names` (top-level packages) are in sys.modules after running `statement`."""
    code = (
        f"import sys, json\n{statement}\n"
        f"print(json.dumps([n for n in {names!r} if n in sys.modules]))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(result.stdout)


def test_domain_loads_no_framework():
    assert (
        loaded_after("import ikm_tui.domain", ["textual", "peewee", "pandas", "docx", "openpyxl"])
        == []
    )


def test_every_domain_module_is_pure():
    modules = sorted(
        p.stem for p in (ROOT / "ikm_tui" / "domain").glob("*.py") if p.stem != "__init__"
    )
    imports = "\n".join(f"import ikm_tui.domain.{m}" for m in modules)
    assert loaded_after(imports, ["textual", "peewee", "pandas", "docx", "openpyxl"]) == []


def test_cli_loads_no_ui_or_document_libraries():
    statement = "import ikm_tui.cli\nikm_tui.cli.build_parser()"
    assert loaded_after(statement, ["textual", "pandas", "docx", "openpyxl"]) == []


def test_the_guard_itself_can_fail():
    assert loaded_after("import json as _j\nimport email", ["email"]) == ["email"]


@pytest.mark.skipif(
    shutil.which("lint-imports") is None and not os.environ.get("CI"),
    reason="import-linter not installed (pip install -e '.[test]')",
)
def test_import_linter_contracts_hold():
    result = subprocess.run(["lint-imports"], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
