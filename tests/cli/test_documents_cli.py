"""Tests `ikm-tui export <dokumen>`, `ikm-tui verify-doc` and `ikm-tui template` through the CLI."""

from __future__ import annotations

import io
import os
import shutil
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.export import engine
from ikm_tui.services.registry import Services
from tests.concept_helpers import PASSWORD, add_office, add_period, add_signers
from tests.export.test_engine import replace_in_part


@pytest.fixture
def period_id(db, clock, monkeypatch) -> int:
    add_office()
    users = add_signers(clock)
    Services(clock).users.add("admin", "Admin Kantor", "", "", "", ["admin"], PASSWORD, None)
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n" * 20))
    return add_period(clock, users["staf"]).id


def _run(tmp_path: Path, *argv: str, as_user: str | None = None) -> int:
    auth = ["--as", as_user, "--password-stdin"] if as_user else []
    return main(["--db", str(tmp_path / "t.db"), *argv, *auth])


def test_export_then_verify_doc_exit_codes(period_id, tmp_path: Path, capsys):
    docx = tmp_path / "kuesioner.docx"
    argv = ("export", "kuesioner", "--period", str(period_id), "-o", str(docx))
    assert _run(tmp_path, *argv, as_user="budi") == 0
    out = capsys.readouterr().out
    assert "(DRAF - belum disetujui) disimpan di" in out and "Kode verifikasi" in out
    assert _run(tmp_path, "verify-doc", str(docx)) == 0
    assert capsys.readouterr().out.startswith("COCOK: ")
    changed = tmp_path / "diubah.docx"
    changed.write_bytes(replace_in_part(docx.read_bytes(), "Perempuan", "Wanita"))
    assert _run(tmp_path, "verify-doc", str(changed)) == 1
    assert capsys.readouterr().out.startswith("BERKAS DIUBAH: ")
    Services().questionnaire.edit(period_id, _staf(), saran="Saran Anda:")
    assert _run(tmp_path, "verify-doc", str(docx)) == 1
    assert capsys.readouterr().out.startswith("DATA BERUBAH SEJAK DICETAK: ")
    foreign = tmp_path / "lain.docx"
    foreign.write_bytes(engine.shipped_template("kuesioner"))
    assert _run(tmp_path, "verify-doc", str(foreign)) == 2
    assert "bukan dokumen yang diekspor ikm-tui" in capsys.readouterr().err


def _staf():
    return Services().users.get("budi")


def test_export_refuses_a_wrong_extension_and_pdf_for_data(period_id, tmp_path: Path, capsys):
    target = tmp_path / "kuesioner.pdf"
    argv = ("export", "kuesioner", "--period", str(period_id), "-o", str(target))
    assert _run(tmp_path, *argv, as_user="budi") == 2
    assert "harus berakhiran .docx" in capsys.readouterr().err
    raw = tmp_path / "mentah.csv"
    argv = ("export", "mentah", "--period", str(period_id), "-o", str(raw), "--pdf")
    assert _run(tmp_path, *argv, as_user="budi") == 2
    assert "hanya untuk dokumen Word" in capsys.readouterr().err


@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) tidak terpasang",
)
def test_export_with_pdf_writes_both(period_id, tmp_path: Path, capsys):
    docx = tmp_path / "k.docx"
    argv = ("export", "kuesioner", "--period", str(period_id), "-o", str(docx), "--pdf")
    assert _run(tmp_path, *argv, as_user="budi") == 0
    pdf = tmp_path / "k.pdf"
    assert (
        pdf.read_bytes().startswith(b"%PDF") and f"PDF disimpan di {pdf}" in capsys.readouterr().out
    )


def test_template_list_export_install_reset(period_id, tmp_path: Path, capsys):
    assert _run(tmp_path, "template", "list") == 0
    listed = capsys.readouterr().out.splitlines()
    assert [line.split() for line in listed][0] == ["kuesioner", "Kuesioner:", "bawaan"]
    assert any(line.split()[:1] == ["laporan"] for line in listed)
    exported = tmp_path / "templat.docx"
    assert _run(tmp_path, "template", "export", "kuesioner", "-o", str(exported)) == 0
    assert exported.read_bytes() == engine.shipped_template("kuesioner")
    broken = tmp_path / "rusak.docx"
    broken.write_bytes(replace_in_part(exported.read_bytes(), "{{ saran }}", "{{ saran.judul }}"))
    assert _run(tmp_path, "template", "install", "kuesioner", str(broken), as_user="admin") == 2
    assert "{{ saran.judul }}" in capsys.readouterr().err
    edited = tmp_path / "kantor.docx"
    edited.write_bytes(replace_in_part(exported.read_bytes(), "{{ saran }}", "SARAN: {{ saran }}"))
    assert _run(tmp_path, "template", "install", "kuesioner", str(edited), as_user="budi") == 1
    assert "Hanya Admin" in capsys.readouterr().err
    assert _run(tmp_path, "template", "install", "kuesioner", str(edited), as_user="admin") == 0
    assert _run(tmp_path, "template", "list") == 0
    assert "terpasang (kantor.docx)" in capsys.readouterr().out
    assert _run(tmp_path, "template", "reset", "kuesioner", as_user="admin") == 0
    assert "kembali ke bawaan" in capsys.readouterr().out
    assert _run(tmp_path, "template", "export", "laporan-x", "-o", str(exported)) == 1
    assert "tidak dikenal" in capsys.readouterr().err
