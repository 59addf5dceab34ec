"""Provides tests of opening the database: migrations, pragmas and schema-version guard."""

from __future__ import annotations

import sqlite3

import pytest

from ikm_tui.errors import StorageError
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import ALL_TABLES, MetaRow


def test_connect_creates_every_table_and_records_the_version(tmp_path):
    database = db_module.connect(str(tmp_path / "a.db"))
    try:
        for table in ALL_TABLES:
            assert database.table_exists(table._meta.table_name)
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION
    finally:
        db_module.close()


def test_migrating_twice_is_idempotent(tmp_path):
    path = str(tmp_path / "b.db")
    database = db_module.connect(path)
    db_module.migrate(database)
    db_module.close()
    database = db_module.connect(path)
    try:
        assert MetaRow.select().where(MetaRow.key == db_module.SCHEMA_VERSION_KEY).count() == 1
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION
    finally:
        db_module.close()


def test_wal_foreign_keys_and_busy_timeout_are_on(tmp_path):
    database = db_module.connect(str(tmp_path / "c.db"))
    try:
        assert database.execute_sql("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert database.execute_sql("PRAGMA foreign_keys").fetchone()[0] == 1
        assert database.execute_sql("PRAGMA busy_timeout").fetchone()[0] == 10000
    finally:
        db_module.close()
    # WAL is a property of the file: a plain sqlite3 connection sees it too
    assert sqlite3.connect(tmp_path / "c.db").execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_foreign_keys_are_enforced(db):
    from peewee import IntegrityError

    from ikm_tui.persistence.models import PeriodServiceRow

    with pytest.raises(IntegrityError):
        PeriodServiceRow.create(period=999, service_type=999, population=1)


def test_newer_schema_is_refused(tmp_path):
    path = str(tmp_path / "d.db")
    db_module.connect(path)
    MetaRow.update(value=str(db_module.SCHEMA_VERSION + 5)).where(
        MetaRow.key == db_module.SCHEMA_VERSION_KEY
    ).execute()
    db_module.close()
    with pytest.raises(StorageError, match="lebih baru"):
        db_module.connect(path)
    db_module.close()


def test_unopenable_path_is_a_storage_error(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    with pytest.raises(StorageError):
        db_module.connect(str(blocker / "sub" / "e.db"))


def test_version_1_database_is_upgraded_with_the_respondent_index(tmp_path):
    """A real first-schema file (tests/fixtures/schema_v1.db, made by migration 1 alone) has no
    (period, excluded) index; the upgrade adds it and the counts use it."""
    import shutil

    from tests.fixtures.make_schema_v1 import FIXTURE

    path = str(tmp_path / "v1.db")
    shutil.copyfile(FIXTURE, path)
    before = sqlite3.connect(path)
    indexes = {
        row[0] for row in before.execute("SELECT name FROM sqlite_master WHERE type = 'index'")
    }
    before.close()
    assert "respondentrow_period_id_excluded" not in indexes
    database = db_module.connect(path)
    try:
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION >= 2
        names = {
            row[0]
            for row in database.execute_sql(
                "SELECT name FROM sqlite_master WHERE type = 'index'"
            ).fetchall()
        }
        assert "respondentrow_period_id_excluded" in names
        plan = database.execute_sql(
            "EXPLAIN QUERY PLAN SELECT COUNT(id) FROM respondent "
            "WHERE period_id = 1 AND excluded = 0"
        ).fetchall()
        assert "COVERING INDEX respondentrow_period_id_excluded" in str(plan)
    finally:
        db_module.close()


PTPP_V4 = """CREATE TABLE "ptpp" ("id" INTEGER NOT NULL PRIMARY KEY, "nomor" VARCHAR(30) NOT NULL,
 "period_id" INTEGER, "document_id" INTEGER, "tanggal" DATE NOT NULL, "sumber" VARCHAR(40) NOT NULL,
 "unsur_key" VARCHAR(40) NOT NULL, "kategori" VARCHAR(20) NOT NULL, "uraian" TEXT NOT NULL,
 "pic" VARCHAR(200) NOT NULL, "target_selesai" DATE, "status" VARCHAR(20) NOT NULL,
 "verifikasi_hasil" VARCHAR(20) NOT NULL, "tanggal_verifikasi" DATE, "lanjutan_id" INTEGER,
 FOREIGN KEY ("period_id") REFERENCES "period" ("id") ON DELETE CASCADE,
 FOREIGN KEY ("document_id") REFERENCES "document" ("id") ON DELETE SET NULL,
 FOREIGN KEY ("lanjutan_id") REFERENCES "ptpp" ("id") ON DELETE SET NULL)"""
MEETING_COLUMNS = {
    "ptpp": (
        "persyaratan",
        "batas_waktu",
        "complaint_id",
        "finding_id",
        "pic_user_id",
        "verifikasi_catatan",
        "verifikasi_oleh_id",
        "verifikasi_periode_id",
        "verifikasi_nrr",
    ),
    "meeting": ("agenda",),
}


def test_a_database_before_the_meeting_migration_gets_its_columns(tmp_path):
    """A version-4 database (no meeting findings, the old PTPP columns) is upgraded in place."""
    path = tmp_path / "v4.db"
    version = db_module.MIGRATIONS.index(db_module._migration_meetings)
    db_module.connect(str(path))
    db_module.close()
    connection = sqlite3.connect(path)
    with connection:
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            "('ptpp', 'meeting_finding') AND sql IS NOT NULL"
        ).fetchall():
            connection.execute(f'DROP INDEX "{name}"')
        connection.execute('ALTER TABLE "meeting" DROP COLUMN "agenda"')
        connection.execute('DROP TABLE "ptpp"')
        connection.execute(PTPP_V4)
        connection.execute(
            "INSERT INTO ptpp (nomor, tanggal, sumber, unsur_key, kategori, uraian, pic, status, "
            "verifikasi_hasil) VALUES ('001/PTPP/2026', '2026-05-13', 'survei', 'waktu', "
            "'minor', 'Antrean', 'Sekcam', 'terbuka', '')"
        )
        connection.execute('DROP TABLE "meeting_finding"')
        connection.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (version,))
    connection.close()
    database = db_module.connect(str(path))
    try:
        assert db_module.schema_version(database) == db_module.SCHEMA_VERSION
        assert database.table_exists("meeting_finding")
        for table, columns in MEETING_COLUMNS.items():
            present = {c.name for c in database.get_columns(table)}
            assert set(columns) <= present, table
        from ikm_tui.persistence.models import PtppRow

        kept = PtppRow.get(PtppRow.nomor == "001/PTPP/2026")
        assert kept.uraian == "Antrean" and kept.persyaratan == "" and kept.pic_user_id is None
    finally:
        db_module.close()
