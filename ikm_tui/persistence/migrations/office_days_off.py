"""Provides the migration that adds `office_day_off`: the office's own extra days off (frozen)."""

from __future__ import annotations

from peewee import AutoField, CharField, Database, DateField, DateTimeField, Model

from ikm_tui.persistence.migrations import create_frozen


class OfficeDayOffRow(Model):
    """A day the office is closed besides weekends, national holidays and cuti bersama."""

    id = AutoField()
    tanggal = DateField(unique=True)
    keterangan = CharField(max_length=200, default="")
    created_at = DateTimeField()

    class Meta:
        database = None  # bound to the database being migrated by `apply`
        table_name = "office_day_off"


TABLES: tuple[type[Model], ...] = (OfficeDayOffRow,)


def apply(db: Database) -> None:
    create_frozen(db, TABLES)
