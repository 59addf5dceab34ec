"""Tests `ikm-tui verify` against an insider: the demo database changed with the sqlite3 module
directly (as anyone with write access to the file could), and verify must fail naming it.

The demo is built once per module and copied for each test.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from ikm_tui.services.demo import build_demo
from tests.services.conftest import tamper


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path)
    db_module.close()
    return path


@pytest.fixture
def office(demo_file: Path, tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "kantor.db"
    source = sqlite3.connect(demo_file)
    target = sqlite3.connect(path)
    source.backup(target)
    source.close()
    target.close()
    yield path
    db_module.close()


def verify(path: Path, capsys: pytest.CaptureFixture[str], *extra: str) -> tuple[int, dict]:
    status = main(["--db", str(path), "verify", "--json", *extra])
    db_module.close()
    report = json.loads(capsys.readouterr().out)
    return status, report


def failing(report: dict) -> dict[str, list[str]]:
    return {
        c["name"]: [f"{f['subject']}: {f['problem']}" for f in c["findings"]]
        for c in report["checks"]
        if not c["ok"]
    }


def one(path: Path, sql: str) -> object:
    connection = sqlite3.connect(path)
    try:
        return connection.execute(sql).fetchone()[0]
    finally:
        connection.close()


def test_the_demo_verifies_and_the_text_report_names_every_check(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, report = verify(office, capsys)
    assert status == 0 and report["ok"], failing(report)
    names = [c["name"] for c in report["checks"]]
    assert names[:8] == [
        "sqlite",
        "audit",
        "formulir",
        "pengguna",
        "dokumen",
        "tanda_tangan",
        "tte",
        "langkah",
    ]
    assert report["audit_head"]["seq"] == one(office, "SELECT COUNT(*) FROM audit")
    assert main(["--db", str(office), "verify"]) == 0
    out = capsys.readouterr().out
    assert "[OK   ] Formulir responden: 578 formulir" in out and "Jejak audit utuh" in out


def test_a_changed_answer_is_named(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    answer_id, respondent_id = (
        sqlite3.connect(office)
        .execute("SELECT id, respondent_id FROM answer WHERE value = 4 ORDER BY id LIMIT 1")
        .fetchone()
    )
    nomor, period_id = (
        sqlite3.connect(office)
        .execute("SELECT nomor, period_id FROM respondent WHERE id = ?", (respondent_id,))
        .fetchone()
    )
    tamper(office, "UPDATE answer SET value = 1 WHERE id = ?", answer_id)
    status, report = verify(office, capsys)
    assert status == 1
    assert failing(report) == {
        "formulir": [
            f"Formulir nomor {nomor} periode {period_id}: isinya berbeda dari saat disimpan "
            "atau dikoreksi"
        ]
    }


def test_deleted_and_smuggled_forms_are_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(office, "DELETE FROM respondent WHERE period_id = 2 AND nomor > 233")
    tamper(
        office,
        "INSERT INTO respondent (period_id, nomor, sesi, batch, saran, source, excluded, "
        "exclusion_reason, created_at, updated_at) SELECT period_id, 999, sesi, batch, saran, "
        "source, 0, '', created_at, updated_at FROM respondent WHERE id = 1",
    )
    status, report = verify(office, capsys)
    problems = failing(report)["formulir"]
    assert status == 1 and len(problems) == 4
    assert "Formulir nomor 234 periode 2: hilang (dihapus di luar aplikasi)" in problems
    assert any("nomor 999" in p and "tidak tercatat" in p for p in problems)


def test_a_staf_given_the_camat_role_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    tamper(office, "UPDATE app_user SET roles = 'staf,camat' WHERE username = 'sri'")
    status, report = verify(office, capsys)
    assert status == 1
    assert failing(report) == {
        "pengguna": ["Pengguna sri: peran camat, staf tidak sesuai jejak audit (staf)"]
    }


def test_a_password_hash_written_behind_the_apps_back_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    staf_hash = one(office, "SELECT password_hash FROM app_user WHERE username = 'sri'")
    tamper(office, "UPDATE app_user SET password_hash = ? WHERE username = 'camat'", staf_hash)
    status, report = verify(office, capsys)
    assert status == 1
    assert failing(report)["pengguna"] == ["Pengguna camat: kata sandi diganti di luar aplikasi"]


def test_a_reattributed_signature_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sri = one(office, "SELECT id FROM app_user WHERE username = 'sri'")
    signature = one(office, "SELECT MIN(id) FROM signature WHERE stage = 'disetujui'")
    document = one(office, f"SELECT document_id FROM signature WHERE id = {signature}")
    tamper(office, "UPDATE signature SET user_id = ? WHERE id = ?", sri, signature)
    status, report = verify(office, capsys)
    problems = failing(report)["tanda_tangan"]
    assert status == 1
    assert problems[0].startswith(f"Tanda tangan disetujui dokumen {document} (sri): ")
    assert "penandatangan lain (camat)" in problems[0]


def test_an_edited_approved_document_is_named(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The insider edits the content and writes its matching hash: the log and the
    signatures still name the content that was signed."""
    document_id, content = (
        sqlite3.connect(office)
        .execute("SELECT id, content FROM document WHERE state = 'disetujui' ORDER BY id LIMIT 1")
        .fetchone()
    )
    data = json.loads(content)
    data["diubah"] = "angka IKM dinaikkan"
    text = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    digest = hashlib.sha256(text.encode("utf-8")).hexdigest()
    tamper(
        office,
        "UPDATE document SET content = ?, content_hash = ? WHERE id = ?",
        text,
        digest,
        document_id,
    )
    status, report = verify(office, capsys)
    problems = failing(report)
    assert status == 1
    assert any(f"Dokumen {document_id} " in p and "jejak audit" in p for p in problems["dokumen"])
    assert any("berubah sesudah ditandatangani" in p for p in problems["tanda_tangan"]), problems


