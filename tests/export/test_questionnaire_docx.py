"""Tests the printable questionnaire: kop, codes, questions with labels, DRAF marking, print
layout (rows never split, options never broken, one A4 sheet for 9 unsur) and the PDF."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from ikm_tui.domain.regimes import KEPMENPAN_2004, get_regime
from ikm_tui.export.docx_common import Kop, Signer
from ikm_tui.services.registry import Services
from tests.concept_helpers import PASSWORD, add_office, add_period, add_signers

NEEDS_PDF = pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice (soffice) atau poppler-utils tidak terpasang",
)


def plain(text: str) -> str:
    """Printed text with no-break spaces and hyphens as a reader sees them."""
    return text.replace("\u00a0", " ").replace("\u2011", "-").replace("\u2003", " ")


def _all_text(path: Path) -> tuple[str, str]:
    """(body text including tables, header text) of a .docx."""
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return plain("\n".join(parts)), header


@pytest.fixture
def world(db, clock):
    add_office()
    users = add_signers(clock)
    services = Services(clock)
    return users, services


def export(services: Services, period_id: int, path: Path, user=None, paper=None) -> Path:
    return services.documents.export("kuesioner", period_id, path, user, paper=paper).path


def approve(services: Services, users, period_id: int) -> None:
    document = services.questionnaire.current(period_id)
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)


def test_draft_has_kop_codes_questions_and_draf_marking(world, tmp_path: Path):
    import docx

    users, services = world
    period = add_period(services.clock, users["staf"])
    path = export(services, period.id, tmp_path / "kuesioner.docx", users["staf"])
    body, header = _all_text(path)
    assert "DRAF - belum disetujui" in header
    kop_lines = docx.Document(str(path)).tables[0].rows[0].cells[1].text.splitlines()
    assert kop_lines[:2] == ["PEMERINTAH KABUPATEN SEMARANG", "KECAMATAN BANDUNGAN"]
    assert "Telp (0298) 711585 Fax (0298) 711877, Bandungan 50665" in kop_lines[2]
    assert "No. Responden: ________" in body
    assert "08.00-12.00" in body and "13.00-17.00" in body
    assert "1. Laki-laki" in body and "2. Perempuan" in body and "5. Wirausaha" in body
    assert "\u2610 A. KTP elektronik" in body and "\u2610 C. Surat Pindah" in body
    assert body.count("Kode petugas") == 2  # the profile table and the questions table
    for number, unsur in enumerate(get_regime("permenpanrb-14-2017").unsur, start=1):
        assert f"{number}." in body and unsur.pertanyaan in body
        for score, label in enumerate(unsur.labels, start=1):
            assert f"{score}. {label}" in body
    assert "Dibuat oleh :" in body and "Disetujui oleh :" in body
    assert "Budi Santoso" not in body  # nobody has signed yet
    assert "{{" not in body and "{%" not in body


def test_approved_export_has_signers_and_no_draf(world, tmp_path: Path):
    users, services = world
    period = add_period(services.clock, users["staf"], regime_id=KEPMENPAN_2004)
    approve(services, users, period.id)
    path = export(services, period.id, tmp_path / "final.docx", users["staf"], paper="F4")
    body, header = _all_text(path)
    assert "DRAF" not in header and "DRAF" not in body
    assert "14." in body and "tentang keamanan pelayanan di unit ini?" in body
    for label in ("Selalu tidak sesuai", "Kadang-kadang tepat", "Sangat aman"):
        assert label in body
    assert "EKO PURWANTO, S.Sos" in body and "NIP 19700605 199003 1 013" in body
    assert "Pembina (IV/a)" in body and "Bandungan, 15 September 2026" in body
    import docx

    section = docx.Document(str(path)).sections[0]
    assert round(section.page_height.cm, 1) == 33.0  # F4


def test_rows_never_split_and_options_never_break_inside(world, tmp_path: Path):
    """Every question and profile row is w:cantSplit, the heading rows repeat on a new page,
    and each option is glued with no-break spaces (a line breaks only between options)."""
    import docx
    from docx.oxml.ns import qn

    users, services = world
    period = add_period(services.clock, users["staf"], regime_id=KEPMENPAN_2004)
    document = docx.Document(str(export(services, period.id, tmp_path / "k.docx")))
    profile, questions = document.tables[2], document.tables[3]
    assert len(questions.rows) == 1 + 14
    for table in (profile, questions):
        assert table.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
        for row in table.rows:
            assert row._tr.trPr is not None and row._tr.trPr.find(qn("w:cantSplit")) is not None
    for row in questions.rows[1:]:
        options = row.cells[1].paragraphs[-1].text
        pieces = options.split("\u2003 ")
        assert len(pieces) == 4 and all(" " not in piece and "-" not in piece for piece in pieces)
        assert pieces[0].startswith("\u2610\u00a01.\u00a0")


def test_plain_document_api_without_database():
    """The engine renders a questionnaire from plain data: no database, no service."""
    import io

    import docx

    from ikm_tui.domain.questionnaire import template
    from ikm_tui.export import engine
    from ikm_tui.export.kinds import KINDS
    from ikm_tui.export.questionnaire_docx import (
        PrintFrame,
        questionnaire_context,
        questionnaire_text,
    )

    content = template("permenpanrb-14-2017", [("01", "KTP")])
    kop = Kop("PEMERINTAH KABUPATEN X", "KECAMATAN Y", ("Jl. Z",), kota="Y")
    signers = {"dibuat": Signer("Dibuat oleh", "Staf", "A"), "diperiksa": Signer.blank("D", "S")}
    data = engine.DocumentData(
        "kuesioner", 1, "Kuesioner", questionnaire_context(content, "Periode"), content, signers
    )
    body = engine.render(
        engine.shipped_template("kuesioner"),
        KINDS["kuesioner"],
        data,
        kop,
        paper="A4",
        today=dt.date(2026, 1, 2),
        code="ABCD-EFGH",
    )
    document = docx.Document(io.BytesIO(body))
    text = "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "KECAMATAN Y" in text and "Y, 2 Januari 2026" in text
    assert "DRAF - belum disetujui" in document.sections[0].header.paragraphs[0].text
    assert "ABCD-EFGH" in document.sections[0].footer.paragraphs[0].text
    preview = questionnaire_text(content, PrintFrame(kop, tuple(signers.values()), "DRAF"))
    assert preview.count("[ ] 1.") == 9 + 4  # questions; sesi, jenis kelamin, pendidikan, pekerjaan
    assert "[ ] 1. SD" in preview and "[ ] A. KTP" in preview


def to_pdf(path: Path) -> Path:
    profile = path.parent / "lo-profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(path.parent),
            str(path),
        ],
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    pdf = path.with_suffix(".pdf")
    assert result.returncode == 0, result.stderr
    assert pdf.is_file() and pdf.read_bytes().startswith(b"%PDF")
    return pdf


def pdf_pages(pdf: Path) -> list[str]:
    """The text of each page (pdftotext, layout kept)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [plain(page) for page in text.split("\f") if page.strip()]


