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


LAZY = ["babel", "holidays"]  # slow to import: loaded on first use, never at start-up


def test_domain_loads_babel_and_holidays_only_when_used():
    modules = sorted(
        p.stem for p in (ROOT / "ikm_tui" / "domain").glob("*.py") if p.stem != "__init__"
    )
    imports = "\n".join(f"import ikm_tui.domain.{m}" for m in modules)
    assert loaded_after(imports, LAZY) == []
    used = "from ikm_tui.domain import formatting, calendar\nformatting.tanggal_angka(None)"
    assert loaded_after(used, LAZY) == []
    assert loaded_after(f"{used}\nformatting.bilangan(1)", LAZY) == ["babel"]
    holiday = (
        "import datetime\ncalendar.WorkingCalendar().is_working_day(datetime.date(2026, 3, 19))"
    )
    assert loaded_after(f"{used}\n{holiday}", LAZY) == ["holidays"]


LOGIN_SCREEN = """
import asyncio, sys
from ikm_tui.persistence import db
from ikm_tui.services.registry import Services
from ikm_tui.ui.app import IkmApp
from ikm_tui.ui.screens.login import LoginScreen

db.connect(sys.argv[1])


async def main():
    app = IkmApp(Services())
    async with app.run_test(size=(80, 24)) as pilot:
        while not isinstance(app.screen, LoginScreen):
            await pilot.pause()
        await pilot.pause()
        loaded = [n for n in {lazy!r} if n in sys.modules]
    return loaded


print(json.dumps(asyncio.run(main())))
"""


def test_the_login_screen_loads_neither_babel_nor_holidays(tmp_path):
    code = "import json\n" + LOGIN_SCREEN.format(lazy=LAZY)
    result = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "kantor.db")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []


# `ikm-tui --db PATH` up to the login screen, headless: the modules loaded when the start-up
# worker is started (after the first paint) and once it has opened the database.
FIRST_PAINT = """
import asyncio, json, sys
from ikm_tui.ui.app import IkmApp

watched = {watched!r}
seen = {{}}
start_database = IkmApp.start_database


def start(self):
    seen["first_paint"] = [n for n in watched if sys.modules.get(n) is not None]
    seen["css"] = [name or path for path, name in self.stylesheet.source]
    start_database(self)


async def drive(app):
    async with app.run_test(size=(80, 24)) as pilot:
        await app.started.wait()
        await pilot.pause()
        seen["ready"] = app.ready
        seen["opened"] = [n for n in watched if sys.modules.get(n) is not None]


IkmApp.start_database = start
IkmApp.run = lambda app: asyncio.run(drive(app))
from ikm_tui.cli import main

main(["--db", sys.argv[1]])
print(json.dumps(seen))
"""
BEFORE_FIRST_PAINT = [
    "peewee",
    "psycopg2",
    "ikm_tui.persistence.db",
    "ikm_tui.persistence.models",
    "ikm_tui.domain.sop",
    "ikm_tui.cli.scoring",
    "ikm_tui.cli.data",
    "textual.widgets._header",  # the login screen is lean: no Header, no Footer
    "textual.widgets._footer",
    "babel",
    "holidays",
    "pandas",
    "docx",
    "openpyxl",
]


def test_nothing_but_the_login_screen_before_its_first_paint(tmp_path):
    """Before the first paint: no database layer, no subcommand module, no SOP; after the
    start-up worker has opened a SQLite database: peewee, but still no PostgreSQL driver."""
    path = tmp_path / "kantor.db"
    seed = (
        "from ikm_tui.persistence import db\nfrom ikm_tui.services.registry import Services\n"
        f"db.connect({str(path)!r})\n"
        "Services().users.add('admin', 'Admin', '', 'Admin', '', ('admin',), 'sandi123', None)\n"
    )
    subprocess.run([sys.executable, "-c", seed], check=True, cwd=ROOT)
    result = subprocess.run(
        [sys.executable, "-c", FIRST_PAINT.format(watched=BEFORE_FIRST_PAINT), str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    seen = json.loads(result.stdout.strip().splitlines()[-1])
    assert seen["first_paint"] == []
    # lean CSS: the login screen's rules as default CSS (no stylesheet re-parse when pushed),
    # none of Button's, Label's, Header's or Footer's
    css = seen["css"]
    assert "LoginScreen.DEFAULT_CSS" in css and not any(s.endswith("login.tcss") for s in css)
    heavy = ("Button.", "Label.", "Header", "Footer")
    assert [s for s in css if s.startswith(heavy)] == []
    assert len(css) <= 12, css
    assert seen["ready"] is True
    opened = set(seen["opened"])
    assert "peewee" in opened and "ikm_tui.persistence.db" in opened
    assert "psycopg2" not in opened
