"""Provides backup and restore: a consistent, verified copy while others keep working, and
putting a verified copy back with the current database kept aside.

A backup is the copy itself (a SQLite file, or a `pg_dump` custom-format file) and a manifest
beside it (`<copy>.manifest.json`): app and schema version, time, size and SHA-256 of the copy,
the audit head (entries, hash of the last one) and a few counts. The audit head lets
`verify` catch a log truncated after the backup was made.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any, NamedTuple

from peewee import Database, PostgresqlDatabase, SqliteDatabase

from ikm_tui import __version__
from ikm_tui.clock import Clock, system_clock
from ikm_tui.errors import StorageError
from ikm_tui.files import EXPORT_MODE, atomic_target
from ikm_tui.persistence import audit_log
from ikm_tui.persistence import backup as storage
from ikm_tui.persistence import db as db_module

MANIFEST_FORMAT = "ikm-tui-cadangan/1"
MANIFEST_SUFFIX = ".manifest.json"


@dataclasses.dataclass(frozen=True)
class Manifest:
    format: str
    app_version: str
    created_at: str
    engine: str  # "sqlite" | "postgresql"
    schema_version: int
    size: int
    sha256: str
    audit_entries: int
    audit_hash: str
    counts: dict[str, int]

    @classmethod
    def read(cls, copy: Path) -> Manifest:
        path = manifest_path(copy)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != MANIFEST_FORMAT:
                raise ValueError("format")
            fields = {field.name for field in dataclasses.fields(cls)}
            return cls(**{key: data[key] for key in fields})
        except FileNotFoundError:
            raise StorageError(
                f"Manifes cadangan {path} tidak ada: hanya cadangan buatan `ikm-tui backup` "
                "yang dapat dipulihkan."
            ) from None
        except (OSError, ValueError, KeyError, TypeError) as exc:
            raise StorageError(f"Manifes cadangan {path} tidak dapat dibaca ({exc}).") from None

    def write(self, copy: Path) -> None:
        text = json.dumps(dataclasses.asdict(self), indent=2, ensure_ascii=False)
        with atomic_target(manifest_path(copy), EXPORT_MODE) as temporary:
            temporary.write_text(text + "\n", encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class RestoreResult:
    manifest: Manifest
    kept_aside: Path


def manifest_path(copy: Path) -> Path:
    return copy.with_name(copy.name + MANIFEST_SUFFIX)


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _verify_sqlite_file(path: Path) -> list[str]:
    """Integrity check, then the app's own `verify` on a scratch copy (opening a database
    writes to it, and the copy itself must stay byte-identical to its manifest)."""
    problems = storage.integrity_problems(path)
    if problems:
        return [f"pemeriksaan keutuhan SQLite: {'; '.join(problems)}"]
    with tempfile.TemporaryDirectory(prefix="ikm-periksa-") as folder:
        scratch = Path(folder) / "periksa.db"
        storage.sqlite_copy_file(path, scratch)
        result = subprocess.run(
            [sys.executable, "-m", "ikm_tui", "--db", str(scratch), "verify"],
            capture_output=True,
            text=True,
            check=False,
        )
    if result.returncode != 0:
        lines = (result.stderr or result.stdout).strip().splitlines()
        return [line.removeprefix("ikm-tui: ") for line in lines] or ["verify gagal"]
    return []


class BackupService:
    """`backup` and `restore` of the open database (SQLite or PostgreSQL)."""

    def __init__(self, clock: Clock = system_clock) -> None:
        self.clock = clock

    def backup(self, db: Database, target: Path, *, verify: bool = True) -> Manifest:
        """Write a consistent copy of `db` to `target` and its manifest; StorageError when the
        copy does not verify (the faulty copy is not left under `target`). `verify=False`
        keeps a copy that does not verify (restore's copy of the database it replaces: the
        evidence of what went wrong)."""
        target = target.expanduser()
        if target.is_dir():
            raise StorageError(f"{target} adalah folder; sebutkan nama berkas cadangan.")
        with atomic_target(target, EXPORT_MODE) as temporary:
            temporary.unlink()
            if isinstance(db, PostgresqlDatabase):
                with db.atomic():  # read just before pg_dump takes its own snapshot
                    entries, last_hash = audit_log.head()
                    counts = storage.counts()
                    version = db_module.schema_version(db)
                storage.pg_dump(db, temporary)
                problems = storage.pg_check_dump(temporary)
                engine = "postgresql"
            else:
                assert isinstance(db, SqliteDatabase)
                storage.sqlite_copy(db, temporary)
                entries, last_hash, version, counts = storage.state_of_sqlite_copy(temporary)
                problems = _verify_sqlite_file(temporary) if verify else []
                engine = "sqlite"
            if problems:
                raise StorageError(
                    "Cadangan tidak disimpan: salinannya tidak lolos pemeriksaan ("
                    + "; ".join(problems)
                    + ")."
                )
            manifest = Manifest(
                format=MANIFEST_FORMAT,
                app_version=__version__,
                created_at=self.clock().isoformat(timespec="seconds"),
                engine=engine,
                schema_version=version,
                size=temporary.stat().st_size,
                sha256=file_sha256(temporary),
                audit_entries=entries,
                audit_hash=last_hash,
                counts=counts,
            )
        manifest.write(target)
        return manifest

    def check(self, copy: Path) -> Manifest:
        """The manifest of a backup whose file matches it and verifies; StorageError if not."""
        copy = copy.expanduser()
        if not copy.is_file():
            raise StorageError(f"Berkas cadangan {copy} tidak ada.")
        manifest = Manifest.read(copy)
        if copy.stat().st_size != manifest.size or file_sha256(copy) != manifest.sha256:
            raise StorageError(
                f"Berkas cadangan {copy} tidak cocok dengan manifesnya (berubah atau rusak)."
            )
        if manifest.schema_version > db_module.SCHEMA_VERSION:
            raise StorageError(
                f"Cadangan memakai skema versi {manifest.schema_version}, lebih baru dari "
                f"aplikasi ini (versi {db_module.SCHEMA_VERSION}). Perbarui ikm-tui dahulu."
            )
        if manifest.engine == "sqlite":
            problems = _verify_sqlite_file(copy)
        else:
            problems = storage.pg_check_dump(copy)
        if problems:
            raise StorageError(f"Cadangan {copy} tidak lolos pemeriksaan: {'; '.join(problems)}.")
        return manifest

    def restore(
        self, db: Database, copy: Path, aside_folder: Path | None = None, *, by: str = ""
    ) -> RestoreResult:
        """Verify the backup, keep the current database aside (as a backup with its manifest),
        then put the backup's content into `db`. Nothing changes when a check fails."""
        copy = copy.expanduser()
        manifest = self.check(copy)
        expected = "postgresql" if isinstance(db, PostgresqlDatabase) else "sqlite"
        if manifest.engine != expected:
            raise StorageError(
                f"Cadangan ini dari basis data {manifest.engine}, basis data sekarang {expected}. "
                "Untuk memindahkan data antarjenis gunakan `ikm-tui migrate-db`."
            )
        stamp = self.clock().strftime("%Y%m%d-%H%M%S")
        folder = aside_folder or self._aside_folder(db)
        aside = folder / f"sebelum-pulih-{stamp}.{'dump' if expected == 'postgresql' else 'db'}"
        self.backup(db, aside, verify=False)
        if isinstance(db, PostgresqlDatabase):
            storage.pg_restore(db, copy)
            db.connect(reuse_if_open=True)
        else:
            assert isinstance(db, SqliteDatabase)
            storage.sqlite_restore(db, copy)
        db_module.migrate(db)  # an older backup is brought up to this version
        with db.atomic():  # the restored chain says when, by whom and from which copy
            audit_log.append(
                self.clock(),
                None,
                by or "sistem",
                "basis_data_dipulihkan",
                "database",
                "",
                {
                    "cadangan": str(copy.resolve()),
                    "dibuat": manifest.created_at,
                    "sha256": manifest.sha256,
                    "sebelumnya_disimpan": str(aside),
                },
            )
        return RestoreResult(manifest, aside)

    @staticmethod
    def _aside_folder(db: Database) -> Path:
        if isinstance(db, SqliteDatabase):
            return Path(str(db.database)).expanduser().resolve().parent
        return Path.cwd()


