"""Provides consistent copies of the database while others keep working, and putting one back.

SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot,
WAL content included, page by page under SQLite's own locking; the copy is made a single
self-contained file (journal mode DELETE). Restoring runs the same API the other way into the
live database, so other users' connections see the restored content instead of a file swapped
under them. PostgreSQL: `pg_dump --format=custom` and `pg_restore --clean`, with the password
passed in the environment (never on a command line other users can read with `ps`).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from ikm_tui.errors import StorageError
from ikm_tui.persistence.audit_log import GENESIS, HEAD_KEY
from ikm_tui.persistence.db import SCHEMA_VERSION_KEY
from ikm_tui.persistence.models import MetaRow, PeriodRow, RespondentRow, UserRow


def is_postgres(db: Database) -> bool:
    return isinstance(db, PostgresqlDatabase)


def sqlite_copy(db: SqliteDatabase, target: Path) -> None:
    """A consistent copy of the open SQLite database `db` into the new file `target`."""
    destination = sqlite3.connect(str(target))
    try:
        db.connection().backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
        destination.commit()
    finally:
        destination.close()


def sqlite_copy_file(source: Path, target: Path) -> None:
    """A consistent copy of the SQLite file `source` (read only) into the new file `target`."""
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    destination = sqlite3.connect(str(target))
    try:
        origin.backup(destination)
        destination.execute("PRAGMA journal_mode=DELETE")
        destination.commit()
    finally:
        destination.close()
        origin.close()


def sqlite_restore(db: SqliteDatabase, source: Path) -> None:
    """Replace the content of the open database `db` by the SQLite file `source`."""
    origin = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
    try:
        origin.backup(db.connection())
    finally:
        origin.close()


def integrity_problems(path: Path) -> list[str]:
    """SQLite's own integrity check of the file at `path` (empty when it holds)."""
    try:
        connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            rows = connection.execute("PRAGMA integrity_check").fetchall()
        finally:
            connection.close()
    except sqlite3.DatabaseError as exc:
        return [str(exc)]
    return [] if [row[0] for row in rows] == ["ok"] else [str(row[0]) for row in rows[:5]]


def _pg_tool(name: str) -> str:
    found = shutil.which(name)
    if found:
        return found
    for folder in sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True):
        if (folder / name).exists():
            return str(folder / name)
    raise StorageError(
        f"Program {name} (PostgreSQL client) tidak ditemukan. Pasang paket postgresql-client."
    )


def _pg_env(db: PostgresqlDatabase) -> tuple[list[str], dict[str, str]]:
    params = dict(db.connect_params)
    env = dict(os.environ)
    if params.get("password"):
        env["PGPASSWORD"] = str(params["password"])
    args = ["--dbname", str(db.database)]
    for key, flag in (("host", "--host"), ("port", "--port"), ("user", "--username")):
        if params.get(key):
            args += [flag, str(params[key])]
    return args, env


def _run(command: list[str], env: dict[str, str], what: str) -> None:
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or [""]
        raise StorageError(f"{what} gagal: {detail[0]}")


def pg_dump(db: PostgresqlDatabase, target: Path) -> None:
    args, env = _pg_env(db)
    _run(
        [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(target), *args],
        env,
        "pg_dump",
    )


def pg_check_dump(path: Path) -> list[str]:
    """Problems reading the custom-format dump at `path` (empty when pg_restore can list it)."""
    result = subprocess.run(
        [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        return [result.stderr.strip() or "pg_restore --list gagal"]
    return []


def pg_restore(db: PostgresqlDatabase, source: Path) -> None:
    args, env = _pg_env(db)
    db.close()
    _run(
        [
            _pg_tool("pg_restore"),
            "--clean",
            "--if-exists",
            "--no-owner",
            "--single-transaction",
            *args,
            str(source),
        ],
        env,
        "pg_restore",
    )


COUNTED = (("responden", RespondentRow), ("pengguna", UserRow), ("periode", PeriodRow))


def counts() -> dict[str, int]:
    return {name: model.select().count() for name, model in COUNTED}


def state_of_sqlite_copy(path: Path) -> tuple[int, str, int, dict[str, int]]:
    """Audit head, schema version and counts read from the copy itself, so they describe
    exactly what was copied even while others keep writing."""
    connection = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        meta = MetaRow._meta.table_name

        def value(key: str, default: str) -> str:
            row = connection.execute(f'SELECT value FROM "{meta}" WHERE key = ?', (key,)).fetchone()
            return str(row[0]) if row else default

        entries, _, last_hash = value(HEAD_KEY, "0:" + GENESIS).partition(":")
        version = int(value(SCHEMA_VERSION_KEY, "0"))
        counts = {
            name: int(
                connection.execute(f'SELECT count(*) FROM "{model._meta.table_name}"').fetchone()[0]
            )
            for name, model in COUNTED
        }
    finally:
        connection.close()
    return int(entries), last_hash, version, counts