@NEEDS_PDF
def test_nine_unsur_form_prints_on_one_a4_sheet_with_kop_and_signers(world, tmp_path: Path):
    users, services = world
    period = add_period(services.clock, users["staf"])
    approve(services, users, period.id)
    pages = pdf_pages(to_pdf(export(services, period.id, tmp_path / "kuesioner.docx")))
    assert len(pages) == 1, "the 9-unsur kuesioner no longer fits one A4 sheet"
    page = " ".join(pages[0].split())
    assert "PEMERINTAH KABUPATEN SEMARANG" in page and "KECAMATAN BANDUNGAN" in page
    for unsur in get_regime("permenpanrb-14-2017").unsur:
        assert " ".join(unsur.pertanyaan.split()[:5]) in page
    for name, nip in (
        ("Budi Santoso, S.E.", "19900101 201503 1 001"),
        ("DHANI ARDIANTO, S. STP", "19840419 200312 1 002"),
        ("EKO PURWANTO, S.Sos", "19700605 199003 1 013"),
    ):
        assert name in page and f"NIP {nip}" in page
    assert "DRAF" not in page and "Halaman 1 dari 1" in page


@NEEDS_PDF
def test_draft_mark_is_on_every_printed_page(world, tmp_path: Path):
    users, services = world
    period = add_period(services.clock, users["staf"], regime_id=KEPMENPAN_2004)
    pages = pdf_pages(to_pdf(export(services, period.id, tmp_path / "kuesioner.docx")))
    assert len(pages) == 2  # 14 unsur: the signatures go to the second sheet
    for number, page in enumerate(pages, start=1):
        assert "DRAF - belum disetujui" in page and f"Halaman {number} dari 2" in page


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


def test_kop_with_logo_puts_the_emblem_beside_the_lines(world, tmp_path: Path):
    import docx

    users, services = world
    logo = tmp_path / "lambang.png"
    logo.write_bytes(_tiny_png(40, 50))
    services.office.update(None, logo_path=str(logo))
    period = add_period(services.clock, users["staf"])
    document = docx.Document(str(export(services, period.id, tmp_path / "logo.docx")))
    logo_cell, text_cell, _ = document.tables[0].rows[0].cells
    assert len(document.inline_shapes) == 1 and logo_cell.text == ""
    assert text_cell.text.splitlines()[:2] == [
        "PEMERINTAH KABUPATEN SEMARANG",
        "KECAMATAN BANDUNGAN",
    ]


@pytest.fixture
def demo(tmp_path: Path):
    """The demo office (10 jenis layanan with long names, every signer with NIP and pangkat)."""
    from ikm_tui.persistence import db as db_module
    from ikm_tui.services.demo import build_demo

    build_demo(tmp_path / "demo.db")
    db_module.connect(str(tmp_path / "demo.db"))
    yield Services()
    db_module.close()


@NEEDS_PDF
def test_the_demo_office_approved_form_fits_one_sheet(demo: Services, tmp_path: Path):
    from ikm_tui.persistence.models import PeriodRow

    period_id = PeriodRow.get(PeriodRow.name == "Periode II 2026").id
    pages = pdf_pages(to_pdf(export(demo, period_id, tmp_path / "kuesioner.docx")))
    assert len(pages) == 1 and "NIP 19700605 199003 1 013" in pages[0]
    assert "J. Akta Tanah (PPAT Sementara)" in " ".join(pages[0].split())


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
        path = export(Services(), period_id, tmp_path / "kuesioner.docx")
    finally:
        db_module.close()
    body, _ = _all_text(path)
    row = next(line for line in body.splitlines() if "\u2610 A. " in line and "\u2610 J. " in line)
    printed = re.findall(r"\u2610 (\w+)\. (.+?)(?=  \u2610|$)", row)
    assert len(entry_codes) == 10 and printed == entry_codes
