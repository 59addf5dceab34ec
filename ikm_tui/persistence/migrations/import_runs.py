"""Provides the migration of cumulative imports: `import_run` and the respondent's row fingerprint
(`import_key`, unique within a period), frozen as they were when it was written."""

from __future__ import annotations

from peewee import (
    AutoField,
    CharField,
    Database,
    DateTimeField,
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


class ImportRunRow(_Frozen):
    """One import of a file into a period: running, finished or undone."""

    id = AutoField()
    period = ForeignKeyField(PeriodRow, on_delete="CASCADE")
    berkas = TextField()
    sha256 = CharField(max_length=64)
    user = ForeignKeyField(UserRow, null=True, on_delete="RESTRICT")
    status = CharField(max_length=12)
    jumlah = IntegerField(default=0)
    tersimpan = IntegerField(default=0)
    sudah_ada = IntegerField(default=0)
    nomor_awal = IntegerField(null=True)
    nomor_akhir = IntegerField(null=True)
    started_at = DateTimeField()
    updated_at = DateTimeField()
    finished_at = DateTimeField(null=True)

    class Meta:
        table_name = "import_run"


TABLES: tuple[type[Model], ...] = (ImportRunRow,)
KEY_INDEX = "respondentrow_period_id_import_key"


def apply(db: Database) -> None:
    from playhouse.migrate import migrate

    create_frozen(db, TABLES)
    if "import_key" not in {column.name for column in db.get_columns("respondent")}:
        migrate(
            schema_migrator(db).add_column(
                "respondent", "import_key", CharField(max_length=40, null=True)
            )
        )
    db.execute_sql(
        f'CREATE UNIQUE INDEX IF NOT EXISTS "{KEY_INDEX}" '
        'ON "respondent" ("period_id", "import_key")'
    )
