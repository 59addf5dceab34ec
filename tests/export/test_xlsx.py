"""Provides tests of the tabulation exports: data mentah CSV/XLSX reopened, olah-data formulas,
and the olah-data IKM recomputed by LibreOffice equal to the app's IKM (2 decimals)."""

# ruff: noqa: F811 - fixtures imported from tests.services.conftest
from __future__ import annotations

import csv
import datetime as dt
import os
import random
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import load_workbook

from ikm_tui.domain.regimes import get_regime
from ikm_tui.errors import NoAnswersError
from ikm_tui.export.xlsx import DATA_TOP, footer_rows
from ikm_tui.persistence import respondents
from ikm_tui.persistence.models import AuditRow, PeriodRow, RespondentRow, database_proxy
from ikm_tui.persistence.respondents import FormData
from tests.persistence.pg_fixture import needs_postgres, pg_server  # noqa: F401 - fixture
from tests.services.conftest import (  # noqa: F401 - fixtures
    at_step4,
    period,
    services,
    users,
    walk_to,
)

REGIME = get_regime("permenpanrb-14-2017")
KEYS = [u.key for u in REGIME.unsur]
NOW = dt.datetime(2026, 9, 15, 10, 0)
needs_soffice = pytest.mark.skipif(
    shutil.which("soffice") is None and not os.environ.get("CI"),
    reason="LibreOffice (soffice) tidak terpasang",
)


def _store(period_id: int, answer_rows: list[list[int | None]], **extra: object) -> None:
    forms = [
        FormData(answers=dict(zip(KEYS, row, strict=True)), **extra)  # type: ignore[arg-type]
        for row in answer_rows
    ]
    with database_proxy.atomic():
        respondents.bulk_insert(period_id, forms, NOW, None, None)


def _random_answers(seed: int, count: int) -> list[list[int | None]]:
    rng = random.Random(seed)
    return [[rng.choice([1, 2, 3, 3, 4, 4, 4, None]) for _ in KEYS] for _ in range(count)]


def test_raw_csv_has_every_respondent_with_blanks_and_excluded_flag(
    services, at_step4, users, tmp_path
):
    service_id = services.periods.period_service_types(at_step4.id)[0].id
    _store(
        at_step4.id,
        [[4, None, 3, 4, 4, 4, 4, 4, 1]],
        service_type_id=service_id,
        tanggal_survei=dt.date(2026, 9, 14),
        jenis_kelamin="2",
        usia=34,
        saran="Cepat; ramah",
    )
    _store(at_step4.id, [[1] * 9])
    RespondentRow.update(excluded=True, exclusion_reason="ganda").where(
        RespondentRow.nomor == 2
    ).execute()
    path = tmp_path / "mentah.csv"
    assert services.tabulation.export_raw(at_step4.id, path, "csv", users["staf"]) == 2
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle, delimiter=";"))
    assert rows[0][:8] == [
        "Nomor",
        "Tanggal survei",
        "Kode layanan",
        "Jenis layanan",
        "Jenis kelamin",
        "Usia",
        "Pendidikan",
        "Pekerjaan",
    ]
    assert rows[0][8:17] == [u.kode for u in REGIME.unsur]
    assert rows[1][:6] == ["1", "2026-09-14", "01", "KTP elektronik", "2", "34"]
    assert rows[1][8:17] == ["4", "", "3", "4", "4", "4", "4", "4", "1"]
    assert rows[1][17:20] == ["Cepat; ramah", "kertas", "tidak"]
    assert rows[2][19:] == ["ya", "ganda"]
    entry = AuditRow.select().order_by(AuditRow.id.desc()).first()
    assert entry.action == "ekspor_data_mentah" and entry.username == users["staf"].username


def test_raw_xlsx_reopens_and_reimports(services, at_step4, users, tmp_path):
    answers = _random_answers(5, 30)
    _store(at_step4.id, answers)
    path = tmp_path / "mentah.xlsx"
    services.tabulation.export_raw(at_step4.id, path, "xlsx")
    sheet = load_workbook(path).active
    values = list(sheet.iter_rows(values_only=True))
    assert values[0][8] == "U1" and len(values) == 31
    assert [list(row[8:17]) for row in values[1:]] == answers
    check = services.importer.validate(at_step4.id, path)
    assert check.ok and check.accepted == 30