def describe(manifest: Manifest) -> dict[str, Any]:
    """The manifest's figures for messages and --json."""
    return dataclasses.asdict(manifest)


class TransferResult(NamedTuple):
    copied: dict[str, int]
    audit_entries: int


def copy_to_postgres(source: Database, url: str) -> TransferResult:
    """Copy the open SQLite database `source` into the new, empty PostgreSQL database at `url`
    and verify the copy (every table's rows and content, the audit chain). Afterwards the app's
    models are bound to the PostgreSQL database."""
    from ikm_tui.persistence import transfer

    if not isinstance(source, SqliteDatabase):
        raise StorageError("migrate-db menyalin dari basis data SQLite (--db BERKAS).")
    if not url.startswith(db_module.POSTGRES_SCHEMES):
        raise StorageError("Tujuan migrate-db harus URL postgresql://pengguna@host/basisdata.")
    db_module.connect(url)
    transfer.require_empty_target()
    copied = transfer.copy_all(source)
    problems = transfer.differences(source)
    chain = audit_log.verify_chain()
    if chain is not None:
        problems.append(f"jejak audit pada entri {chain.entry_id}: {chain.reason}")
    if problems:
        raise StorageError(
            "Salinan di PostgreSQL tidak sama dengan sumbernya: " + "; ".join(problems)
        )
    return TransferResult(copied, audit_log.head()[0])


def grant_app_role(role: str) -> None:
    """See persistence.transfer.grant_app_role."""
    from ikm_tui.persistence import transfer

    transfer.grant_app_role(role)
