"""Tests backup and restore: a consistent verified copy while other processes write, a
manifest that describes the copy, restore that verifies first and keeps the current database
aside, and refusals that change nothing."""

from __future__ import annotations

import sqlite3
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.errors import StorageError
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import RespondentRow
from ikm_tui.services.backup import BackupService, Manifest, file_sha256
from tests.services.conftest import needs_postgres, tamper

WRITER = textwrap.dedent(
    """
    import datetime as dt, sys
    from ikm_tui.persistence.db import connect
    from ikm_tui.persistence import audit_log
    connect(sys.argv[1])
    for i in range(int(sys.argv[2])):
        audit_log.append(dt.datetime.now(), None, "penulis", "uji_cadangan", "x", i, {})
    """
)


def rows(path: Path, sql: str) -> list[tuple]:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    db_module.close()
    return path


@pytest.fixture
def office(demo_file: Path, tmp_path: Path):
    path = tmp_path / "kantor.db"
    path.write_bytes(demo_file.read_bytes())
    database = db_module.connect(str(path))
    yield path, database
    db_module.close()


def test_backup_while_others_write_is_consistent_and_verified(office, tmp_path: Path) -> None:
    path, database = office
    writers = [
        subprocess.Popen([sys.executable, "-c", WRITER, str(path), "300"], stderr=subprocess.PIPE)
        for _ in range(2)
    ]
    copy = tmp_path / "cadangan" / "ikm.db"
    try:
        manifest = BackupService().backup(database, copy)
    finally:
        errors = [writer.communicate(timeout=120)[1] for writer in writers]
    assert [w.returncode for w in writers] == [0, 0], errors
    assert manifest == Manifest.read(copy)
    assert manifest.sha256 == file_sha256(copy) and manifest.size == copy.stat().st_size
    # the manifest describes exactly what was copied, though the writers went on
    assert rows(copy, "SELECT count(*) FROM audit")[0][0] == manifest.audit_entries
    assert manifest.counts["responden"] == rows(copy, "SELECT count(*) FROM respondent")[0][0]
    assert rows(copy, "PRAGMA journal_mode") == [("delete",)]  # one self-contained file
    assert not Path(str(copy) + "-wal").exists()
    assert stat.S_IMODE(copy.stat().st_mode) == 0o640
    assert BackupService().check(copy) == manifest  # verify passes on the copy


def test_restore_verifies_keeps_the_current_database_aside_and_restores(
    office, tmp_path: Path
) -> None:
    path, database = office
    copy = tmp_path / "ikm-cadangan.db"
    before = BackupService().backup(database, copy)
    RespondentRow.delete().where(RespondentRow.period == 2).execute()  # a day's work lost
    after_loss = RespondentRow.select().count()
    assert after_loss < before.counts["responden"]

    result = BackupService().restore(database, copy, aside_folder=tmp_path / "lama")
    assert RespondentRow.select().count() == before.counts["responden"]
    assert result.kept_aside.parent == tmp_path / "lama"
    kept = Manifest.read(result.kept_aside)
    assert kept.counts["responden"] == after_loss  # what was current is kept, verified
    assert file_sha256(copy) == before.sha256  # restoring does not touch the backup
    assert main(["--db", str(path), "verify"]) == 0


def test_an_altered_backup_is_refused_and_nothing_changes(office, tmp_path: Path) -> None:
    path, database = office
    copy = tmp_path / "ikm-cadangan.db"
    BackupService().backup(database, copy)
    tamper(copy, "UPDATE answer SET value = 4 WHERE id = 1")
    count = RespondentRow.select().count()
    with pytest.raises(StorageError, match="tidak cocok dengan manifesnya"):
        BackupService().restore(database, copy, aside_folder=tmp_path / "lama")
    assert not (tmp_path / "lama").exists()
    assert RespondentRow.select().count() == count


def test_a_backup_whose_copy_fails_verify_is_not_kept(office, tmp_path: Path) -> None:
    path, database = office
    db_module.close()
    tamper(path, "UPDATE audit SET action = 'diubah' WHERE id = 3")
    database = db_module.connect(str(path))
    copy = tmp_path / "ikm-cadangan.db"
    with pytest.raises(StorageError, match="tidak lolos pemeriksaan.*entri 3"):
        BackupService().backup(database, copy)
    assert list(tmp_path.glob("ikm-cadangan*")) == []


def test_cli_backup_and_restore(
    office, tmp_path: Path, capsys: pytest.CaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    import io

    path, _ = office
    admin = ["--as", "admin", "--password-stdin"]
    copy = tmp_path / "harian.db"
    assert main(["--db", str(path), "backup", str(copy)]) == 0
    assert "diperiksa" in capsys.readouterr().out
    assert main(["--db", str(path), "backup", str(tmp_path)]) == 1
    assert "adalah folder" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n"))
    assert main(["--db", str(path), "restore", str(tmp_path / "tidak-ada.db"), *admin]) == 1
    assert "tidak ada" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("staf2026\n"))  # a Staf may not restore
    assert main(["--db", str(path), "restore", str(copy), "--as", "sri", "--password-stdin"]) == 1
    assert "Admin" in capsys.readouterr().err
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n"))
    assert main(["--db", str(path), "restore", str(copy), *admin]) == 0
    assert "sebelumnya disimpan" in capsys.readouterr().out
    from ikm_tui.persistence.models import AuditRow

    last = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert (last.action, last.username) == ("basis_data_dipulihkan", "admin")


@needs_postgres
def test_postgres_backup_and_restore(pg_db, tmp_path: Path) -> None:
    from ikm_tui.services.registry import Services
    from tests.services.conftest import make_period, make_users

    services = Services()
    users = make_users(services)
    make_period(services, users["staf"])
    copy = tmp_path / "kantor.dump"
    manifest = BackupService().backup(pg_db, copy)
    assert manifest.engine == "postgresql" and manifest.counts["periode"] == 1
    from ikm_tui.persistence.models import MetaRow, PeriodRow

    PeriodRow.delete().execute()  # work lost after the backup
    MetaRow.insert(key="setelah_cadangan", value="1").execute()
    result = BackupService().restore(pg_db, copy, aside_folder=tmp_path)
    assert Manifest.read(result.kept_aside).counts["periode"] == 0
    assert PeriodRow.select().count() == 1
    assert MetaRow.get_or_none(MetaRow.key == "setelah_cadangan") is None