def test_olah_data_has_answers_header_block_and_footer_formulas(services, at_step4, tmp_path):
    answers = _random_answers(9, 12)
    _store(at_step4.id, answers)
    path = tmp_path / "olah.xlsx"
    assert services.tabulation.export_olah_data(at_step4.id, path) == 12
    sheet = load_workbook(path).active
    assert sheet["A1"].value == "HASIL OLAH DATA SURVEI KEPUASAN MASYARAKAT"
    assert sheet["C4"].value == "PermenPANRB 14/2017"
    assert [sheet.cell(DATA_TOP - 1, c).value for c in range(3, 12)] == [
        u.kode for u in REGIME.unsur
    ]
    blank = next((r, c) for r, row in enumerate(answers) for c, v in enumerate(row) if v is None)
    assert sheet.cell(DATA_TOP + blank[0], 3 + blank[1]).value is None
    footer = footer_rows(12)
    last = DATA_TOP + 11
    assert sheet.cell(footer.jumlah, 3).value == f"=SUM(C{DATA_TOP}:C{last})"
    assert sheet.cell(footer.count, 4).value == f"=COUNT(D{DATA_TOP}:D{last})"
    assert "/C" in sheet.cell(footer.nrr, 3).value
    assert sheet.cell(footer.bobot, 3).value == f"=1/COUNT(C{footer.nrr}:K{footer.nrr})"
    assert sheet.cell(footer.ikm, 3).value == f"=SUM(C{footer.tertimbang}:K{footer.tertimbang})*25"
    assert sheet.cell(footer.ikm_bulat, 3).value == f"=ROUND(C{footer.ikm},2)"
    assert sheet.cell(footer.mutu, 3).value.startswith(f'=IF(C{footer.ikm_bulat}>=88.31,"A"')


def test_olah_data_without_answers_is_refused(services, at_step4, tmp_path):
    with pytest.raises(NoAnswersError):
        services.tabulation.export_olah_data(at_step4.id, tmp_path / "olah.xlsx")


def _recompute(path: Path, tmp_path: Path) -> list[list[str]]:
    from ikm_tui.export.pdf import convert

    out = tmp_path / "recomputed"
    out.mkdir()
    with convert(path, "csv", out).open(encoding="utf-8", errors="replace") as handle:
        return list(csv.reader(handle))


def _figure(rows: list[list[str]], label: str) -> str:
    return next(row[2] for row in rows if row and row[0] == label)


@needs_soffice
@pytest.mark.parametrize(("weights", "seed"), [("exact", 1), ("0.11", 2), ("exact", 3)])
def test_libreoffice_recomputes_the_same_ikm(services, at_step4, tmp_path, weights, seed):
    PeriodRow.update(weights=weights).where(PeriodRow.id == at_step4.id).execute()
    _store(at_step4.id, _random_answers(seed, 157))
    expected = services.tabulation.summary(at_step4.id).score
    assert expected is not None
    path = tmp_path / "olah.xlsx"
    services.tabulation.export_olah_data(at_step4.id, path)
    rows = _recompute(path, tmp_path)
    assert Decimal(_figure(rows, "IKM unit pelayanan (dibulatkan)")) == expected.ikm
    assert _figure(rows, "Mutu pelayanan") == expected.mutu
    assert _figure(rows, "Kinerja unit pelayanan") == expected.kinerja
    nrr = next(row for row in rows if row and row[0] == "NRR per unsur")
    konversi = next(row for row in rows if row and row[0].startswith("Nilai konversi"))
    for index, unsur in enumerate(expected.unsur):
        assert abs(
            Decimal(nrr[2 + index]) - Decimal(unsur.nrr.numerator) / Decimal(unsur.nrr.denominator)
        ) < Decimal("0.0001")
        assert Decimal(konversi[2 + index]) == unsur.konversi


