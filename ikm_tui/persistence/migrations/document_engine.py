"""Provides the document engine migration's tables (installed templates, export records).

Frozen copies of `DocumentTemplateRow` and `DocumentExportRow` as this migration created them;
they must never change (later changes are new migrations). Ids of periods, documents and users
are plain integers: an export record is a log entry that outlives what it names.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BlobField,
    BooleanField,
    CharField,
    Database,
    DateTimeField,
    IntegerField,
    Model,
    TextField,
)

from ikm_tui.persistence.migrations import create_frozen


class DocumentTemplateRow(Model):
    id = AutoField()
    kind = CharField(max_length=40, unique=True)
    content = BlobField()
    sha256 = CharField(max_length=64)
    file_name = TextField(default="")
    installed_at = DateTimeField()
    installed_by_id = IntegerField(null=True)

    class Meta:
        database = None
        table_name = "document_template"


class DocumentExportRow(Model):
    id = AutoField()
    kind = CharField(max_length=40)
    period_id = IntegerField(null=True)
    document_id = IntegerField(null=True)
    version = IntegerField(default=1)
    code = CharField(max_length=16, index=True)
    content_hash = CharField(max_length=64)
    data_hash = CharField(max_length=64)
    template_sha256 = CharField(max_length=64)
    file_name = TextField(default="")
    paper = CharField(max_length=8, default="A4")
    draft = BooleanField(default=True)
    exported_at = DateTimeField()
    exported_by_id = IntegerField(null=True)

    class Meta:
        database = None
        table_name = "document_export"


def apply(db: Database) -> None:
    """Create the two tables."""
    create_frozen(db, (DocumentTemplateRow, DocumentExportRow))
