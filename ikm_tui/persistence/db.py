"""Provides opening the database (SQLite with WAL, or PostgreSQL by URL) and schema migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

from peewee import Database, OperationalError, PeeweeException, SqliteDatabase

from ikm_tui.errors import StorageError
from ikm_tui.persistence.models import ALL_TABLES, MetaRow, database_proxy

SCHEMA_VERSION_KEY = "schema_version"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,  # ms: wait for another user's write instead of failing
    "synchronous": "full",  # a form is durable once "Tersimpan" shows, even on power loss
    "cache_size": -16000,
}


def _migration_1(db: Database) -> None:
    db.create_tables(ALL_TABLES, safe=True)


def _migration_2(db: Database) -> None:
    """Index respondents by (period, excluded): counts and tallies skip the table rows."""
    db.execute_sql('CREATE INDEX IF NOT EXISTS "respondentrow_period_id_excluded" '
                   'ON "respondent" ("period_id", "excluded")')


# Each entry upgrades the schema from version i to i + 1. Append, never edit.
MIGRATIONS: list[Callable[[Database], None]] = [_migration_1, _migration_2]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(target: str) -> Database:
    """Open (and create or upgrade) the database at a path or a postgresql:// URL."""
    try:
        if "://" in target:
            from playhouse.db_url import connect as connect_url

            db = connect_url(target)
        else:
            path = Path(target).expanduser()
            path.parent.mkdir(parents=True, exist_ok=True)
            # BEGIN IMMEDIATE: a writer takes the lock when its transaction starts, so a second
            # user's write waits (busy_timeout) instead of failing with "database is locked".
            db = SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")
        database_proxy.initialize(db)
        db.connect(reuse_if_open=True)
        migrate(db)
    except (OperationalError, sqlite3.Error, PeeweeException, OSError) as exc:
        raise StorageError(f"Basis data {target} tidak dapat dibuka: {exc}") from exc
    return db


def schema_version(db: Database) -> int:
    if not db.table_exists(MetaRow._meta.table_name):
        return 0
    row = MetaRow.get_or_none(MetaRow.key == SCHEMA_VERSION_KEY)
    return int(row.value) if row else 0


def migrate(db: Database) -> None:
    """Apply pending migrations in one transaction each; refuse a database newer than the app."""
    current = schema_version(db)
    if current > SCHEMA_VERSION:
        raise StorageError(
            f"Basis data memakai skema versi {current}, lebih baru dari aplikasi ini "
            f"(versi {SCHEMA_VERSION}). Perbarui ikm-tui terlebih dahulu."
        )
    for version in range(current, SCHEMA_VERSION):
        with db.atomic():
            MIGRATIONS[version](db)
            MetaRow.insert(key=SCHEMA_VERSION_KEY, value=str(version + 1)).on_conflict(
                conflict_target=[MetaRow.key], update={MetaRow.value: str(version + 1)}
            ).execute()


def close() -> None:
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
