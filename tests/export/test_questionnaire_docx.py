"""Tests the printable questionnaire: kop, codes, questions with labels, DRAF marking, PDF."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ikm_tui.domain.regimes import KEPMENPAN_2004, get_regime
from ikm_tui.export.docx_common import Kop, Signer
from ikm_tui.services.registry import Services
from tests.concept_helpers import PASSWORD, add_office, add_period, add_signers


def _all_text(path: Path) -> tuple[str, str]:
    """(body text including tables, header text) of a .docx."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return "\n".join(parts), header


@pytest.fixture
def world(db, clock):
    add_office()
    users = add_signers(clock)
    services = Services(clock)
    return users, services.questionnaire, services.signoff


def test_draft_has_kop_codes_questions_and_draf_marking(world, tmp_path: Path):
    import docx

    users, service, _ = world
    period = add_period(service.clock, users["staf"])
    path = service.export_docx(period.id, tmp_path / "kuesioner.docx", users["staf"])
    body, header = _all_text(path)
    assert "DRAF - belum disetujui" in header
    first = [p.text for p in docx.Document(str(path)).paragraphs[:3]]
    assert first[:2] == ["PEMERINTAH KABUPATEN SEMARANG", "KECAMATAN BANDUNGAN"]
    assert "Telp (0298) 711585 Fax (0298) 711877, Bandungan 50665" in first[2]
    assert "No. Responden: ________" in body
    assert "08.00-12.00" in body and "13.00-17.00" in body
    assert "1. Laki-laki" in body and "2. Perempuan" in body and "5. Wirausaha" in body
    assert "\u2610 A. KTP elektronik" in body and "\u2610 C. Surat Pindah" in body
    assert body.count("Kode petugas") == 3
    for number, unsur in enumerate(get_regime("permenpanrb-14-2017").unsur, start=1):
        assert f"{number}." in body and unsur.pertanyaan in body
        for score, label in enumerate(unsur.labels, start=1):
            assert f"{score}. {label}" in body
    assert "Dibuat oleh :" in body and "Disetujui oleh :" in body
    assert "Budi Santoso" not in body  # nobody has signed yet


def test_approved_export_has_signers_and_no_draf(world, tmp_path: Path):
    users, service, signoff = world
    period = add_period(service.clock, users["staf"], regime_id=KEPMENPAN_2004)
    document = service.current(period.id)
    signoff.submit(document.id, users["staf"], PASSWORD)
    signoff.approve(document.id, users["sekcam"], PASSWORD)
    signoff.approve(document.id, users["camat"], PASSWORD)
    path = service.export_docx(period.id, tmp_path / "final.docx", users["staf"], paper="F4")
    body, header = _all_text(path)
    assert "DRAF" not in header and "DRAF" not in body
    assert "14." in body and "tentang keamanan pelayanan di unit ini?" in body
    assert body.count("Kode petugas") == 3
    for label in ("Selalu tidak sesuai", "Kadang-kadang tepat", "Sangat aman"):
        assert label in body
    assert "EKO PURWANTO, S.Sos" in body and "NIP 19700605 199003 1 013" in body
    assert "Pembina (IV/a)" in body and "Bandungan, 15 September 2026" in body
    import docx

    section = docx.Document(str(path)).sections[0]
    assert round(section.page_height.cm, 1) == 33.0  # F4


def test_plain_document_api_without_database(tmp_path: Path):
    from ikm_tui.domain.questionnaire import template
    from ikm_tui.export.questionnaire_docx import (
        PrintFrame,
        questionnaire_text,
        write_questionnaire_docx,
    )

    content = template("permenpanrb-14-2017", [("01", "KTP")])
    kop = Kop("PEMERINTAH KABUPATEN X", "KECAMATAN Y", ("Jl. Z",))
    signers = (Signer("Dibuat oleh", "Staf", "A"), Signer.blank("Diperiksa oleh", "Sekcam"))
    path = write_questionnaire_docx(tmp_path / "a.docx", content, PrintFrame(kop, signers, ""))
    body, header = _all_text(path)
    assert "KECAMATAN Y" in body and header.strip() == ""
    text = questionnaire_text(content, PrintFrame(kop, signers, "DRAF"))
    assert text.count("[ ] 1.") == 9 + 4  # questions; sesi, jenis kelamin, pendidikan, pekerjaan
    assert "[ ] 1. SD" in text and "[ ] A. KTP" in text


@pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) tidak terpasang",
)
def test_libreoffice_converts_the_questionnaire_to_pdf(world, tmp_path: Path):
    users, service, _ = world
    period = add_period(service.clock, users["staf"])
    path = service.export_docx(period.id, tmp_path / "kuesioner.docx", users["staf"])
    profile = tmp_path / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = tmp_path / "kuesioner.pdf"
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000


def _tiny_png(width: int, height: int) -> bytes:
    """A valid RGB PNG (solid colour) built with the standard library."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    raw = b"".join(b"\x00" + b"\x80\x00\x00" * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )


def test_kop_with_logo_puts_the_emblem_beside_the_lines(tmp_path: Path):
    import docx

    from ikm_tui.domain.questionnaire import template
    from ikm_tui.export.questionnaire_docx import PrintFrame, write_questionnaire_docx

    logo = tmp_path / "lambang.png"
    logo.write_bytes(_tiny_png(40, 50))
    kop = Kop(
        "PEMERINTAH KABUPATEN SEMARANG", "KECAMATAN BANDUNGAN", ("Jl. P. Diponegoro",), str(logo)
    )
    path = write_questionnaire_docx(
        tmp_path / "logo.docx",
        template("permenpanrb-14-2017"),
        PrintFrame(kop, (), "DRAF - belum disetujui"),
    )
    document = docx.Document(str(path))
    logo_cell, text_cell = document.tables[0].rows[0].cells
    assert len(document.inline_shapes) == 1 and logo_cell.text == ""
    assert text_cell.text.splitlines() == [
        "PEMERINTAH KABUPATEN SEMARANG",
        "KECAMATAN BANDUNGAN",
        "Jl. P. Diponegoro",
    ]


def test_printed_service_codes_are_the_entry_codes(tmp_path: Path):
    """On the demo office (10 jenis layanan) the paper form prints the letters the officer types."""
    import re

    from ikm_tui.persistence import db as db_module
    from ikm_tui.persistence.models import PeriodRow
    from ikm_tui.services.demo import build_demo

    build_demo(tmp_path / "demo.db")
    db_module.connect(str(tmp_path / "demo.db"))
    try:
        period_id = PeriodRow.get(PeriodRow.name == "Periode II 2026").id
        entry_codes = [
            (code, nama) for code, _, nama in Services().entry.layout(period_id).services
        ]
        path = Services().questionnaire.export_docx(period_id, tmp_path / "kuesioner.docx")
    finally:
        db_module.close()
    body, _ = _all_text(path)
    row = next(line for line in body.splitlines() if "\u2610 A. " in line and "\u2610 J. " in line)
    printed = re.findall(r"\u2610 (\w+)\. (.+?)(?=   \u2610|$)", row)
    assert len(entry_codes) == 10 and printed == entry_codes
