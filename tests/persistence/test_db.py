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
    path = str(tmp_path / "v1.db")
    database = db_module.connect(path)
    database.execute_sql('DROP INDEX "respondentrow_period_id_excluded"')
    MetaRow.update(value="1").where(MetaRow.key == db_module.SCHEMA_VERSION_KEY).execute()
    db_module.close()
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
