"""Provides what schema migrations are written with (the list itself is `persistence.db.MIGRATIONS`).

A migration is a function of the database. It creates new tables from model classes frozen in
its own module (`create_frozen`), never from today's `persistence/models.py`, and changes
columns and indexes of existing tables with `playhouse.migrate` operations (`schema_migrator`),
so that it does the same thing on every database, whenever it runs.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from peewee import Database, Model

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def schema_migrator(db: Database) -> SchemaMigrator:
    """The `playhouse.migrate` migrator for `db` (SQLite or PostgreSQL); use it with
    `playhouse.migrate.migrate(migrator.add_column(...), ...)` inside the migration."""
    from playhouse.migrate import SchemaMigrator

    return SchemaMigrator.from_database(db)


def create_frozen(db: Database, tables: Sequence[type[Model]]) -> None:
    """Create `tables` (model classes frozen in a migration module, `database = None`) in `db`."""
    with db.bind_ctx(tables):
        db.create_tables(tables, safe=True)
