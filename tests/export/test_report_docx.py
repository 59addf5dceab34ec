"""Tests the Laporan IKM and pengumuman exports: reopen the .docx, check structure and figures;
render to PDF (LibreOffice, poppler) and check the text against `ikm-tui score` on the raw data."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import WorkflowError
from ikm_tui.persistence.models import AnswerRow, RespondentRow
from ikm_tui.services.registry import Services
from tests.report_helpers import period_at_report
from tests.services.conftest import PASSWORD, PEOPLE

COUNT = 40


@pytest.fixture
def world(db, clock):
    services = Services(clock)
    period, users = period_at_report(services, COUNT)
    return services, period, users


def _approve(services, period_id, users):
    document = services.report.save(period_id, users["staf"])
    services.signoff.submit(document.id, users["staf"], PASSWORD)
    services.signoff.approve(document.id, users["sekcam"], PASSWORD)
    services.signoff.approve(document.id, users["camat"], PASSWORD)
    return document


def _texts(path: Path) -> tuple[str, str, list]:
    import docx

    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts += [cell.text for cell in row.cells]
    header = "\n".join(p.text for p in document.sections[0].header.paragraphs)
    return "\n".join(parts), header, document.tables


def test_draft_report_has_the_outline_the_figures_and_the_draf_mark(world, tmp_path):
    import docx

    services, period, users = world
    figures = services.report.figures(period.id)
    result = services.documents.export("laporan", period.id, tmp_path / "l.docx", users["staf"])
    body, header, tables = _texts(result.path)
    assert result.draft and "DRAF - belum disetujui" in header
    for heading in ("KATA PENGANTAR", "DAFTAR ISI", "BAB I", "BAB II", "BAB III", "BAB IV"):
        assert heading in body
    assert "BAB V\nKESIMPULAN DAN SARAN" in body and "LAMPIRAN 2" in body
    assert f"adalah {figures['ikm']} dengan mutu pelayanan {figures['mutu']}" in body
    assert "bobot tepat 1/jumlah unsur" in body
    assert "Dibuat oleh :" in body and "Disetujui oleh :" in body  # blank blocks, not signed
    assert "Undang-Undang Nomor 25 Tahun 2009" in body and "Nomor 14 Tahun 2017" in body
    regime = get_regime(period.regime_id)
    unsur_table = next(t for t in tables if t.rows[0].cells[0].text == "Kode")
    assert len(unsur_table.rows) == 1 + regime.n_unsur + 2
    assert [c.text for c in unsur_table.rows[3].cells][3] == figures["unsur"][2]["nrr"]
    olah = next(t for t in tables if t.rows[0].cells[0].text == "No.")
    assert len(olah.rows) == 1 + COUNT + 3 and len(olah.columns) == 1 + regime.n_unsur
    assert [c.text for c in olah.rows[-2].cells][1:] == figures["olah_data"]["nrr"]
    sample = next(t for t in tables if t.rows[0].cells[0].text == "Jenis layanan")
    assert "belum terpenuhi" in [c.text for c in sample.rows[1].cells]
    rtl = next(t for t in tables if t.rows[0].cells[1].text == "Prioritas unsur")
    assert figures["terlemah"][0]["nama"] in rtl.rows[1].cells[1].text
    pictures = docx.Document(str(result.path)).inline_shapes
    assert len(pictures) == 1  # the unsur chart; no trend chart for a first period
    assert "periode pertama yang diukur" in body


def test_a_2004_report_has_its_title_legal_basis_and_14_unsur_columns(db, clock, tmp_path):
    from ikm_tui.domain.regimes import KEPMENPAN_2004

    services = Services(clock)
    period, users = period_at_report(services, 12, KEPMENPAN_2004)
    result = services.documents.export("laporan", period.id, tmp_path / "l.docx", users["staf"])
    body, _, tables = _texts(result.path)
    assert "LAPORAN INDEKS KEPUASAN MASYARAKAT" in body and "KEP/25/M.PAN/2/2004" in body
    assert "(jumlah unsur + 1) x 10" in body  # the 2004 minimum sample
    olah = next(t for t in tables if t.rows[0].cells[0].text == "No.")
    assert [c.text for c in olah.rows[0].cells][1:] == [f"U{i}" for i in range(1, 15)]
    assert len(olah.rows) == 1 + 12 + 3


def test_signed_report_exports_the_same_content_after_data_changes(world, tmp_path):
    services, period, users = world
    _approve(services, period.id, users)
    first = services.documents.export("laporan", period.id, tmp_path / "a.docx", users["staf"])
    body, header, _ = _texts(first.path)
    assert not first.draft and "DRAF" not in header
    for role in ("staf", "sekcam", "camat"):
        assert PEOPLE[role][1] in body
    assert "NIP 19800303 200212 1 003" in body  # the Camat, in the kata pengantar and BAB V
    some = RespondentRow.select().where(RespondentRow.period == period.id).first()
    AnswerRow.update(value=1).where(AnswerRow.respondent == some.id).execute()
    again = services.documents.export("laporan", period.id, tmp_path / "b.docx", users["staf"])
    assert _texts(again.path)[0] == body


def test_announcement_refused_before_approval_then_drawn_from_the_report(world, tmp_path):
    services, period, users = world
    with pytest.raises(WorkflowError, match="hanya dibuat dari laporan IKM yang sudah disetujui"):
        services.documents.export("pengumuman", period.id, tmp_path / "p.docx", users["staf"])
    assert not (tmp_path / "p.docx").exists()
    document = _approve(services, period.id, users)
    result = services.documents.export("pengumuman", period.id, tmp_path / "p.docx")
    body, header, _ = _texts(result.path)
    figures = document.content["angka"]
    assert "PENGUMUMAN" in body and figures["ikm"] in body and f"{COUNT} responden" in body
    assert document.content["rtl"][0]["program"] in body and "DRAF" not in header
    assert PEOPLE["camat"][1] in body


@pytest.mark.skipif(
    (shutil.which("soffice") is None or shutil.which("pdftotext") is None)
    and not os.environ.get("CI"),
    reason="LibreOffice (soffice) atau pdftotext tidak terpasang",
)
def test_pdf_shows_kop_chapters_the_scored_ikm_and_the_signers(world, tmp_path, capsys):
    from ikm_tui.cli import main
    from ikm_tui.persistence import db as db_module

    services, period, users = world
    _approve(services, period.id, users)
    result = services.documents.export(
        "laporan", period.id, tmp_path / "laporan.docx", users["staf"], pdf=True
    )
    assert result.pdf_path is not None
    text = subprocess.run(
        ["pdftotext", "-layout", str(result.pdf_path), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    raw = tmp_path / "mentah.csv"
    services.tabulation.export_raw(period.id, raw, "csv", users["staf"])
    db_path = str(db_module.database_proxy.obj.database)
    capsys.readouterr()
    assert main(["--db", db_path, "score", str(raw), "--regime", period.regime_id, "--json"]) == 0
    scored = json.loads(capsys.readouterr().out)
    ikm = f"{scored['ikm']:.2f}".replace(".", ",")
    assert re.search(rf"adalah\s+{ikm}\s+dengan\s+mutu", text)
    assert "KECAMATAN BANDUNGAN" in text and "PEMERINTAH KABUPATEN SEMARANG" in text
    for chapter in ("BAB I", "BAB II", "BAB III", "BAB IV", "BAB V"):
        assert chapter in text
    for role in ("staf", "sekcam", "camat"):
        assert PEOPLE[role][1] in text
    assert "NIP 19800303 200212 1 003" in text and "NIP 19750505 200003 1 002" in text
    assert "DRAF" not in text


def test_demo_reports_export_with_the_trend_over_the_earlier_period(tmp_path):
    """The demo's Periode I has an approved report; Periode II, once closed, trends on it."""
    import docx

    from ikm_tui.persistence import db as db_module
    from ikm_tui.services.demo import build_demo

    path = tmp_path / "demo.db"
    build_demo(path)
    db_module.connect(str(path))
    try:
        services = Services()
        first = services.documents.export("laporan", 1, tmp_path / "p1.docx")
        assert not first.draft and services.report.approved(1) is not None
        sri = services.users.get("sri")
        services.workflow.close_collection(2, sri)
        second = services.documents.export("laporan", 2, tmp_path / "p2.docx", sri)
        body, header, tables = _texts(second.path)
        assert second.draft and "DRAF - belum disetujui" in header
        trend = next(t for t in tables if t.rows[0].cells[0].text == "Uraian")
        assert [c.text for c in trend.rows[0].cells] == [
            "Uraian",
            "Periode I 2026",
            "Periode II 2026",
        ]
        assert "Dibandingkan Periode I 2026 (IKM 81,45)" in body
        assert len(docx.Document(str(second.path)).inline_shapes) == 2
    finally:
        db_module.close()
