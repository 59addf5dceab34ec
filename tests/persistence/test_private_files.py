"""Tests that the database, its WAL files, the folders the app creates and exports are private
(owner and office group only), that writes are atomic, and that URL passwords never show."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from ikm_tui.errors import IkmError, StorageError, mask_secrets
from ikm_tui.files import DB_MODE, DIR_MODE, EXPORT_MODE, write_atomically
from ikm_tui.persistence import db as db_module
from ikm_tui.persistence.models import MetaRow


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def open_umask():
    """The common umask 022, which would make files world-readable."""
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def test_database_wal_and_created_folders_are_private(tmp_path: Path, open_umask) -> None:
    existing = tmp_path / "home"
    existing.mkdir(mode=0o755)
    os.chmod(existing, 0o755)
    target = existing / "kantor" / "data" / "ikm.db"
    db_module.connect(str(target))
    try:
        MetaRow.insert(key="x", value="y").execute()  # a write: the WAL and shm exist now
        assert mode(target) == DB_MODE
        for suffix in ("-wal", "-shm"):
            assert mode(Path(str(target) + suffix)) == DB_MODE, suffix
    finally:
        db_module.close()
    assert mode(existing / "kantor") == DIR_MODE
    assert mode(existing / "kantor" / "data") == DIR_MODE
    assert mode(existing) == 0o755  # a folder the app did not make is left alone


def test_an_existing_database_keeps_its_mode(tmp_path: Path) -> None:
    target = tmp_path / "ikm.db"
    db_module.connect(str(target))
    db_module.close()
    os.chmod(target, 0o600)
    db_module.connect(str(target))
    db_module.close()
    assert mode(target) == 0o600


def test_atomic_write_is_private_and_leaves_nothing_on_failure(tmp_path: Path, open_umask) -> None:
    target = tmp_path / "laporan.docx"
    written = write_atomically(target, lambda p: p.write_bytes(b"isi"))
    assert written == target.resolve() and target.read_bytes() == b"isi"
    assert mode(target) == EXPORT_MODE

    def broken(path: Path) -> None:
        path.write_bytes(b"setengah")
        raise OSError(28, "No space left on device")

    with pytest.raises(StorageError, match="disk penuh"):
        write_atomically(target, broken)
    assert target.read_bytes() == b"isi"  # the earlier file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["laporan.docx"]  # no temporary left


@pytest.mark.parametrize(
    ("text", "secret"),
    [
        ("postgresql://ikm:Rahasia123@db.kab.go.id/ikm", "Rahasia123"),
        ("postgres://ikm:p%40ss@10.0.0.5:5432/ikm tidak tersedia", "p%40ss"),
        ("connection to server failed: host=db password=Rahasia123 user=ikm", "Rahasia123"),
    ],
)
def test_passwords_in_urls_are_masked(text: str, secret: str) -> None:
    assert secret not in mask_secrets(text)
    assert secret not in IkmError(text).message
    assert "***" in mask_secrets(text)


def test_a_failing_postgres_url_does_not_echo_its_password() -> None:
    pytest.importorskip("psycopg2")
    with pytest.raises(StorageError) as caught:
        db_module.connect("postgresql://ikm:Rahasia123@127.0.0.1:1/ikm")
    assert "Rahasia123" not in caught.value.message
    assert "ikm:***@127.0.0.1" in caught.value.message