def _rows_with_totals(totals: list[int], respondents: int) -> list[list[int | None]]:
    """Answer rows (1-4) whose per-unsur totals are exactly `totals`."""
    columns = []
    for total in totals:
        base, extra = divmod(total, respondents)
        columns.append([base + (1 if index < extra else 0) for index in range(respondents)])
    return [list(row) for row in zip(*columns, strict=True)]


@needs_soffice
def test_libreoffice_rounds_an_exact_half_like_the_app(services, at_step4, tmp_path):
    """40 respondents, totals summing to 9 x 141: the exact IKM is 88,125 -> 88,13 (B)."""
    totals = [141, 140, 142, 141, 139, 143, 141, 141, 141]
    _store(at_step4.id, _rows_with_totals(totals, 40))
    expected = services.tabulation.summary(at_step4.id).score
    assert expected is not None and expected.ikm_exact * 1000 == 88125
    assert expected.ikm == Decimal("88.13") and expected.mutu == "B"
    path = tmp_path / "olah.xlsx"
    services.tabulation.export_olah_data(at_step4.id, path)
    rows = _recompute(path, tmp_path)
    assert Decimal(_figure(rows, "IKM unit pelayanan (dibulatkan)")) == Decimal("88.13")
    assert _figure(rows, "Mutu pelayanan") == "B"


def _page_setup(sheet) -> tuple[object, ...]:
    setup = sheet.page_setup
    return (
        setup.orientation,
        setup.fitToWidth,
        setup.fitToHeight,
        sheet.sheet_properties.pageSetUpPr.fitToPage,
        sheet.print_title_rows,
    )


def test_olah_data_and_data_mentah_print_landscape_one_page_wide_with_heads(
    services, at_step4, tmp_path
):
    _store(at_step4.id, _random_answers(4, 5))
    services.tabulation.export_olah_data(at_step4.id, tmp_path / "olah.xlsx")
    services.tabulation.export_raw(at_step4.id, tmp_path / "mentah.xlsx", "xlsx")
    olah = load_workbook(tmp_path / "olah.xlsx").active
    assert _page_setup(olah) == ("landscape", 1, 0, True, f"$1:${DATA_TOP - 1}")
    mentah = load_workbook(tmp_path / "mentah.xlsx").active
    assert _page_setup(mentah) == ("landscape", 1, 0, True, "$1:$1")


def _olah_answers(path: Path, count: int) -> list[list[object]]:
    sheet = load_workbook(path).active
    rows = sheet.iter_rows(min_row=DATA_TOP, max_row=DATA_TOP + count - 1, values_only=True)
    return [list(row[:11]) for row in rows]


def test_olah_data_rows_are_the_counted_forms_with_blank_cells(services, tmp_path):
    """The realistic large period (blanks anywhere in a row, excluded forms): every answer
    row, blank cell and footer row lands where the formulas expect it."""
    from ikm_tui.services.tabulation_export import counted_rows
    from tests import large_period

    built = large_period.build_in_current_db(400)
    period = services.periods.get(built.period_id)
    path = tmp_path / "olah.xlsx"
    assert services.tabulation.export_olah_data(period.id, path) == 398
    expected = [[n + 1, nomor, *answers] for n, (nomor, answers) in enumerate(counted_rows(period))]
    assert any(None in row for row in expected)
    assert _olah_answers(path, 398) == expected
    sheet = load_workbook(path).active
    footer = footer_rows(398)
    assert sheet.cell(footer.jumlah - 1, 1).value is None
    assert sheet.cell(footer.jumlah, 1).value == "Jumlah nilai per unsur"
    assert sheet.cell(footer.jumlah, 3).value == f"=SUM(C{DATA_TOP}:C{DATA_TOP + 397})"
    assert sheet.cell(footer.kinerja, 1).value == "Kinerja unit pelayanan"


