"""A full disk or a lost database gives a Bahasa Indonesia message and loses nothing saved."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from peewee import OperationalError

from ikm_tui.cli import main
from ikm_tui.persistence import audit_log
from ikm_tui.persistence.db import connect, storage_error
from ikm_tui.persistence.models import AuditRow, database_proxy

MOMENT = dt.datetime(2026, 11, 25, 9, 0)


def test_full_disk_is_explained_and_saved_rows_survive(tmp_path: Path) -> None:
    db = connect(str(tmp_path / "penuh.db"))
    audit_log.append(MOMENT, None, "sri", "formulir_simpan", "respondent", 1, {})
    pages = db.execute_sql("PRAGMA page_count").fetchone()[0]
    db.execute_sql(f"PRAGMA max_page_count = {pages}")  # SQLite answers SQLITE_FULL from here
    with pytest.raises(OperationalError) as caught:
        for number in range(200):
            audit_log.append(
                MOMENT, None, "sri", "formulir_simpan", "respondent", number, {"isi": "x" * 2000}
            )
    error = storage_error(caught.value)
    assert error.message.startswith("Disk penuh")
    assert "tetap aman" in error.message
    db.execute_sql("PRAGMA max_page_count = 1073741823")
    assert AuditRow.select().count() >= 1
    assert audit_log.verify_chain() is None
    database_proxy.close()


def test_cli_reports_an_unreadable_database_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "bukan.db"
    broken.write_bytes(b"ini bukan basis data SQLite" * 100)
    status = main(["--db", str(broken), "periods"])
    err = capsys.readouterr().err
    assert status == 1
    assert "Traceback" not in err
    assert "ikm-tui:" in err and "basis data" in err.lower()
