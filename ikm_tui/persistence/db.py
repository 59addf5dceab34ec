"""Provides opening the database (SQLite with WAL, or PostgreSQL by URL) and schema migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from peewee import (
    Database,
    ImproperlyConfigured,
    OperationalError,
    PeeweeException,
    PostgresqlDatabase,
    SqliteDatabase,
)

from ikm_tui.errors import StorageError, mask_secrets
from ikm_tui.files import create_private_file, make_private_dirs
from ikm_tui.persistence.models import MetaRow, database_proxy

SCHEMA_VERSION_KEY = "schema_version"

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "busy_timeout": 10000,  # ms: wait for another user's write instead of failing
    "synchronous": "full",  # a form is durable once "Tersimpan" shows, even on power loss
    # 4 MiB of page cache per connection (the UI has one per worker thread too): the OS page
    # cache holds the file anyway; 16 MiB cost the UI ~12 MiB resident on a 100,000-form period
    # with no measurable gain in the tabulation (bench/README.md, bench_memory.py)
    "cache_size": -4000,
}
# PostgreSQL gets SQLite's one writer at a time (BEGIN IMMEDIATE there): every transaction
# takes this advisory lock when it starts, so read-then-write steps (the next form number,
# the audit chain's head) of two users never interleave.
POSTGRES_WRITE_LOCK = 0x494B4D  # "IKM"
SNAPSHOT = "snapshot"  # `read_snapshot`'s transaction: REPEATABLE READ, READ ONLY, no lock
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
POSTGRES_DRIVER_MISSING = (
    "Pengandar PostgreSQL (psycopg2) belum terpasang. Pasang dengan "
    "`pip install 'ikm-tui[postgres]'`, lalu ulangi."
)


class OfficePostgresDatabase(PostgresqlDatabase):
    """PostgreSQL whose transactions queue for one advisory lock (released at commit/rollback)
    and whose dropped connections are reopened on the next use."""

    def begin(self, isolation_level: str | None = None) -> None:
        if isolation_level == SNAPSHOT:  # a reader: one snapshot, never in the writers' queue
            self.execute_sql("BEGIN TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
            return
        super().begin(isolation_level)
        self.execute_sql("SELECT pg_advisory_xact_lock(%s)", (POSTGRES_WRITE_LOCK,))

    def cursor(self, named_cursor: Any = None) -> Any:
        """A cursor; outside a transaction, a connection the server dropped (restart, network)
        is first opened anew, so that retrying after "koneksi terputus" works."""
        state = self._state  # type: ignore[attr-defined]
        if not state.closed and state.conn.closed and not self.in_transaction():
            self.close()
        return super().cursor(named_cursor)


_STORAGE_MESSAGES = (
    (("driver not installed",), POSTGRES_DRIVER_MISSING),  # peewee's ImproperlyConfigured
    (
        ("disk is full", "no space left"),
        "Disk penuh: perubahan terakhir belum tersimpan. Data yang sudah tersimpan tetap aman. "
        "Kosongkan ruang disk, lalu ulangi.",
    ),
    (
        ("database is locked", "database is busy"),
        "Basis data sedang dipakai pengguna lain terlalu lama. Tunggu sebentar, lalu ulangi.",
    ),
    (("readonly", "read-only"), "Basis data hanya dapat dibaca (izin berkas). Hubungi Admin."),
    (
        ("malformed", "not a database"),
        "Berkas basis data rusak. Hentikan pekerjaan dan hubungi Admin (ikm-tui verify).",
    ),
    (
        ("server closed", "connection", "could not connect", "terminating"),
        "Koneksi ke server basis data terputus. Data yang sudah tersimpan aman; ulangi sesaat lagi.",
    ),
)


def storage_error(exc: BaseException) -> StorageError:
    """A database failure (peewee/sqlite3/psycopg2) as a StorageError a user can act on."""
    # SQLite rolls a transaction back by itself on SQLITE_FULL, so peewee's own ROLLBACK then
    # fails with "cannot rollback": the cause is further down the exception chain.
    chain: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and current not in chain:
        chain.append(current)
        current = current.__cause__ or current.__context__
    text = " | ".join(str(item) for item in chain).lower()
    for needles, message in _STORAGE_MESSAGES:
        if any(needle in text for needle in needles):
            return StorageError(message)
    return StorageError(
        f"Basis data gagal menyimpan atau membaca data ({mask_secrets(str(exc))}). "
        "Data yang sudah tersimpan tetap aman; ulangi, dan bila berulang "
        "hubungi Admin."
    )


def _migration_1(db: Database) -> None:
    """The first schema, frozen in migrations/m001_initial.py (not today's models)."""
    from ikm_tui.persistence.migrations import m001_initial

    m001_initial.apply(db)


def _migration_2(db: Database) -> None:
    """Index respondents by (period, excluded): counts and tallies skip the table rows."""
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "respondentrow_period_id_excluded" '
        'ON "respondent" ("period_id", "excluded")'
    )


