"""Provides copying a whole office database into another (SQLite into PostgreSQL, for an office
that outgrows one machine) and comparing the two, table by table.

Rows are read from the source with plain SQL and turned into Python values by each field's
own `python_value`, then inserted through the models into the database the models are bound
to (the target), keeping every id; sequences are moved past the copied ids. The comparison
reads both sides into Python values and compares row counts and a SHA-256 per table.
"""

from __future__ import annotations

import datetime as dt
import decimal
import hashlib
from collections.abc import Iterator
from typing import Any

from peewee import Database, Field, Model, PostgresqlDatabase, sort_models  # type: ignore[attr-defined]

from ikm_tui.errors import StorageError
from ikm_tui.persistence.models import ALL_TABLES, MetaRow, database_proxy

BATCH = 500


def ordered_tables() -> list[type[Model]]:
    """Every table, parents before the tables that refer to them."""
    return list(sort_models(list(ALL_TABLES)))


def _key(model: type[Model]) -> Field:
    key = model._meta.primary_key
    assert isinstance(key, Field)
    return key


def _columns(model: type[Model]) -> list[Any]:
    return list(model._meta.sorted_fields)


def _source_rows(source: Database, model: type[Model]) -> Iterator[tuple[Any, ...]]:
    fields = _columns(model)
    names = ", ".join(f'"{field.column_name}"' for field in fields)
    table = model._meta.table_name
    key = _key(model).column_name
    cursor = source.execute_sql(f'SELECT {names} FROM "{table}" ORDER BY "{key}"')
    for raw in cursor:
        yield tuple(
            None if value is None else field.python_value(value)
            for field, value in zip(fields, raw, strict=True)
        )


def _target_rows(model: type[Model]) -> Iterator[tuple[Any, ...]]:
    fields = _columns(model)
    key = _key(model)
    yield from model.select(*fields).order_by(key).tuples().iterator()


def _normal(value: Any) -> str:
    if isinstance(value, memoryview):
        value = bytes(value)
    if isinstance(value, bytes):
        return "b:" + value.hex()
    if isinstance(value, dt.datetime):
        return "t:" + value.replace(tzinfo=None).isoformat()
    if isinstance(value, (dt.date, decimal.Decimal)):
        return f"{type(value).__name__}:{value}"
    return repr(value)


def _digest(rows: Iterator[tuple[Any, ...]]) -> tuple[int, str]:
    digest = hashlib.sha256()
    count = 0
    for row in rows:
        digest.update("\x1f".join(_normal(value) for value in row).encode() + b"\x1e")
        count += 1
    return count, digest.hexdigest()


def target_is_empty() -> bool:
    """Whether the bound (target) database holds no office data (only its schema version)."""
    return all(model.select().count() == 0 for model in ordered_tables() if model is not MetaRow)


def copy_all(source: Database) -> dict[str, int]:
    """Copy every row of `source` into the bound database in one transaction; rows per table."""
    copied: dict[str, int] = {}
    with database_proxy.atomic():
        for model in ordered_tables():
            fields = _columns(model)
            table = model._meta.table_name
            if model is MetaRow:
                model.delete().execute()  # the source's schema version and audit head win
            batch: list[tuple[Any, ...]] = []
            count = 0
            for row in _source_rows(source, model):
                batch.append(row)
                if len(batch) == BATCH:
                    model.insert_many(batch, fields=fields).execute()
                    count += len(batch)
                    batch.clear()
            if batch:
                model.insert_many(batch, fields=fields).execute()
                count += len(batch)
            copied[table] = count
        _move_sequences()
    return copied


def _move_sequences() -> None:
    db = database_proxy.obj
    if not isinstance(db, PostgresqlDatabase):
        return
    for model in ordered_tables():
        key = _key(model)
        if not getattr(key, "auto_increment", False):
            continue
        table = model._meta.table_name
        db.execute_sql(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', '{key.column_name}'), "
            f'COALESCE(MAX("{key.column_name}"), 1), MAX("{key.column_name}") IS NOT NULL) '
            f'FROM "{table}"'
        )


def differences(source: Database) -> list[str]:
    """Tables whose rows differ between `source` and the bound database, named."""
    found = []
    for model in ordered_tables():
        table = model._meta.table_name
        source_count, source_hash = _digest(_source_rows(source, model))
        target_count, target_hash = _digest(_target_rows(model))
        if source_count != target_count:
            found.append(f"tabel {table}: {source_count} baris di sumber, {target_count} di tujuan")
        elif source_hash != target_hash:
            found.append(f"tabel {table}: isi berbeda")
    return found


def require_empty_target() -> None:
    if not target_is_empty():
        raise StorageError(
            "Basis data tujuan sudah berisi data kantor. `migrate-db` hanya menyalin ke basis "
            "data PostgreSQL yang baru dan kosong."
        )


def grant_app_role(role: str) -> None:
    """On PostgreSQL, let `role` (the office application's login) read and write every table
    but never change or remove audit entries: INSERT and SELECT only on the audit table. Run
    as the owner of the tables, again after every upgrade that adds a table."""
    db = database_proxy.obj
    if not isinstance(db, PostgresqlDatabase):
        raise StorageError("Hak akses per peran hanya ada pada PostgreSQL.")
    if not role.replace("_", "").isalnum():
        raise StorageError(f"Nama peran PostgreSQL tidak sah: {role}")
    exists = db.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (role,)).fetchone()
    if not exists:
        raise StorageError(
            f"Peran PostgreSQL {role} tidak ada. Buat dahulu: CREATE ROLE {role} LOGIN PASSWORD '...';"
        )
    from ikm_tui.persistence.models import AuditRow

    audit = AuditRow._meta.table_name
    with db.atomic():
        for statement in (
            f'GRANT USAGE ON SCHEMA "{{schema}}" TO "{role}"',
            f'REVOKE ALL ON ALL TABLES IN SCHEMA "{{schema}}" FROM "{role}"',
            f'GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "{{schema}}" TO "{role}"',
            f'REVOKE UPDATE, DELETE, TRUNCATE ON "{audit}" FROM "{role}"',
            f'GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA "{{schema}}" TO "{role}"',
        ):
            schema = db.execute_sql("SELECT current_schema()").fetchone()[0]
            db.execute_sql(statement.format(schema=schema))