def test_a_changed_step_is_named(office: Path, capsys: pytest.CaptureFixture[str]) -> None:
    tamper(office, "UPDATE period SET current_step = 5 WHERE id = 2")
    status, report = verify(office, capsys)
    assert status == 1
    assert failing(report)["langkah"] == [
        "Periode 2 (Periode II 2026): langkah sekarang 5, jejak audit: 4"
    ]


def _cut_log(path: Path, keep: int) -> None:
    """Remove every audit entry after `keep` and rewrite the head in meta to match."""
    last_hash = one(path, f"SELECT hash FROM audit WHERE id = {keep}")
    tamper(path, "DELETE FROM audit WHERE id > ?", keep)
    tamper(path, "UPDATE meta SET value = ? WHERE key = 'audit_head'", f"{keep}:{last_hash}")


def test_a_log_cut_back_with_its_head_is_caught_by_what_it_recorded_and_a_backup(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "cadangan.db"
    assert main(["--db", str(office), "backup", str(backup)]) == 0
    db_module.close()
    capsys.readouterr()
    entries = one(office, "SELECT COUNT(*) FROM audit")
    _cut_log(office, entries - 5)
    status, report = verify(office, capsys)
    assert status == 1 and "audit" not in failing(report)  # the chain alone looks whole
    assert failing(report)  # ... but what the removed entries wrote has no record now
    status, report = verify(office, capsys, "--against", str(backup))
    assert status == 1
    assert failing(report)["audit"] == [
        f"Jejak audit: lebih pendek dari cadangan ({entries - 5} entri, cadangan "
        f"{json.loads(Path(str(backup) + '.manifest.json').read_text())['created_at']} "
        f"mencatat {entries}): entri terakhir dihapus"
    ]


def test_against_an_older_backup_of_an_intact_log_holds(
    office: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    backup = tmp_path / "cadangan.db"
    assert main(["--db", str(office), "backup", str(backup)]) == 0
    db_module.close()
    shutil.copy(backup, tmp_path / "salinan.db")
    capsys.readouterr()
    status, report = verify(office, capsys, "--against", str(backup))
    assert status == 0, failing(report)


def test_a_log_cut_back_below_a_printed_head_is_caught_against_paper(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The head a signature block prints ("jejak SEQ:HASH8") is typed in from paper."""
    seq, head_hash = max(
        json.loads(row[0])["kepala_audit"]
        for row in sqlite3.connect(office).execute("SELECT payload FROM signature_seal")
    )
    printed = f"{seq}:{head_hash[:8]}"
    status, report = verify(office, capsys, "--kepala", printed)
    assert status == 0, failing(report)
    _cut_log(office, seq - 3)
    status, report = verify(office, capsys, "--kepala", printed)
    problems = failing(report)
    assert status == 1
    assert problems["audit"] == [
        f"Jejak audit entri {seq}: tidak cocok dengan kepala {printed} yang tercetak "
        "(jejak lebih pendek: entri dihapus)"
    ]
    assert any(f"sampai entri {seq} yang dicatatnya telah dipotong" in p for p in problems["tte"])


def test_forms_an_older_version_saved_without_a_hash_are_counted_not_failed(
    office: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An upgraded office database: its old save entries name the form but hold no hash."""
    from ikm_tui.persistence import audit_log, respondents
    from ikm_tui.persistence.models import RespondentRow, database_proxy

    db_module.connect(str(office))
    template = RespondentRow.select().where(RespondentRow.period == 2).first()
    form = respondents.form_of(template.id)
    now = template.created_at
    with database_proxy.atomic():  # what the entry service wrote before form hashes
        respondent_id, nomor = respondents.insert_form(2, form, now, None, None)
        audit_log.append(
            now,
            None,
            "sri",
            "formulir_simpan",
            "respondent",
            respondent_id,
            {"periode": 2, "nomor": nomor},
        )
    db_module.close()
    status, report = verify(office, capsys)
    assert status == 0, failing(report)
    forms = next(c for c in report["checks"] if c["name"] == "formulir")
    assert "1 disimpan versi lama tanpa sidik isi" in forms["summary"]
    # the same form under a number no entry names is smuggled in, not old
    tamper(office, "UPDATE respondent SET nomor = 9999 WHERE id = ?", respondent_id)
    status, report = verify(office, capsys)
    assert any("nomor 9999" in p for p in failing(report)["formulir"])