def _migration_3(db: Database) -> None:
    """PostgreSQL: text columns without a length limit, as SQLite stores them."""
    unbounded_text(db)


def _migration_4(db: Database) -> None:
    """Drop the answer table's single-column indexes: the (respondent, unsur_key) and
    (period, unsur_key, value) indexes already lead with those columns, and every extra index
    slows each saved form."""
    for name in ("answerrow_respondent_id", "answerrow_period_id"):
        db.execute_sql(f'DROP INDEX IF EXISTS "{name}"')


def _migration_5(db: Database) -> None:
    """The office's own extra days off (working-day deadlines)."""
    from ikm_tui.persistence.migrations import office_days_off

    office_days_off.apply(db)


def _migration_office_idle_lock(db: Database) -> None:
    """The office's idle time after which the TUI locks itself (minutes, default 15)."""
    from peewee import IntegerField
    from playhouse.migrate import migrate as run

    from ikm_tui.persistence.migrations import schema_migrator

    if "idle_lock_minutes" in {column.name for column in db.get_columns("office")}:
        return  # re-run on a database that has it (a version reset by hand)
    run(schema_migrator(db).add_column("office", "idle_lock_minutes", IntegerField(default=15)))


def _migration_archive_complaints(db: Database) -> None:
    """Archive items to standard with their files inside the database; complaints with
    deadline class, disposition and confirmation; complaint deadline classes."""
    from ikm_tui.persistence.migrations import archive_complaints

    archive_complaints.apply(db)


def _migration_document_engine(db: Database) -> None:
    """The document engine: templates an Admin installed, and a record of every export."""
    from ikm_tui.persistence.migrations import document_engine

    document_engine.apply(db)


def _migration_meetings(db: Database) -> None:
    """Steps 6, 8 and 9: meeting findings, the meeting's agenda, the PTPP's parts 1-3 columns."""
    from ikm_tui.persistence.migrations import meetings

    meetings.apply(db)


def _migration_signing_keys(db: Database) -> None:
    """Signing keys, their encrypted private halves, certificates and signature seals."""
    from ikm_tui.persistence.migrations import signing_keys

    signing_keys.apply(db)


def _migration_import_runs(db: Database) -> None:
    """Cumulative imports: each import's run (running, finished, undone) and every imported
    form's row fingerprint, unique within its period."""
    from ikm_tui.persistence.migrations import import_runs

    import_runs.apply(db)


def unbounded_text(db: Database) -> None:
    """On PostgreSQL, turn every varchar column into text, so that a value longer than a
    CharField's max_length is stored as on SQLite instead of failing (the lengths that matter
    are checked by the services). `migrate` runs it after every migration. No-op on SQLite."""
    if not isinstance(db, PostgresqlDatabase):
        return
    cursor = db.execute_sql(
        "SELECT table_name, column_name FROM information_schema.columns "
        "WHERE table_schema = current_schema() AND data_type = 'character varying' "
        "ORDER BY table_name, column_name"
    )
    tables: dict[str, list[str]] = {}
    for table, column in cursor.fetchall():
        tables.setdefault(table, []).append(column)
    for table, columns in tables.items():
        changes = ", ".join(f'ALTER COLUMN "{column}" TYPE text' for column in columns)
        db.execute_sql(f'ALTER TABLE "{table}" {changes}')


# Each entry upgrades the schema from version i to i + 1. Append, never edit: new tables from
# model classes frozen in the migration's own module (`migrations.create_frozen`), column and
# index changes with `migrations.schema_migrator(db)` (playhouse.migrate); see ARCHITECTURE.md.
MIGRATIONS: list[Callable[[Database], None]] = [
    _migration_1,
    _migration_2,
    _migration_3,
    _migration_4,
    _migration_5,
    _migration_office_idle_lock,
    _migration_archive_complaints,
    _migration_document_engine,
    _migration_meetings,
    _migration_signing_keys,
    _migration_import_runs,
]
SCHEMA_VERSION = len(MIGRATIONS)


