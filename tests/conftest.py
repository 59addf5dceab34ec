"""Provides shared fixtures: a migrated file SQLite database under tmp_path and a fixed clock."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from ikm_tui.clock import fixed_clock
from ikm_tui.persistence import db as db_module

FROZEN = dt.datetime(2026, 9, 15, 9, 30)


@pytest.fixture(autouse=True)
def _own_site_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test has its own site config folder (never /etc/xdg): `init` writes the office
    key's fingerprint there, and verify reads it. Its own state folder too."""
    monkeypatch.setenv("XDG_CONFIG_DIRS", str(tmp_path / "site-config"))
    # the export folder each user last wrote to (ui/export_folder.py) stays in the test's folder
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))


@pytest.fixture
def db(tmp_path: Path):
    """A fresh, migrated SQLite database file (never :memory:), closed afterwards."""
    database = db_module.connect(str(tmp_path / "t.db"))
    yield database
    db_module.close()


@pytest.fixture
def clock():
    """A clock frozen at 15 September 2026 09.30."""
    return fixed_clock(FROZEN)
