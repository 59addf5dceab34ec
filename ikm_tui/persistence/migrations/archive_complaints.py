"""Provides the migration for step 10 and the complaint register (frozen): archive items to
standard (what they hold, rak and boks, the signed content's hash) with their digital file
inside the database (`archive_content`); complaints with their deadline class, disposition and
confirmation; the complaint deadline classes (`complaint_class`)."""

from __future__ import annotations

from peewee import (
    AutoField,
    BlobField,
    CharField,
    Database,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
)

from ikm_tui.persistence.migrations import create_frozen, schema_migrator


class _Frozen(Model):
    class Meta:
        database = None  # bound to the database being migrated by `apply`


class UserRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "app_user"


class MeetingRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "meeting"


class ArchiveItemRow(_Frozen):
    id = AutoField()

    class Meta:
        table_name = "archive_item"


class ArchiveContentRow(_Frozen):
    """The digital file of an archive item."""

    id = AutoField()
    item = ForeignKeyField(ArchiveItemRow, unique=True, on_delete="RESTRICT")
    content = BlobField()

    class Meta:
        table_name = "archive_content"


class ComplaintClassRow(_Frozen):
    """A deadline class of complaints (working days)."""

    id = AutoField()
    nama = CharField(max_length=60, unique=True)
    hari = IntegerField()

    class Meta:
        table_name = "complaint_class"


TABLES: tuple[type[Model], ...] = (ArchiveContentRow, ComplaintClassRow)


def apply(db: Database) -> None:
    """Add the columns (those not there yet: a migration may run again on a database whose
    version was set back) and create the tables."""
    from playhouse.migrate import migrate

    columns = {
        "archive_item": (
            ("jenis", CharField(max_length=20, default="")),
            (
                "meeting_id",
                ForeignKeyField(
                    MeetingRow, field=MeetingRow.id, null=True, on_delete="SET NULL", index=False
                ),
            ),
            ("rak", CharField(max_length=40, default="")),
            ("boks", CharField(max_length=40, default="")),
            ("document_hash", CharField(max_length=64, default="")),
        ),
        "complaint": (
            ("kelas", CharField(max_length=60, default="Umum")),
            ("batas_waktu", DateField(null=True)),
            (
                "disposisi_user_id",
                ForeignKeyField(
                    UserRow, field=UserRow.id, null=True, on_delete="RESTRICT", index=False
                ),
            ),
            ("disposisi_at", DateTimeField(null=True)),
            ("konfirmasi_at", DateTimeField(null=True)),
            ("updated_at", DateTimeField(null=True)),
        ),
    }
    with db.bind_ctx((UserRow, MeetingRow, ArchiveItemRow)):
        migrator = schema_migrator(db)
        for table, additions in columns.items():
            present = {column.name for column in db.get_columns(table)}
            missing = [
                migrator.add_column(table, name, field)
                for name, field in additions
                if name not in present
            ]
            if missing:
                migrate(*missing)
    for name, table, column in (
        ("archiveitemrow_meeting_id", "archive_item", "meeting_id"),
        ("complaintrow_disposisi_user_id", "complaint", "disposisi_user_id"),
    ):
        db.execute_sql(f'CREATE INDEX IF NOT EXISTS "{name}" ON "{table}" ("{column}")')
    create_frozen(db, TABLES)