def connect(target: str) -> Database:
    """Open (and create or upgrade) the database at a path or a postgresql:// URL."""
    try:
        db = _open(target)
        database_proxy.initialize(db)
        db.connect(reuse_if_open=True)
        migrate(db)
    except ImproperlyConfigured as exc:  # the PostgreSQL driver is not installed
        raise StorageError(
            f"Basis data {mask_secrets(target)} tidak dapat dibuka: pustaka PostgreSQL "
            "(psycopg2) belum terpasang. Pasang dengan `pip install 'ikm-tui[postgres]'`, "
            "atau pakai berkas SQLite."
        ) from exc
    except (OperationalError, sqlite3.Error, PeeweeException, OSError) as exc:
        raise StorageError(
            f"Basis data {mask_secrets(target)} tidak dapat dibuka: {_open_reason(exc)}"
        ) from exc
    return db


_OPEN_REASONS = (
    ("file is not a database", "berkas itu bukan basis data SQLite, atau rusak."),
    ("database disk image is malformed", "berkas basis data rusak. Hubungi Admin."),
    ("unable to open database file", "berkas tidak dapat dibuka (izin berkas atau foldernya)."),
    ("readonly", "berkas hanya dapat dibaca (izin berkas). Hubungi Admin."),
    ("connection refused", "server tidak menerima sambungan (periksa host, port, dan server)."),
    ("password authentication failed", "nama pengguna atau kata sandi PostgreSQL salah."),
    ("could not translate host name", "nama host server tidak dikenal."),
)


def _open_reason(exc: BaseException) -> str:
    """Why opening failed: SQLite's usual causes in Bahasa Indonesia, else the driver's own
    words (a PostgreSQL server's message names the host, role or database at fault)."""
    from ikm_tui.files import os_reason

    if isinstance(exc, OSError):
        return f"{os_reason(exc)}."
    text = str(exc)
    for needle, reason in _OPEN_REASONS:
        if needle in text.lower():
            return reason
    return mask_secrets(text)


def require_postgres_driver() -> None:
    """Refuse a postgresql:// URL when psycopg2 (the extra `ikm-tui[postgres]`) is missing."""
    try:
        import psycopg2  # noqa: F401
    except ImportError as exc:
        raise StorageError(POSTGRES_DRIVER_MISSING) from exc


def _open(target: str) -> Database:
    if target.startswith(POSTGRES_SCHEMES):
        from playhouse.db_url import parse

        require_postgres_driver()

        return OfficePostgresDatabase(**parse(target))
    if "://" in target:
        from playhouse.db_url import connect as connect_url

        return connect_url(target)
    path = Path(target).expanduser()
    make_private_dirs(path.parent)
    create_private_file(path)
    # BEGIN IMMEDIATE: a writer takes the lock when its transaction starts, so a second
    # user's write waits (busy_timeout) instead of failing with "database is locked".
    return SqliteDatabase(str(path), pragmas=SQLITE_PRAGMAS, lock_type="IMMEDIATE")


def schema_version(db: Database) -> int:
    if not db.table_exists(MetaRow._meta.table_name):
        return 0
    row = MetaRow.get_or_none(MetaRow.key == SCHEMA_VERSION_KEY)
    return int(row.value) if row else 0


def migrate(db: Database, up_to: int | None = None) -> None:
    """Apply pending migrations (up to version `up_to`, default all) in one transaction each;
    refuse a database newer than the app."""
    latest = len(MIGRATIONS)
    current = schema_version(db)
    if current > latest:
        raise StorageError(
            f"Basis data memakai skema versi {current}, lebih baru dari aplikasi ini "
            f"(versi {latest}). Perbarui ikm-tui terlebih dahulu."
        )
    for version in range(current, latest if up_to is None else min(up_to, latest)):
        with db.atomic():
            MIGRATIONS[version](db)
            unbounded_text(db)  # tables a later migration adds get unbounded text too
            MetaRow.insert(key=SCHEMA_VERSION_KEY, value=str(version + 1)).on_conflict(
                conflict_target=[MetaRow.key], update={MetaRow.value: str(version + 1)}
            ).execute()


@contextmanager
def read_snapshot() -> Iterator[None]:
    """Read the whole database as of one moment without holding writers up (verify compares
    the audit log with the rows while entry and imports go on): SQLite a deferred transaction
    (WAL: its first read fixes the snapshot, writers still commit), PostgreSQL REPEATABLE READ
    READ ONLY outside the advisory write lock."""
    db = database_proxy.obj
    if isinstance(db, OfficePostgresDatabase):
        with db.atomic(isolation_level=SNAPSHOT):
            yield
    elif isinstance(db, SqliteDatabase):
        with db.atomic(lock_type="DEFERRED"):
            yield
    else:
        yield


def close() -> None:
    """Close the calling thread's connection (peewee keeps one per thread), if open."""
    db = database_proxy.obj
    if db is not None and not db.is_closed():
        db.close()
