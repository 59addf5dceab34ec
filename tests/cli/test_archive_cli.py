"""`ikm-tui arsip ekspor|daftar|retensi` and `ikm-tui verify` on the archive of the demo's
completed period: copies match the stored files; altered or deleted content is named."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db
from tests.services.conftest import tamper


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    assert main(["--db", str(path), "demo"]) == 0
    db.close()
    return path


@pytest.fixture
def copy(demo_db: Path, tmp_path: Path):  # type: ignore[no-untyped-def]
    target = tmp_path / "copy.db"
    shutil.copy(demo_db, target)
    yield target
    db.close()


def test_demo_archive_lists_and_exports(copy: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(copy), "arsip", "daftar", "--period", "1"]) == 0
    listing = capsys.readouterr().out
    assert "2026/001  000.8.3.4  Laporan hasil survei kepuasan masyarakat" in listing
    assert "rak 2, boks IKM-2026-1" in listing
    out = tmp_path / "salinan"
    assert main(["--db", str(copy), "arsip", "ekspor", "--period", "1", "-o", str(out)]) == 0
    names = sorted(p.name for p in out.iterdir())
    assert names[0].startswith("2026-001 laporan-") and "2026-002 notulen" in names[1]
    assert any("daftar-hadir" in n for n in names) and any("ptpp" in n for n in names)
    assert f"{len(names)} berkas arsip periode 1 disalin" in capsys.readouterr().out
    for path in out.iterdir():
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12]
        assert main(["--db", str(copy), "arsip", "daftar"]) == 0
        assert digest in capsys.readouterr().out
    assert main(["--db", str(copy), "arsip", "retensi"]) == 0
    assert "Tidak ada berkas" in capsys.readouterr().out


def test_verify_names_altered_and_missing_archive_content(copy: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert main(["--db", str(copy), "verify"]) == 0
    assert "[OK   ] Berkas arsip: Berkas arsip utuh: " in capsys.readouterr().out
    db.close()
    tamper(copy, "UPDATE archive_content SET content = ? WHERE item_id = 2", b'{"isi":"lain"}')
    tamper(copy, "DELETE FROM archive_content WHERE item_id = 4")
    assert main(["--db", str(copy), "verify"]) == 1
    err = capsys.readouterr().err
    assert "Berkas arsip 2026/002 (Notulen rapat pembahasan hasil" in err
    assert "berkas digital notulen-" in err and "berubah (14 byte" in err
    assert "Berkas arsip 2026/004 (Permintaan tindakan perbaikan" in err and "hilang" in err
    assert (
        main(["--db", str(copy), "arsip", "ekspor", "--period", "1", "-o", str(copy.parent)]) == 1
    )
    assert "2026/002 hilang atau berubah" in capsys.readouterr().err


def test_archive_content_survives_backup_and_restore(
    copy: Path, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import io

    backup = tmp_path / "harian.db"
    assert main(["--db", str(copy), "backup", str(backup)]) == 0
    db.close()
    tamper(copy, "DELETE FROM archive_content")
    assert main(["--db", str(copy), "verify"]) == 1
    assert "Berkas arsip 2026/001" in capsys.readouterr().err
    db.close()
    monkeypatch.setattr("sys.stdin", io.StringIO("admin2026\n"))
    restore = ["restore", str(backup), "--as", "admin", "--password-stdin"]
    assert main(["--db", str(copy), *restore]) == 0
    db.close()
    assert main(["--db", str(copy), "verify"]) == 0
    out = tmp_path / "salinan"
    assert main(["--db", str(copy), "arsip", "ekspor", "--period", "1", "-o", str(out)]) == 0
    assert any(p.name.startswith("2026-001 laporan") for p in out.iterdir())
