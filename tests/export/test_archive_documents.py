"""The daftar arsip, the Form Catatan Keluhan Pelanggan and the Buku Register Keluhan Pelanggan
through the document engine, from the demo office: reopened with python-docx and, where
LibreOffice is installed (always in CI), printed to PDF with their text checked."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from ikm_tui.cli import main
from ikm_tui.persistence import db as db_module
from ikm_tui.services.complaint_documents import year_key
from ikm_tui.services.registry import Services
from tests.export.test_meeting_documents import to_pdf
from tests.export.test_questionnaire_docx import NEEDS_PDF, _all_text, pdf_pages

KOP = "KECAMATAN BANDUNGAN"
STAF = "SRI WAHYUNINGSIH, S.E."
SEKCAM = "DHANI ARDIANTO, S. STP"


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    from ikm_tui.services.demo import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.db"
    build_demo(path)
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path) -> Iterator[tuple[Services, int, Path]]:
    from ikm_tui.persistence.models import PeriodRow

    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db_module.connect(str(copy))
    yield Services(), PeriodRow.get(PeriodRow.name == "Periode I 2026").id, copy
    db_module.close()


def test_daftar_arsip_lists_every_item_with_its_location_and_hash(demo, tmp_path):  # type: ignore[no-untyped-def]
    services, period_id, _ = demo
    items = services.archive.list(period_id)
    result = services.documents.export("daftar-arsip", period_id, tmp_path / "arsip.docx")
    assert not result.draft
    body, header = _all_text(result.path)
    assert header.strip() == "" and KOP in body and "DAFTAR ARSIP" in body
    for item in items:
        assert item.nomor_berkas in body and item.sha256[:16] in body
    assert "000.8.3.4" in body and "boks IKM-2026-1" in body and STAF in body
    assert services.documents.verify(result.path).verdict == "cocok"


def test_daftar_arsip_needs_archived_items(demo, tmp_path):  # type: ignore[no-untyped-def]
    services, _, _ = demo
    from ikm_tui.errors import NotFound
    from ikm_tui.persistence.models import PeriodRow

    second = PeriodRow.get(PeriodRow.name == "Periode II 2026").id
    with pytest.raises(NotFound, match="belum memiliki berkas arsip"):
        services.documents.export("daftar-arsip", second, tmp_path / "x.docx")


def test_complaint_form_has_every_part_and_three_signatures(demo, tmp_path):  # type: ignore[no-untyped-def]
    services, _, _ = demo
    record = services.complaints.by_nomor("KLH/2026/002")
    result = services.documents.export("keluhan", record.id, tmp_path / "keluhan.docx")
    body, _ = _all_text(result.path)
    for text in (
        "FORM CATATAN KELUHAN PELANGGAN",
        "Nomor: KLH/2026/002",
        "SP4N-LAPOR!",
        "LAP-4412087",
        "Bapak Slamet",
        "Persyaratan surat keterangan ahli waris",
        "U1 Persyaratan",
        "Tanggapan dikirim melalui SP4N-LAPOR!",
        "Petugas penerima",
        STAF,
        SEKCAM,
    ):
        assert text in body, text


def test_register_of_a_period_and_of_a_year(demo, tmp_path):  # type: ignore[no-untyped-def]
    services, period_id, _ = demo
    period = services.documents.export("register-keluhan", period_id, tmp_path / "p.docx")
    body, _ = _all_text(period.path)
    assert "KLH/2026/001" in body and "KLH/2026/002" in body  # February and March
    assert "KLH/2026/003" not in body  # October: outside Periode I
    year = services.documents.export("register-keluhan", year_key(2026), tmp_path / "y.docx")
    body, _ = _all_text(year.path)
    assert all(f"KLH/2026/00{n}" in body for n in range(1, 5))
    assert "Jumlah keluhan 4; selesai 2" in body and "Diproses (terlambat)" in body
    assert services.documents.verify(year.path).verdict == "cocok"


def test_cli_exports_by_nomor_and_tahun(demo, tmp_path, monkeypatch, capsys):  # type: ignore[no-untyped-def]
    import io

    _, _, path = demo
    db_module.close()
    for argv in (
        ["keluhan", "--nomor", "KLH/2026/001", "-o", str(tmp_path / "k.docx")],
        ["register-keluhan", "--tahun", "2026", "-o", str(tmp_path / "r.docx")],
        ["daftar-arsip", "--period", "1", "-o", str(tmp_path / "a.docx")],
    ):
        monkeypatch.setattr("sys.stdin", io.StringIO("staf2026\n"))
        assert main(["--db", str(path), "export", *argv, "--as", "sri", "--password-stdin"]) == 0
    assert (tmp_path / "k.docx").is_file() and (tmp_path / "r.docx").is_file()
    monkeypatch.setattr("sys.stdin", io.StringIO("staf2026\n"))
    argv = ["export", "keluhan", "-o", str(tmp_path / "x.docx"), "--as", "sri", "--password-stdin"]
    assert main(["--db", str(path), *argv]) == 2
    assert "--nomor KLH/2026/001" in capsys.readouterr().err


@NEEDS_PDF
def test_documents_print_with_their_text(demo, tmp_path):  # type: ignore[no-untyped-def]
    services, period_id, _ = demo
    record = services.complaints.by_nomor("KLH/2026/001")
    arsip = pdf_pages(
        to_pdf(services.documents.export("daftar-arsip", period_id, tmp_path / "a.docx").path)
    )
    keluhan = pdf_pages(
        to_pdf(services.documents.export("keluhan", record.id, tmp_path / "k.docx").path)
    )
    sri = services.auth.login("sri", "staf2026")
    ptpp = services.ptpp.by_nomor("001/PTPP/2026")
    assert ptpp.document is not None
    services.complaints.link_ptpp(
        services.complaints.by_nomor("KLH/2026/003").id, ptpp.document.id, sri
    )
    register = pdf_pages(
        to_pdf(
            services.documents.export("register-keluhan", year_key(2026), tmp_path / "r.docx").path
        )
    )
    assert len(arsip) == 1 and len(keluhan) == 1 and len(register) <= 2
    assert KOP in arsip[0] and "DAFTAR ARSIP" in arsip[0] and "2026/001" in arsip[0]
    assert "Mengetahui" in arsip[0] and SEKCAM in arsip[0]
    assert "FORM CATATAN KELUHAN PELANGGAN" in keluhan[0] and "KLH/2026/001" in keluhan[0]
    assert "Anonim" in keluhan[0] and "Halaman 1 dari 1" in keluhan[0]
    text = "\n".join(register)
    assert "BUKU REGISTER KELUHAN PELANGGAN" in text and "KLH/2026/004" in text
    assert SEKCAM in text
    # The status names the PTPP whole; names in capitals are not broken inside a word.
    assert "PTPP" in text and "001/PTPP/2026" in text and "WAHYUNINGSIH," in text
