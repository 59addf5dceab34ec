"""Provides the migration that adds the signing keys (frozen): each user's Ed25519 key pair
and the office's root key, their encrypted private halves, the root's certificates of the
users' keys, and the Ed25519 seal of every signature."""

from __future__ import annotations

from peewee import AutoField, CharField, Database, DateTimeField, IntegerField, Model, TextField

from ikm_tui.persistence.migrations import create_frozen


class SigningKeyRow(Model):
    id = AutoField()
    owner = CharField(max_length=10)  # "kantor" (the root) | "pengguna"
    user_id = IntegerField(null=True, index=True)
    public_key = CharField(max_length=64)  # raw Ed25519 public key, hex
    fingerprint = CharField(max_length=40)
    created_at = DateTimeField()
    retired_at = DateTimeField(null=True)

    class Meta:
        database = None
        table_name = "signing_key"


class KeySecretRow(Model):
    id = AutoField()
    key_id = IntegerField(index=True)
    holder = CharField(max_length=40)  # "pengguna:<id>" | "admin:<id>" | "pemulihan"
    salt = CharField(max_length=64)
    nonce = CharField(max_length=32)
    ciphertext = TextField()

    class Meta:
        database = None
        table_name = "key_secret"


class KeyCertificateRow(Model):
    id = AutoField()
    key_id = IntegerField(index=True)
    payload = TextField()  # canonical JSON: key, user, username, roles, time, certifying Admin
    signature = CharField(max_length=128)  # by the root key, hex
    created_at = DateTimeField()

    class Meta:
        database = None
        table_name = "key_certificate"


class SignatureSealRow(Model):
    id = AutoField()
    signature_id = IntegerField(unique=True)
    key_id = IntegerField()
    payload = TextField()  # canonical JSON: document, version, hash, stage, time, signer, head
    signature = CharField(max_length=128)  # Ed25519 over payload, hex
    code = CharField(max_length=12)

    class Meta:
        database = None
        table_name = "signature_seal"


TABLES: tuple[type[Model], ...] = (SigningKeyRow, KeySecretRow, KeyCertificateRow, SignatureSealRow)


def apply(db: Database) -> None:
    create_frozen(db, TABLES)