def _all_exports(folder: Path, count: int) -> tuple[list[list[object]], str, list[list[object]]]:
    from ikm_tui.clock import fixed_clock
    from ikm_tui.services.registry import Services
    from tests import large_period

    built = large_period.build_in_current_db(count)
    services = Services(fixed_clock(large_period.NOW))
    folder.mkdir()
    services.tabulation.export_olah_data(built.period_id, folder / "olah.xlsx")
    services.tabulation.export_raw(built.period_id, folder / "mentah.csv", "csv")
    services.tabulation.export_raw(built.period_id, folder / "mentah.xlsx", "xlsx")
    olah = [list(r) for r in load_workbook(folder / "olah.xlsx").active.iter_rows(values_only=True)]
    mentah = [
        list(r) for r in load_workbook(folder / "mentah.xlsx").active.iter_rows(values_only=True)
    ]
    return olah, (folder / "mentah.csv").read_text(encoding="utf-8-sig"), mentah


@needs_postgres
def test_exports_are_identical_on_sqlite_and_postgresql(tmp_path, pg_server):
    from ikm_tui.persistence import db
    from tests.persistence.pg_fixture import fresh_database

    db.connect(str(tmp_path / "a.db"))
    try:
        on_sqlite = _all_exports(tmp_path / "sqlite", 300)
    finally:
        db.close()
    with fresh_database(pg_server) as url:
        db.connect(url)
        try:
            on_postgres = _all_exports(tmp_path / "pg", 300)
        finally:
            db.close()
    assert on_sqlite[1].count("\n") == 301 and on_sqlite[0][DATA_TOP - 1][1] is not None
    assert on_sqlite == on_postgres


def test_raw_xlsx_keeps_text_as_typed(services, at_step4, tmp_path):
    """Text cells are written as XML by the exporter: markup characters and a blank before a
    number read back as stored; control characters XML cannot hold are left out."""
    _store(at_step4.id, [[4, None, 3, 4, 4, 4, 4, 4, 1]], saran=" <b>Antre & panas</b> ", usia=None)
    _store(at_step4.id, [[1] * 9], saran="baris\x07satu")
    path = tmp_path / "mentah.xlsx"
    assert services.tabulation.export_raw(at_step4.id, path, "xlsx") == 2
    rows = list(load_workbook(path).active.iter_rows(values_only=True))
    assert rows[1][5] is None and rows[1][8:17] == (4, None, 3, 4, 4, 4, 4, 4, 1)
    assert rows[1][17] == " <b>Antre & panas</b> " and rows[2][17] == "barissatu"
    assert rows[1][18:20] == ("kertas", "tidak")


def test_data_mentah_columns_fit_a_sample_of_their_content_and_the_header_is_frozen(
    services, at_step4, tmp_path, monkeypatch
):
    from openpyxl.utils import get_column_letter

    from ikm_tui.export import xlsx

    _store(at_step4.id, [[4] * 9] * 2, saran="Cepat")
    _store(at_step4.id, [[1] * 9], saran="Antrean panjang sekali di loket KTP " * 3)
    path = tmp_path / "mentah.xlsx"
    services.tabulation.export_raw(at_step4.id, path, "xlsx")
    sheet = load_workbook(path).active
    header = [cell.value for cell in sheet[1]]
    widths = {
        name: sheet.column_dimensions[get_column_letter(i)].width
        for i, name in enumerate(header, 1)
    }
    assert sheet.freeze_panes == "A2"
    assert widths["Nomor"] == 7 and widths["Tanggal survei"] == 16  # its header, + 2
    assert widths["U1"] == xlsx.MIN_WIDTH and widths["Alasan pengecualian"] == 21
    assert widths["Saran"] == xlsx.MAX_WIDTH  # the long saran: bounded
    # measured on the first WIDTH_SAMPLE rows only: a long saran after them does not count
    monkeypatch.setattr(xlsx, "WIDTH_SAMPLE", 2)
    services.tabulation.export_raw(at_step4.id, path, "xlsx")
    sheet = load_workbook(path).active
    assert sheet.column_dimensions[get_column_letter(header.index("Saran") + 1)].width == 7
    assert sheet.max_row == 4  # every row still written
