"""The documents of steps 6, 8 and 9 through the document engine, from the demo office: every
PTPP of Periode I (one per page), the PTPP register, the notula and the daftar hadir are
reopened with python-docx and, where LibreOffice is installed (always in CI), printed to PDF
and their text checked: kop, names, NIP, PTPP numbers, the closed loop's figures."""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.persistence import db as db_module
from ikm_tui.services.registry import Services
from tests.export.test_questionnaire_docx import NEEDS_PDF, _all_text, pdf_pages, plain

CAMAT = "EKO PURWANTO, S.Sos"
CAMAT_NIP = "NIP 19700605 199003 1 013"
STAF = "SRI WAHYUNINGSIH, S.E."
KOP = "KECAMATAN BANDUNGAN"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    from ikm_tui.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[tuple[Services, int]]:
    from ikm_tui.persistence.models import PeriodRow

    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db_module.connect(str(copy))
    yield Services(), PeriodRow.get(PeriodRow.name == "Periode I 2026").id
    db_module.close()


def export(services: Services, kind: str, period_id: int, folder: Path) -> Path:
    result = services.documents.export(kind, period_id, folder / f"{kind}.docx")
    assert not result.draft, kind  # everything of the demo's Periode I is signed
    return result.path


def to_pdf(path: Path) -> Path:
    from ikm_tui.export.pdf import convert

    return convert(path, "pdf", path.parent)


def test_ptpp_forms_carry_parts_1_to_3_and_the_closed_loop(demo, tmp_path):
    services, period_id = demo
    body, header = _all_text(export(services, "ptpp", period_id, tmp_path))
    assert header.strip() == ""  # approved: no DRAF mark
    assert KOP in body and "PERMINTAAN TINDAKAN PERBAIKAN DAN PENCEGAHAN (PTPP)" in body
    assert "Nomor: 001/PTPP/2026" in body and "Nomor: 002/PTPP/2026" in body
    assert "U3 Waktu Penyelesaian: NRR 2,935, nilai konversi 73,38, mutu C" in body
    assert "Periode II 2026: NRR 3,163" in body  # the next period beside the one that raised it
    assert "Efektif" in body and "Belum diverifikasi" in body
    assert STAF in body and CAMAT in body and CAMAT_NIP in body


def test_register_lists_every_ptpp_with_its_verification(demo, tmp_path):
    services, period_id = demo
    body, _ = _all_text(export(services, "register-ptpp", period_id, tmp_path))
    assert "REGISTER PERMINTAAN TINDAKAN PERBAIKAN DAN PENCEGAHAN (PTPP)" in body
    for text in ("001/PTPP/2026", "002/PTPP/2026", "Tertutup", "Terbuka", "25 November 2026"):
        assert text in body, text


def test_notulen_follows_the_notula_layout_with_the_ptpp_numbers(demo, tmp_path):
    services, period_id = demo
    body, header = _all_text(export(services, "notulen", period_id, tmp_path))
    assert header.strip() == ""
    for text in (
        "NOTULA",
        "Sidang/Rapat",
        "Rabu, 13 Mei 2026",
        "Nomor 000.8.3.4/051/VI.01/2026 tanggal 8 Mei 2026",
        "09.00 - 11.00 WIB",
        "Pimpinan Sidang/Rapat",
        "Kata pembukaan",
        "Menetapkan PTPP 001/PTPP/2026 atas unsur U3 Waktu Penyelesaian",
        "Tindak lanjut",
        "Pencatat",
        STAF,
        CAMAT_NIP,
        "BAMBANG SUTRISNO, S.H. (Kepala Seksi Pemerintahan, NIP 19781210 200604 1 011)",
    ):
        assert text in body, text
    assert body.count("002/PTPP/2026") >= 2  # keputusan and tindak lanjut


def test_daftar_hadir_staggers_the_signatures(demo, tmp_path):
    services, period_id = demo
    import docx

    path = export(services, "daftar-hadir", period_id, tmp_path)
    table = next(t for t in docx.Document(str(path)).tables if t.rows[0].cells[0].text == "No")
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    assert [row[0] for row in rows] == ["1", "2", "3", "4", "5", "6"]
    assert [bool(row[2]) for row in rows] == [True, False] * 3  # odd numbers sign left
    assert [bool(row[3]) for row in rows] == [False, True] * 3  # even numbers sign right
    assert rows[0][1].startswith(CAMAT) and "NIP 19700605 199003 1 013" in rows[0][1]
    body, _ = _all_text(path)
    assert "Mengetahui, Pimpinan Rapat" in body and "RINI ASTUTI, S.Sos." in body


def test_a_draft_notulen_is_marked_and_an_unsigned_chair_is_blank(demo, tmp_path):
    services, period_id = demo
    notulen = services.minutes.current(period_id)
    assert notulen is not None
    body, header = _all_text(export(services, "notulen", period_id, tmp_path))
    assert "DRAF" not in header
    from ikm_tui.persistence.models import SignatureRow

    SignatureRow.update(voided_at=notulen.updated_at).where(
        (SignatureRow.document == notulen.id) & (SignatureRow.stage == "disetujui")
    ).execute()
    result = services.documents.export("notulen", period_id, tmp_path / "draf.docx")
    assert result.draft
    body, header = _all_text(result.path)
    assert "DRAF - belum disetujui" in header
    assert body.count(CAMAT) == 3  # ketua, peserta, pembukaan: not the signature block


@NEEDS_PDF
def test_printed_pages_show_kop_names_nip_and_numbers(demo, tmp_path):
    services, period_id = demo
    expected = {
        "ptpp": (2, ["001/PTPP/2026", CAMAT_NIP, KOP], ["002/PTPP/2026", "Belum diverifikasi"]),
        "register-ptpp": (1, ["001/PTPP/2026", "002/PTPP/2026", KOP], []),
        "notulen": (None, ["NOTULA", KOP, "Rabu, 13 Mei 2026"], []),
        "daftar-hadir": (1, ["DAFTAR HADIR", KOP, "RINI ASTUTI", "NIP 19810515 200902 2 003"], []),
    }
    for kind, (count, first, second) in expected.items():
        pages = pdf_pages(to_pdf(export(services, kind, period_id, tmp_path)))
        if count is not None:
            assert len(pages) == count, (kind, len(pages))
        for text in first:
            assert text in plain(pages[0]), (kind, text)
        for text in second:
            assert text in pages[1], (kind, text)
        assert all("DRAF" not in page for page in pages), kind
    notulen = "\n".join(pdf_pages(to_pdf(tmp_path / "notulen.docx")))
    assert STAF in notulen and "001/PTPP/2026" in notulen and CAMAT_NIP in notulen
    # Nothing a reader must copy is broken across lines in the tables: the tindak lanjut's
    # PTPP numbers stand whole beside their target, the register's PIC jabatan in one word.
    assert re.search(r"12 Juli 2026 +002/PTPP/2026", notulen), notulen
    register = pdf_pages(tmp_path / "register-ptpp.pdf")[0]
    assert "Pengadministrasi" in register and "verifikasi" in register, register
