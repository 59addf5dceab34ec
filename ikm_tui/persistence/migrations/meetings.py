"""Provides the migration of steps 6, 8 and 9: `meeting_finding`, the meeting's agenda and the
PTPP's part 1-3 columns (frozen as they were when it was written)."""

from __future__ import annotations

from typing import Any

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    Database,
    DateField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from ikm_tui.persistence.migrations import create_frozen, schema_migrator


class _Frozen(Model):
    class Meta:
        database = None  # bound to the database being migrated by `apply`


class UserRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "app_user"


class PeriodRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "period"


class ComplaintRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "complaint"


class MeetingRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "meeting"


class MeetingFindingRow(_Frozen):
    """A finding offered to or raised at a meeting."""

    id = AutoField()
    meeting = ForeignKeyField(MeetingRow, backref="findings", on_delete="CASCADE")
    kind = CharField(max_length=20)
    ref = CharField(max_length=40, default="")
    uraian = TextField()
    accepted = BooleanField(default=True)
    sort_order = IntegerField(default=0)

    class Meta:
        table_name = "meeting_finding"


TABLES: tuple[type[Model], ...] = (MeetingFindingRow,)


def _fk(model: Any, on_delete: str) -> Any:
    return ForeignKeyField(model, field=model.id, null=True, on_delete=on_delete, index=False)


# table -> (column, field); foreign keys get the index create_tables would name for the model
COLUMNS: dict[str, list[tuple[str, Any]]] = {
    "meeting": [("agenda", TextField(default=""))],
    "ptpp": [
        ("persyaratan", TextField(default="")),
        ("batas_waktu", DateField(null=True)),
        ("complaint_id", _fk(ComplaintRow, "SET NULL")),
        ("finding_id", _fk(MeetingFindingRow, "SET NULL")),
        ("pic_user_id", _fk(UserRow, "RESTRICT")),
        ("verifikasi_catatan", TextField(default="")),
        ("verifikasi_oleh_id", _fk(UserRow, "RESTRICT")),
        ("verifikasi_periode_id", _fk(PeriodRow, "SET NULL")),
        ("verifikasi_nrr", CharField(max_length=20, default="")),
    ],
}
INDEX_PREFIX = {"ptpp": "ptpprow"}


def apply(db: Database) -> None:
    from playhouse.migrate import migrate

    create_frozen(db, TABLES)
    migrator = schema_migrator(db)
    for table, columns in COLUMNS.items():
        present = {column.name for column in db.get_columns(table)}
        missing = [(name, field) for name, field in columns if name not in present]
        migrate(*(migrator.add_column(table, name, field) for name, field in missing))
        for name, field in missing:
            if isinstance(field, ForeignKeyField):
                db.execute_sql(
                    f'CREATE INDEX IF NOT EXISTS "{INDEX_PREFIX[table]}_{name}" '
                    f'ON "{table}" ("{name}")'
                )
